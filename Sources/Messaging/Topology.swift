import AMQP
import MDMERuntime

/// The exchanges and queues of DESIGN.md, declared idempotently by every process at start-up.
/// `config/rabbitmq/definitions.json` is generated from this (`mdme topology definitions`).
public enum Topology {
    public static let commands = "mdme.commands"
    public static let events = "mdme.events"
    public static let dead = "mdme.dead"
    /// RabbitMQ's direct reply-to pseudo-queue, for replies to queries and commands.
    public static let replyTo = "amq.rabbitmq.reply-to"

    /// The queues of one worker kind: its durable quorum queue, its dead-letter queue and one
    /// delay queue per retry delay.
    public struct WorkerQueues: Sendable {
        public var worker: String
        /// Routing keys on `mdme.commands` (`storage.#`).
        public var commandBindings: [String]
        /// Routing keys on `mdme.events` (`questionnaire.submitted`).
        public var eventBindings: [String]

        public init(worker: String, commandBindings: [String]? = nil, eventBindings: [String] = []) {
            self.worker = worker
            self.commandBindings = commandBindings ?? ["\(worker).#"]
            self.eventBindings = eventBindings
        }

        public var queue: String { "mdme.\(worker)" }
        public var deadLetterQueue: String { "mdme.dead.\(worker)" }
        public func retryQueue(delayMs: Int) -> String { "mdme.retry.\(worker).\(delayMs)ms" }
    }

    public static func declareExchanges(on connection: AMQPConnection) throws {
        try connection.declareExchange(commands, type: "topic")
        try connection.declareExchange(events, type: "topic")
        try connection.declareExchange(dead, type: "topic")
    }

    /// The arguments of a worker's main queue: quorum, a delivery limit against messages that
    /// crash the worker itself, and at-least-once dead-lettering into `mdme.dead`.
    public static func queueArguments(_ queues: WorkerQueues, settings: MDMEConfiguration.Messaging) -> [String: AMQPFieldValue] {
        [
            "x-queue-type": .string("quorum"),
            "x-delivery-limit": .int(Int64(settings.deliveryLimit)),
            "x-dead-letter-exchange": .string(dead),
            "x-dead-letter-routing-key": .string(queues.worker),
            "x-dead-letter-strategy": .string("at-least-once"),
            "x-overflow": .string("reject-publish"),
        ]
    }

    /// A delay queue holds a message for `delayMs` and then dead-letters it, through the default
    /// exchange, straight back onto the worker's queue.
    public static func retryQueueArguments(_ queues: WorkerQueues, delayMs: Int) -> [String: AMQPFieldValue] {
        [
            "x-queue-type": .string("quorum"),
            "x-message-ttl": .int(Int64(delayMs)),
            "x-dead-letter-exchange": .string(""),
            "x-dead-letter-routing-key": .string(queues.queue),
            "x-dead-letter-strategy": .string("at-least-once"),
            "x-overflow": .string("reject-publish"),
        ]
    }

    public static func declare(_ queues: WorkerQueues, settings: MDMEConfiguration.Messaging, on connection: AMQPConnection) throws {
        try declareExchanges(on: connection)
        try connection.declareQueue(queues.queue, arguments: queueArguments(queues, settings: settings))
        for key in queues.commandBindings {
            try connection.bindQueue(queues.queue, exchange: commands, routingKey: key)
        }
        for key in queues.eventBindings {
            try connection.bindQueue(queues.queue, exchange: events, routingKey: key)
        }
        try connection.declareQueue(queues.deadLetterQueue, arguments: ["x-queue-type": .string("quorum")])
        try connection.bindQueue(queues.deadLetterQueue, exchange: dead, routingKey: queues.worker)
        for delay in Set(settings.retryDelaysMs) {
            try connection.declareQueue(queues.retryQueue(delayMs: delay), arguments: retryQueueArguments(queues, delayMs: delay))
        }
    }
}
