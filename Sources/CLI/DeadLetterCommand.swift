import AMQP
import Foundation
import MDMERuntime
import Messaging

/// `mdme dlq list|show|replay|purge`: the dead-letter queues, for the operator who was alerted.
/// Replay is safe to repeat: workers recognise a message they already carried out by its id.
enum DeadLetterCommand {
    /// How many dead letters a replay or purge of all holds unacknowledged at once.
    static let window: UInt16 = 500

    static func run(_ arguments: [String], configuration: MDMEConfiguration) throws {
        let action = arguments.first ?? ""
        let options = try CommandArguments(Array(arguments.dropFirst()))
        let connection = try configuration.connectToBroker(connectionName: "mdme dlq")
        defer { connection.close() }
        let queues = try selectedWorkers(options).map { DeadLetterQueue($0, connection: connection) }
        switch action {
        case "list":
            guard let limit = Int(options.optional("limit") ?? "100"), limit > 0 else {
                throw CLIError("--limit must be a positive number")
            }
            var counts: [String: Int] = [:]
            var letters: [[String: Any]] = []
            for queue in queues {
                let waiting = try queue.open(window: UInt16(clamping: limit))
                counts[queue.queues.worker] = waiting
                for _ in 0..<min(waiting, limit) {
                    guard let message = try queue.next() else { break }
                    letters.append(DeadLetter(message).summary(worker: queue.queues.worker))
                }
            }
            try printJSON(["counts": counts, "dead_letters": letters])
        case "show":
            let id = try options.required("id").lowercased()
            for queue in queues {
                if let message = try find(id, in: queue) {
                    var summary = DeadLetter(message).summary(worker: queue.queues.worker)
                    summary["headers"] = message.properties.headers.keys.sorted()
                    return try printJSON(summary)
                }
            }
            throw CLIError("no dead letter with id \(id)")
        case "replay", "purge":
            let id = options.optional("id")?.lowercased()
            guard (id == nil) != (options.optional("all") == nil) else { throw CLIError("give either --id ID or --all") }
            var done: [String] = []
            for queue in queues {
                try forEachDeadLetter(in: queue, matching: id) { message in
                    if action == "replay" { try queue.replay(message) } else { try queue.purge(message) }
                    done.append(DeadLetter(message).messageID)
                }
            }
            if let id, done.isEmpty { throw CLIError("no dead letter with id \(id)") }
            try printJSON([action == "replay" ? "replayed" : "purged": done])
        default:
            throw CLIError("dlq needs list, show, replay or purge")
        }
    }

    private static func selectedWorkers(_ options: CommandArguments) throws -> [Topology.WorkerQueues] {
        guard let name = options.optional("worker") else { return TopologyCommand.workers }
        guard let worker = TopologyCommand.workers.first(where: { $0.worker == name }) else {
            throw CLIError("unknown worker \(name); one of \(TopologyCommand.workers.map(\.worker).joined(separator: ", "))")
        }
        return [worker]
    }

    private static func find(_ id: String, in queue: DeadLetterQueue) throws -> AMQPMessage? {
        var found: AMQPMessage?
        try forEachDeadLetter(in: queue, matching: id) { found = $0 }
        return found
    }

    /// Visits the dead letters present when it starts (the one with `id`, or all). Letters not
    /// acknowledged by `body` go back to the queue when the connection closes.
    private static func forEachDeadLetter(in queue: DeadLetterQueue, matching id: String?, _ body: (AMQPMessage) throws -> Void) throws {
        // A search must see past letters it leaves unacknowledged, so it takes them all.
        let waiting = try queue.open(window: id == nil ? window : 0)
        for _ in 0..<waiting {
            guard let message = try queue.next() else { return }
            guard id == nil || DeadLetter(message).messageID == id else { continue }
            try body(message)
            if id != nil { return }
        }
    }

    private static func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }
}
