import AMQP
import Foundation
import MDMECore
import MDMERuntime
import Postgres
import Synchronization

/// Relays committed outbox rows to RabbitMQ with publisher confirms and deletes them once
/// acked. A crash between the ack and the delete re-sends a row: consumers dedupe by message id.
/// Several relays (one per worker process) share the table through `FOR UPDATE SKIP LOCKED`.
///
/// It also prunes old inbox rows now and then, since it is the process's one periodic task.
// @unchecked: connections are confined to the `run()` thread; the stop flag is atomic.
public final class OutboxRelay: Service, @unchecked Sendable {
    public let name = "outbox-relay"
    private let configuration: MDMEConfiguration
    private let logger: Logger
    private let metrics: WorkerMetrics?
    private let stopRequested = Atomic<Bool>(false)
    private var amqp: AMQPConnection?
    private var postgres: PostgresConnection?
    private var lastPrune = ContinuousClock.now - .seconds(3600)

    public init(configuration: MDMEConfiguration, logger: Logger, metrics: WorkerMetrics? = nil) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger.with(["service": "outbox-relay"])
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    public func run() throws {
        var backoff = Backoff()
        while !stopping {
            do {
                let relayed = try relayBatch()
                pruneInboxIfDue()
                backoff.reset()
                if relayed == 0 { try idle() }
            } catch {
                logger.warning("outbox relay error; reconnecting", ["error": "\(error)"])
                metrics?.reconnected()
                amqp?.close()
                amqp = nil
                if !(postgres?.isConnected ?? false) { postgres = nil }
                backoff.sleep(while: { !self.stopping })
            }
        }
        amqp?.close()
        postgres?.close()
    }

    /// Publishes up to 100 rows and waits for every confirm before deleting them.
    func relayBatch() throws -> Int {
        let database = try connectedPostgres()
        let broker = try connectedAMQP()
        return try database.transaction { transaction in
            let rows = try transaction.query(
                """
                select id, message_id, exchange, routing_key, message_type, body
                from outbox order by id limit 100 for update skip locked
                """
            )
            guard rows.count > 0 else { return 0 }
            var pending = Set<UInt64>()
            var ids: [Int64] = []
            for row in rows {
                var properties = AMQPProperties()
                properties.messageID = try row.decode("message_id", as: UUID.self).lowercasedText
                properties.type = try row.decode("message_type", as: String.self)
                properties.contentType = "application/json"
                properties.persistent = true
                let tag = try broker.publish(
                    exchange: try row.decode("exchange", as: String.self),
                    routingKey: try row.decode("routing_key", as: String.self),
                    body: Array(try row.decode("body", as: String.self).utf8),
                    properties: properties
                )
                pending.insert(tag)
                ids.append(try row.decode("id", as: Int64.self))
            }
            try waitForConfirms(&pending, on: broker)
            try transaction.query("delete from outbox where id = any($1::bigint[])", ["{" + ids.map(String.init).joined(separator: ",") + "}"])
            logger.debug("relayed outbox rows", ["count": "\(ids.count)"])
            metrics?.relayed(ids.count)
            return ids.count
        }
    }

    private func waitForConfirms(_ pending: inout Set<UInt64>, on broker: AMQPConnection) throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !pending.isEmpty {
            guard ContinuousClock.now < deadline else {
                throw MessagingError(.publishFailed, "no publisher confirm within 30 s")
            }
            switch try broker.nextEvent(timeout: .seconds(1)) {
            case .publishAcked(let tag, let multiple):
                if multiple { pending = pending.filter { $0 > tag } } else { pending.remove(tag) }
            case .publishNacked(let tag, _):
                throw MessagingError(.publishFailed, "broker nacked outbox message (tag \(tag))")
            default:
                continue
            }
        }
    }

    private func pruneInboxIfDue() {
        guard ContinuousClock.now - lastPrune > .seconds(600), let postgres else { return }
        lastPrune = .now
        if let removed = try? Inbox.prune(olderThanHours: configuration.messaging.inboxRetentionHours, in: postgres), removed > 0 {
            logger.info("pruned inbox", ["count": "\(removed)"])
        }
    }

    /// Waits one poll interval on the broker connection: librabbitmq sends heartbeats only
    /// while it is called, so an idle relay must still read from it.
    private func idle() throws {
        let interval = Duration.milliseconds(configuration.messaging.outboxPollMs)
        if let amqp {
            _ = try amqp.nextEvent(timeout: interval)
        } else {
            Thread.sleep(forTimeInterval: Double(configuration.messaging.outboxPollMs) / 1000)
        }
    }

    private func connectedPostgres() throws -> PostgresConnection {
        if let postgres, postgres.isConnected { return postgres }
        let connection = PostgresConnection(configuration: configuration.postgresConfiguration(applicationName: "mdme-outbox"))
        try connection.connect()
        postgres = connection
        return connection
    }

    private func connectedAMQP() throws -> AMQPConnection {
        if let amqp { return amqp }
        let connection = try configuration.connectToBroker(connectionName: "mdme-outbox")
        try Topology.declareExchanges(on: connection)
        try connection.enableConfirms()
        amqp = connection
        return connection
    }
}
