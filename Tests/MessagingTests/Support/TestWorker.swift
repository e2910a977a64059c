import AMQP
import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres
import Synchronization
import Testing

/// The environment and the per-test worker: a unique worker name (so its queues collide with
/// nobody's), a configuration pointing at the suite's database, and the queue clean-up.
struct TestWorker {
    let worker: String
    let queues: Topology.WorkerQueues
    let configuration: MDMEConfiguration
    let database: MessagingDatabase

    static let logger = Logger(label: "messaging-tests", level: .warning)

    static func amqpURL() throws -> String {
        try #require(ProcessInfo.processInfo.environment["MDME_TEST_AMQP"], "MDME_TEST_AMQP must hold the broker URL, e.g. amqp://mdme:mdme@127.0.0.1:56739/")
    }

    static func uniqueSuffix() -> String {
        String(UUID().uuidString.prefix(8).lowercased())
    }

    init(prefetch: Int = 4) throws {
        database = try MessagingDatabase.require()
        worker = "t\(Self.uniqueSuffix())"
        queues = Topology.WorkerQueues(worker: worker)
        var configuration = MDMEConfiguration()
        configuration.postgres.url = database.connectionString
        configuration.amqp.url = try Self.amqpURL()
        configuration.worker.concurrency = 1
        configuration.worker.prefetch = prefetch
        configuration.messaging.retryDelaysMs = [100, 200]
        configuration.messaging.maxAttempts = 3
        configuration.messaging.outboxPollMs = 50
        try configuration.validate()
        self.configuration = configuration
    }

    /// Every queue `Topology.declare` creates for this worker.
    var allQueues: [String] {
        [queues.queue, queues.deadLetterQueue] + Set(configuration.messaging.retryDelaysMs).map { queues.retryQueue(delayMs: $0) }
    }

    func connectBroker(_ purpose: String) throws -> AMQPConnection {
        try AMQPConnection(configuration: configuration.amqpConfiguration(connectionName: "messaging-tests.\(purpose)"))
    }

    /// Declares the worker's queues up front, so publishes are routable before a loop starts.
    func declareTopology() throws {
        let connection = try connectBroker("declare")
        defer { connection.close() }
        try Topology.declare(queues, settings: configuration.messaging, on: connection)
    }

    /// Ready messages in the worker's queue (a redeclare with the same arguments answers the count).
    func readyMessages() throws -> UInt32 {
        let connection = try connectBroker("count")
        defer { connection.close() }
        return try connection.declareQueue(queues.queue, arguments: Topology.queueArguments(queues, settings: configuration.messaging)).messageCount
    }

    /// The key the consumers seal inbox replies with (one per test worker).
    let inboxSealer = try! FieldCipher(key: FieldCipher.generateKey())

    func startConsumer(_ handler: TestHandler, index: Int = 1, logger: Logger = TestWorker.logger) -> ServiceThread {
        ServiceThread(ConsumerLoop(name: "\(worker)-consumer-\(index)", queues: queues, configuration: configuration,
                                   handler: handler, inboxSealer: inboxSealer, logger: logger))
    }

    /// Consumers on the worker's queue.
    func consumers() throws -> UInt32 {
        let connection = try connectBroker("count")
        defer { connection.close() }
        return try connection.declareQueue(queues.queue, arguments: Topology.queueArguments(queues, settings: configuration.messaging)).consumerCount
    }

    /// Deletes the worker's queues on a fresh connection (stop its loops first, or they redeclare).
    func deleteQueues() {
        guard let connection = try? connectBroker("cleanup") else { return }
        for queue in allQueues {
            try? connection.deleteQueue(queue)
        }
        connection.close()
    }
}

/// A logger that keeps its lines, for tests that check what a service reported.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "messaging-tests", level: .info) { [self] line in lines.withLock { $0.append(line) } }
    }

    /// The `msg` of every captured line.
    var messages: [String] {
        lines.withLock { $0 }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["msg"] as? String
        }
    }
}

/// Runs a `Service` on a thread of its own, as `ServiceGroup` does.
final class ServiceThread: Sendable {
    let service: any Service
    private let finished = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)

    init(_ service: any Service) {
        self.service = service
        let thread = Thread { [self] in
            do {
                try service.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            finished.store(true, ordering: .releasing)
        }
        thread.start()
    }

    var hasFinished: Bool { finished.load(ordering: .acquiring) }

    /// `stop()`, then waits for `run()` to return; records an issue when it does not in time.
    @discardableResult
    func stop(within limit: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        service.stop()
        let returned = waitUntil(within: limit) { hasFinished }
        if !returned {
            Issue.record("\(service.name): run() did not return within \(limit) of stop()", sourceLocation: sourceLocation)
        }
        if let failure = failure.withLock({ $0 }) {
            Issue.record("\(service.name): run() threw \(failure)", sourceLocation: sourceLocation)
        }
        return returned
    }
}

/// Polls `condition` every 20 ms until it holds or `limit` passes.
func waitUntil(within limit: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if try condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: 0.02)
    }
}

/// A handler whose behaviour each test chooses; counts its calls and records what it saw.
final class TestHandler: MessageHandler, Sendable {
    typealias Behavior = @Sendable (_ envelope: Envelope, _ call: Int, _ transaction: PostgresConnection) throws -> HandlerResult

    private let calls = Atomic<Int>(0)
    private let behavior: Behavior
    private let claimingFirst: Bool

    init(claimsFirst: Bool = true, _ behavior: @escaping Behavior) {
        self.behavior = behavior
        claimingFirst = claimsFirst
    }

    /// The usual handler: one effect row, an `ok` reply and one event of `eventType`.
    convenience init(eventType: String, note: String = "effect", claimsFirst: Bool = true) {
        self.init(claimsFirst: claimsFirst) { envelope, _, transaction in
            try TestHandler.recordEffect(of: envelope, note: note, in: transaction)
            return try TestHandler.okResult(for: envelope, eventType: eventType)
        }
    }

    var callCount: Int { calls.load(ordering: .acquiring) }

    func claimsFirst(_ envelope: Envelope) -> Bool { claimingFirst }

    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        let call = calls.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        return try behavior(envelope, call, transaction)
    }

    static func recordEffect(of envelope: Envelope, note: String, in transaction: PostgresConnection) throws {
        try transaction.query("insert into effects (message_id, note) values ($1, $2)", [envelope.id, note])
    }

    static func okResult(for envelope: Envelope, eventType: String) throws -> HandlerResult {
        HandlerResult(reply: try .ok(["ok": true]), events: [OutboxEvent(type: eventType, payload: .object(["cause": .string(envelope.id.uuidString.lowercased())]))])
    }

    /// A failure that is not an `APIError`: the runtime treats it as transient.
    struct Transient: Error, CustomStringConvertible {
        var description: String { "transient test failure" }
    }
}

/// The test's side of the broker: publishes commands with confirms and collects direct replies.
final class TestClient {
    let connection: AMQPConnection

    init(_ worker: TestWorker, purpose: String = "client") throws {
        connection = try worker.connectBroker(purpose)
        try connection.consume(queue: Topology.replyTo, noAck: true)
    }

    deinit {
        connection.close()
    }

    /// Publishes like the gateway does: to `mdme.commands`, mandatory, confirmed.
    func publish(_ envelope: Envelope, routingKey: String, body: [UInt8]? = nil, replyTo: Bool = true) throws {
        var properties = AMQPProperties()
        properties.messageID = envelope.id.uuidString.lowercased()
        properties.correlationID = envelope.correlationID.uuidString.lowercased()
        properties.type = envelope.type
        properties.contentType = "application/json"
        properties.persistent = true
        properties.replyTo = replyTo ? Topology.replyTo : nil
        try connection.publishConfirmed(exchange: Topology.commands, routingKey: routingKey, body: body ?? envelope.encoded(),
                                        properties: properties, mandatory: true)
    }

    struct NoDelivery: Error {}

    /// The next delivery on this connection (replies, or a queue the test consumes).
    func nextDelivery(within limit: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) throws -> AMQPMessage {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if case .delivery(let message) = try connection.nextEvent(timeout: .milliseconds(200)) {
                return message
            }
        }
        Issue.record("no delivery within \(limit)", sourceLocation: sourceLocation)
        throw NoDelivery()
    }

    /// True when nothing is delivered within `limit`.
    func staysQuiet(for limit: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if case .delivery = try connection.nextEvent(timeout: .milliseconds(100)) { return false }
        }
        return true
    }

    /// The next reply, decoded.
    func nextReply(within limit: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) throws -> (message: AMQPMessage, reply: Reply) {
        let message = try nextDelivery(within: limit, sourceLocation: sourceLocation)
        return (message, try Reply(wireType: message.properties.type ?? "", body: message.body))
    }
}

extension Envelope {
    /// A command for `worker` with a small payload.
    static func command(_ type: String = "test.command", payload: JSONValue = .object(["n": .number(1)]), idempotencyKey: String? = nil, actorID: UUID? = nil) -> Envelope {
        Envelope(type: type, correlationID: UUID(), idempotencyKey: idempotencyKey, actorID: actorID, payload: payload)
    }

    var lowercasedID: String { id.uuidString.lowercased() }
}
