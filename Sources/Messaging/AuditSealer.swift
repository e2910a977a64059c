import Foundation
import MDMERuntime
import Postgres
import Synchronization

/// Chains new audit rows into their tenant's hash chain (`mdme_audit_seal`, migration 0014),
/// every `messaging.audit_seal_ms`. Appends do not wait for the chain, so a tenant's writes
/// run in parallel; this is where the order is fixed. Every worker process runs one: sealers
/// skip a tenant another sealer is on, and any one of them keeps every chain current.
// @unchecked: the connection is confined to the `run()` thread; the stop flag is atomic.
public final class AuditSealer: Service, @unchecked Sendable {
    public let name = "audit-sealer"
    private let configuration: MDMEConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private var postgres: PostgresConnection?

    public init(configuration: MDMEConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger.with(["service": "audit-sealer"])
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    public func run() throws {
        var backoff = Backoff()
        let interval = Double(configuration.messaging.auditSealMs) / 1000
        while !stopping {
            do {
                let sealed = try sealPending()
                backoff.reset()
                // A full batch means more is waiting: go on at once.
                if sealed < Self.batchRows { Self.sleep(interval, while: { !self.stopping }) }
            } catch {
                logger.warning("audit sealer error; reconnecting", ["error": "\(error)"])
                postgres?.close()
                postgres = nil
                backoff.sleep(while: { !self.stopping })
            }
        }
        // What was written up to the stop is chained before the process ends.
        _ = try? sealPending()
        postgres?.close()
    }

    static let batchRows = 5000

    /// Chains what is waiting; returns the number of rows chained.
    @discardableResult
    public func sealPending() throws -> Int {
        let database = try connectedPostgres()
        let row = try database.query("select mdme_audit_seal($1) as sealed", [Self.batchRows]).first
        let sealed = try row?.decode("sealed", as: Int.self) ?? 0
        if sealed > 0 { logger.debug("sealed audit rows", ["count": "\(sealed)"]) }
        return sealed
    }

    private func connectedPostgres() throws -> PostgresConnection {
        if let postgres, postgres.isConnected { return postgres }
        let connection = PostgresConnection(configuration: configuration.postgresConfiguration(applicationName: "mdme-audit-sealer"))
        try connection.connect()
        postgres = connection
        return connection
    }

    /// Sleeps `seconds` in short steps so a stop is noticed quickly.
    private static func sleep(_ seconds: Double, while running: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while running(), Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
