import AMQP
import Foundation
import Mail
import MDMERuntime
import Messaging

/// `mdme topology definitions`: the exchanges and queues every process declares, in the
/// format of RabbitMQ's definitions import, so operators can pre-create them.
enum TopologyCommand {
    static let workers = [
        Topology.WorkerQueues(worker: "storage"),
        Topology.WorkerQueues(worker: "scoring", eventBindings: ["questionnaire.submitted"]),
        Topology.WorkerQueues(worker: "mailer", eventBindings: MailKind.eventTypes),
        Topology.WorkerQueues(worker: "reports", eventBindings: ["report.requested", "questionnaire.scored"]),
    ]

    static func printDefinitions(configuration: MDMEConfiguration) throws {
        let settings = configuration.messaging
        var queues: [[String: Any]] = []
        var bindings: [[String: Any]] = []
        func queue(_ name: String, _ arguments: [String: AMQPFieldValue]) {
            queues.append(["name": name, "vhost": "/", "durable": true, "auto_delete": false, "arguments": arguments.mapValues(plain)])
        }
        func bind(_ queueName: String, _ exchange: String, _ key: String) {
            bindings.append(["source": exchange, "vhost": "/", "destination": queueName, "destination_type": "queue", "routing_key": key, "arguments": [String: Any]()])
        }
        for worker in workers {
            queue(worker.queue, Topology.queueArguments(worker, settings: settings))
            worker.commandBindings.forEach { bind(worker.queue, Topology.commands, $0) }
            worker.eventBindings.forEach { bind(worker.queue, Topology.events, $0) }
            queue(worker.deadLetterQueue, ["x-queue-type": .string("quorum")])
            bind(worker.deadLetterQueue, Topology.dead, worker.worker)
            for delay in Set(settings.retryDelaysMs).sorted() {
                queue(worker.retryQueue(delayMs: delay), Topology.retryQueueArguments(worker, delayMs: delay))
            }
        }
        let exchanges = [Topology.commands, Topology.events, Topology.dead].map { name in
            ["name": name, "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": [String: Any]()] as [String: Any]
        }
        let definitions: [String: Any] = ["exchanges": exchanges, "queues": queues, "bindings": bindings]
        let data = try JSONSerialization.data(withJSONObject: definitions, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    private static func plain(_ value: AMQPFieldValue) -> Any {
        switch value {
        case .string(let text): text
        case .int(let number): number
        case .bool(let flag): flag
        case .double(let number): number
        case .array(let values): values.map(plain)
        case .table(let fields): fields.mapValues(plain)
        }
    }
}
