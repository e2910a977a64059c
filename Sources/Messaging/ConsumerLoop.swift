import AMQP
import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Postgres
import Synchronization

/// One consumer: a dedicated thread owning one AMQP connection and one PostgreSQL connection
/// (neither library is thread-safe), taking messages from a worker's queue with a small prefetch.
///
/// Per message: claim it in the inbox, run the handler, record the reply and the outbox events,
/// commit — and only then reply and ack. A crash anywhere before the ack means redelivery, and
/// the inbox makes the redelivery harmless.
// @unchecked: the connections are touched only by the thread inside `run()`; the only state
// shared across threads is the atomic stop flag.
public final class ConsumerLoop: Service, @unchecked Sendable {
    public let name: String
    let queues: Topology.WorkerQueues
    let configuration: MDMEConfiguration
    let handler: any MessageHandler
    let inboxSealer: FieldCipher
    let logger: Logger
    let metrics: WorkerMetrics
    private let stopRequested = Atomic<Bool>(false)
    var amqp: AMQPConnection?
    var postgres: PostgresConnection?

    /// `inboxSealer` seals the replies kept for redeliveries.
    public init(name: String, queues: Topology.WorkerQueues, configuration: MDMEConfiguration,
                handler: any MessageHandler, inboxSealer: FieldCipher, logger: Logger, metrics: WorkerMetrics? = nil) {
        self.metrics = metrics ?? WorkerMetrics(worker: queues.worker)
        self.name = name
        self.queues = queues
        self.configuration = configuration
        self.handler = handler
        self.inboxSealer = inboxSealer
        self.logger = logger.with(["consumer": name])
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    public func run() throws {
        var backoff = Backoff()
        while !stopping {
            do {
                try ensurePostgres()
                try ensureAMQP()
                backoff.reset()
                switch try amqp!.nextEvent(timeout: .milliseconds(500)) {
                case .delivery(let message):
                    let (batch, cancelled) = try takeBatch(startingWith: message)
                    try process(batch)
                    if cancelled { throw MessagingError(.stopped, "the broker cancelled the consumer") }
                case .consumerCancelled:
                    // The queue was deleted under us; rebuilding the connection redeclares it.
                    throw MessagingError(.stopped, "the broker cancelled the consumer")
                default:
                    continue
                }
            } catch {
                logger.warning("consumer loop error; reconnecting", ["error": "\(error)"])
                metrics.reconnected()
                dropConnections(postgresToo: !(postgres?.isConnected ?? false))
                backoff.sleep(while: { !self.stopping })
            }
        }
        // Graceful: the message being handled was finished and acked above; closing the
        // connection hands any prefetched, unacked messages back to the queue.
        amqp?.close()
        postgres?.close()
        logger.info("consumer stopped")
    }

    private func ensurePostgres() throws {
        if let postgres, postgres.isConnected { return }
        let connection = postgres ?? PostgresConnection(configuration: configuration.postgresConfiguration(applicationName: "mdme-\(queues.worker)"))
        try connection.connect()
        postgres = connection
    }

    private func ensureAMQP() throws {
        if amqp != nil { return }
        let connection = try configuration.connectToBroker(connectionName: "mdme-\(queues.worker)")
        try Topology.declare(queues, settings: configuration.messaging, on: connection)
        try connection.setPrefetch(UInt16(clamping: configuration.worker.prefetch))
        try connection.enableConfirms()
        try connection.consume(queue: queues.queue)
        amqp = connection
        logger.info("consuming", ["queue": queues.queue])
    }

    private func dropConnections(postgresToo: Bool) {
        amqp?.close()
        amqp = nil
        if postgresToo {
            postgres?.close()
            postgres = nil
        }
    }

    /// Handles the deliveries of a batch — one alone, several in one transaction — and
    /// records how each ended.
    private func process(_ batch: [AMQPMessage]) throws {
        let began = ContinuousClock.now
        metrics.started(batch.count)
        var outcomes = Array(repeating: WorkerMetrics.Outcome.returned, count: batch.count)
        defer {
            let elapsed = began.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            outcomes.forEach { metrics.finished($0, seconds: seconds) }
        }
        if batch.count == 1 {
            outcomes[0] = try handle(batch[0])
        } else {
            try handleBatch(batch, outcomes: &outcomes)
        }
    }

    /// Handles one delivery to its acknowledgement and says how it ended.
    func handle(_ message: AMQPMessage) throws -> WorkerMetrics.Outcome {
        guard let amqp, let postgres else { return .returned }
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(message.body)
        } catch {
            logger.error("undecodable message dead-lettered", ["message.id": message.properties.messageID ?? "-"])
            try deadLetter(message, envelope: nil, reason: "undecodable")
            try amqp.ack(deliveryTag: message.deliveryTag)
            return .deadLettered
        }
        let messageLogger = logger.with(["message.id": envelope.id.lowercasedText, "message.type": envelope.type])
        let handled: (reply: Reply, duplicate: Bool)
        do {
            handled = try handleOnce(envelope, on: postgres, logger: messageLogger)
        } catch let error as PostgresError where error.code == .connectionLost || error.code == .connectionFailed {
            // Not the message's fault: hand it back and reconnect before taking more.
            messageLogger.warning("database unavailable; message returned to the queue", ["error": "\(error)"])
            try? amqp.reject(deliveryTag: message.deliveryTag, requeue: true)
            throw error
        } catch {
            let outcome = try retryOrDeadLetter(message, envelope: envelope, error: error, logger: messageLogger)
            try amqp.ack(deliveryTag: message.deliveryTag)
            return outcome
        }
        try sendReply(handled.reply, to: message, of: envelope)
        try amqp.ack(deliveryTag: message.deliveryTag)
        if handled.duplicate { return .duplicate }
        return handled.reply.outcome == .error ? .refused : .processed
    }

    /// Runs the handler exactly once per message id: inbox row, handler, reply and outbox in one
    /// transaction (`handleClaimed`); a message a recording handler met twice is settled in a
    /// second one, claim first; a refused command is recorded with its error in a second one.
    func handleOnce(_ envelope: Envelope, on postgres: PostgresConnection, claimFirst: Bool = false,
                    logger: Logger) throws -> (reply: Reply, duplicate: Bool) {
        do {
            return try postgres.transaction { try handleClaimed(envelope, in: $0, claimFirst: claimFirst, logger: logger) }
        } catch is Inbox.AlreadyRecorded {
            return try handleOnce(envelope, on: postgres, claimFirst: true, logger: logger)
        } catch {
            guard let refusal = refusal(in: error) else { throw error }
            return try postgres.transaction { try recordRefusal(refusal, envelope, in: $0, logger: logger) }
        }
    }

    /// Answers on the caller's reply queue (direct reply-to), if it asked for an answer.
    func sendReply(_ reply: Reply, to message: AMQPMessage, of envelope: Envelope) throws {
        guard let amqp, let replyTo = message.properties.replyTo, !replyTo.isEmpty else { return }
        var properties = AMQPProperties()
        properties.correlationID = envelope.correlationID.lowercasedText
        properties.contentType = "application/json"
        properties.type = reply.wireType
        try amqp.publish(exchange: "", routingKey: replyTo, body: try reply.wireBody(), properties: properties)
    }

    private func attempt(of message: AMQPMessage) -> Int {
        if case .int(let value)? = message.properties.headers[Headers.attempt] { return Int(value) }
        return 1
    }

    func retryOrDeadLetter(_ message: AMQPMessage, envelope: Envelope, error: any Error, logger: Logger) throws -> WorkerMetrics.Outcome {
        let attempt = attempt(of: message)
        let settings = configuration.messaging
        guard attempt < settings.maxAttempts else {
            logger.error("attempts exhausted; dead-lettered", ["attempt": "\(attempt)", "error": "\(error)"])
            try deadLetter(message, envelope: envelope, reason: "\(error)")
            return .deadLettered
        }
        let delay = settings.retryDelaysMs[min(attempt - 1, settings.retryDelaysMs.count - 1)]
        logger.warning("handler failed; retrying", ["attempt": "\(attempt)", "delay.ms": "\(delay)", "error": "\(error)"])
        var properties = message.properties
        properties.headers[Headers.attempt] = .int(Int64(attempt + 1))
        // The delay queue hands the message back under the queue's name; keep the command's
        // own routing key so a dead letter can be replayed where it was meant to go.
        if properties.headers[Headers.originalRoutingKey] == nil {
            properties.headers[Headers.originalRoutingKey] = .string(message.routingKey)
        }
        try amqp!.publishConfirmed(exchange: "", routingKey: queues.retryQueue(delayMs: delay), body: message.body, properties: properties, mandatory: true)
        return .retried
    }

    func deadLetter(_ message: AMQPMessage, envelope: Envelope?, reason: String) throws {
        var properties = message.properties
        properties.headers[Headers.deadReason] = .string(String(reason.prefix(500)))
        if properties.headers[Headers.originalRoutingKey] == nil {
            properties.headers[Headers.originalRoutingKey] = .string(message.routingKey)
        }
        try amqp!.publishConfirmed(exchange: Topology.dead, routingKey: queues.worker, body: message.body, properties: properties, mandatory: true)
        if let envelope, let postgres {
            try? postgres.transaction { try Inbox.markFailed(envelope, in: $0, sealer: inboxSealer) }
            do {
                try postgres.transaction { try handler.deadLettered(envelope, in: $0) }
            } catch {
                logger.error("recording the dead letter failed", ["message.id": envelope.id.lowercasedText, "error": "\(error)"])
            }
        }
    }
}

/// Message headers the runtime uses.
public enum Headers {
    public static let attempt = "x-mdme-attempt"
    public static let deadReason = "x-mdme-dead-reason"
    public static let originalRoutingKey = "x-mdme-routing-key"
}

/// Exponential backoff for reconnects: 100 ms doubling to 5 s.
struct Backoff {
    private var delayMs = 100

    mutating func reset() { delayMs = 100 }

    /// Sleeps the current delay in small steps, returning early when `shouldContinue` turns false.
    mutating func sleep(while shouldContinue: () -> Bool) {
        var slept = 0
        while slept < delayMs, shouldContinue() {
            Thread.sleep(forTimeInterval: 0.05)
            slept += 50
        }
        delayMs = min(delayMs * 2, 5000)
    }
}
