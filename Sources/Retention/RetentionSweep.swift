import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// One retention sweep (DOMAIN.md, "Retention"), shared by `mdme-retention` and
/// `mdme retention sweep --as-of`.
///
/// It runs on the owner's connection (`postgres.owner_url`): the sweep spans every tenant,
/// and the application role sees one tenant at a time. Each client's step still runs in its
/// own transaction scoped to the client's tenant (`app.tenant_id`), which the audit chain needs.
///
/// - Set-based: one range read of the index on the start of inactivity finds the clients that
///   may have something due (`RetentionPolicy.latestLastActivityWithSomethingDue`); nobody else
///   is read. `RetentionPolicy.nextAction` decides exactly.
/// - Replicas: a session advisory lock lets one sweep run at a time; a crashed sweeper's lock
///   goes with its connection.
/// - Exactly once, whatever the lock: each step re-reads the client under a row lock (a
///   registration in flight waits, or has already moved the period on), and a warning is sent
///   only by the transaction whose insert into `retention_warnings` (key: client, period, kind)
///   wins. Deletion is exactly once because the client row can be deleted once.
public final class RetentionSweep {
    public struct Summary: Sendable, Equatable {
        public var warnedFirst = 0
        public var warnedSecond = 0
        public var deleted = 0
        /// False when another sweep held the lock and this one did nothing.
        public var ran = true

        public var json: String {
            #"{"warned_first":\#(warnedFirst),"warned_second":\#(warnedSecond),"deleted":\#(deleted)}"#
        }
    }

    public struct Status: Sendable {
        public var dueFirst = 0
        public var dueSecond = 0
        public var dueDeletion = 0
        public var nextDueAt: Date?

        public var json: String {
            let next = nextDueAt.map { "\"\(RFC3339.format($0))\"" } ?? "null"
            return #"{"due":{"first_warning":\#(dueFirst),"second_warning":\#(dueSecond),"deletion":\#(dueDeletion)},"next_due_at":\#(next)}"#
        }
    }

    /// The advisory lock's key: any constant that no other part of MDME uses.
    static let lockKey: Int64 = 0x4D444D45_52455431 // "MDMERET1"

    private let database: PostgresConnection
    private let keyring: MasterKeyring
    private let policy: RetentionPolicy
    private let logger: Logger

    public init(database: PostgresConnection, keyring: MasterKeyring, policy: RetentionPolicy, logger: Logger) {
        self.database = database
        self.keyring = keyring
        self.policy = policy
        self.logger = logger
    }

    public convenience init(configuration: MDMEConfiguration, logger: Logger, applicationName: String) throws {
        let keyring = try configuration.masterKeyring()
        let database = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: applicationName))
        try database.connect()
        let retention = configuration.retention
        self.init(database: database, keyring: keyring,
                  policy: RetentionPolicy(periodMonths: retention.periodMonths, firstWarningMonths: retention.firstWarningMonths,
                                          secondWarningDaysBefore: retention.secondWarningDaysBefore),
                  logger: logger)
    }

    public func close() {
        database.close()
    }

    /// Sweeps as if it were `now`. With `waitForLock` false a sweep that finds the lock taken
    /// returns at once (`ran == false`); with true it waits its turn.
    public func sweep(now: Date, waitForLock: Bool) throws -> Summary {
        if waitForLock {
            try database.query("select pg_advisory_lock($1)", [Self.lockKey])
        } else {
            let locked = try database.query("select pg_try_advisory_lock($1) as locked", [Self.lockKey]).first?.decode("locked", as: Bool.self) ?? false
            guard locked else { return Summary(ran: false) }
        }
        defer { _ = try? database.query("select pg_advisory_unlock($1)", [Self.lockKey]) }

        var summary = Summary()
        for candidate in try candidates(now: now) where candidate.step.isDue {
            do {
                switch try act(on: candidate.clientID, tenantID: candidate.tenantID, now: now) {
                case .firstWarning?: summary.warnedFirst += 1
                case .secondWarning?: summary.warnedSecond += 1
                case .deletion?: summary.deleted += 1
                case nil: break
                }
            } catch {
                // One client's failure (a missing key, say) must not stop the others; the next
                // sweep tries again.
                logger.warning("retention step failed", ["client.id": candidate.clientID.lowercasedText, "error": "\(error)"])
            }
        }
        if summary.warnedFirst + summary.warnedSecond + summary.deleted > 0 {
            logger.notice("retention sweep", ["warned_first": "\(summary.warnedFirst)", "warned_second": "\(summary.warnedSecond)", "deleted": "\(summary.deleted)"])
        }
        return summary
    }

    /// What is due at `now`, and the earliest step after it in the next 35 days.
    public func status(now: Date) throws -> Status {
        var status = Status()
        let horizon = now.addingTimeInterval(35 * 86_400)
        for candidate in try candidates(now: horizon) {
            let step = policy.nextAction(lastActivity: candidate.inactiveSince, timeZone: candidate.timeZone, sent: candidate.sent, now: now)
            if step.isDue {
                switch step.action {
                case .firstWarning: status.dueFirst += 1
                case .secondWarning: status.dueSecond += 1
                case .deletion: status.dueDeletion += 1
                }
            } else if step.at <= horizon {
                status.nextDueAt = min(status.nextDueAt ?? step.at, step.at)
            }
        }
        return status
    }

    struct Candidate {
        let clientID: UUID
        let tenantID: UUID
        let inactiveSince: Date
        let timeZone: TimeZone
        let sent: Set<RetentionAction>
        let step: RetentionStep
    }

    /// The clients inactive since before the index bound, with the warnings of their current
    /// period; one range scan of `clients_inactive_since`. Clients already warned are read
    /// only when their next step can be near (probes of `retention_warnings`' key).
    func candidates(now: Date) throws -> [Candidate] {
        let rows = try database.query(
            """
            select c.id, c.tenant_id, coalesce(c.last_activity_at, c.created_at) as inactive_since, t.time_zone,
                   coalesce((select string_agg(w.kind, ',') from retention_warnings w
                             where w.client_id = c.id and w.inactive_since = coalesce(c.last_activity_at, c.created_at)), '') as sent
            from clients c join tenants t on t.id = c.tenant_id
            where coalesce(c.last_activity_at, c.created_at) <= $1
              and (coalesce(c.last_activity_at, c.created_at) <= $3
                   or not exists (select 1 from retention_warnings w
                                  where w.client_id = c.id and w.inactive_since = coalesce(c.last_activity_at, c.created_at))
                   or (coalesce(c.last_activity_at, c.created_at) <= $2
                       and not exists (select 1 from retention_warnings w
                                       where w.client_id = c.id and w.inactive_since = coalesce(c.last_activity_at, c.created_at)
                                         and w.kind = 'second_warning')))
            order by coalesce(c.last_activity_at, c.created_at)
            """,
            [policy.latestLastActivityWithSomethingDue(now: now, for: .firstWarning),
             policy.latestLastActivityWithSomethingDue(now: now, for: .secondWarning),
             policy.latestLastActivityWithSomethingDue(now: now, for: .deletion)]
        )
        return try rows.map { row in
            let inactiveSince: Date = try row.decode("inactive_since")
            let timeZone = Self.timeZone(try row.decode("time_zone"))
            let sent = Self.sent(try row.decode("sent"))
            return Candidate(
                clientID: try row.decode("id"), tenantID: try row.decode("tenant_id"), inactiveSince: inactiveSince,
                timeZone: timeZone, sent: sent,
                step: policy.nextAction(lastActivity: inactiveSince, timeZone: timeZone, sent: sent, now: now)
            )
        }
    }

    /// Re-checks one client under a row lock and takes its due step, in one transaction.
    func act(on clientID: UUID, tenantID: UUID, now: Date) throws -> RetentionAction? {
        try database.transaction { transaction in
            try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantID.lowercasedText])
            guard let row = try transaction.query(
                """
                select c.responsible_therapist_id, coalesce(c.last_activity_at, c.created_at) as inactive_since, t.time_zone, t.mail_mode,
                       coalesce((select string_agg(w.kind, ',') from retention_warnings w
                                 where w.client_id = c.id and w.inactive_since = coalesce(c.last_activity_at, c.created_at)), '') as sent
                from clients c join tenants t on t.id = c.tenant_id
                where c.id = $1 and c.tenant_id = $2
                for update of c
                """,
                [clientID, tenantID]
            ).first else { return nil }
            let timeZone = Self.timeZone(try row.decode("time_zone"))
            let step = policy.nextAction(lastActivity: try row.decode("inactive_since"), timeZone: timeZone,
                                         sent: Self.sent(try row.decode("sent")), now: now)
            guard step.isDue else { return nil }
            let therapistID: UUID = try row.decode("responsible_therapist_id")
            let notice = Notice(transaction: transaction, keyring: keyring, mailMode: try row.decode("mail_mode"),
                                tenantID: tenantID, therapistID: therapistID, clientID: clientID)
            switch step.action {
            case .firstWarning, .secondWarning:
                let recorded = try transaction.query(
                    """
                    insert into retention_warnings (client_id, tenant_id, inactive_since, kind, due_at)
                    select id, tenant_id, coalesce(last_activity_at, created_at), $2, $3 from clients where id = $1
                    on conflict do nothing
                    returning client_id
                    """,
                    [clientID, step.action.rawValue, step.at]
                )
                guard recorded.count == 1 else { return nil }
                let deletionAt = policy.schedule(lastActivity: try row.decode("inactive_since"), timeZone: timeZone).deletionAt
                try notice.warning(step.action, deletionOn: CalendarDate(deletionAt, in: timeZone), deletionAt: deletionAt)
            case .deletion:
                try ClientDeletion(database: transaction).delete(clientID: clientID, tenantID: tenantID, reason: "retention")
                try transaction.query(
                    AuditAppend.statement,
                    [nil as UUID?, "system", "client.delete.retention", clientID, UUID.random(), "allowed"]
                )
                // After the deletion, which removes the notices about the client.
                try notice.deleted()
            }
            logger.info("retention step", ["client.id": clientID.lowercasedText, "action": step.action.rawValue])
            return step.action
        }
    }

    static func timeZone(_ identifier: String) -> TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    static func sent(_ kinds: String) -> Set<RetentionAction> {
        Set(kinds.split(separator: ",").compactMap { RetentionAction(rawValue: String($0)) })
    }
}

/// Tells the responsible therapist: an in-app notice in mail mode `none`, otherwise an event
/// for the mailer. Either names the client by id and short reference only.
struct Notice {
    let transaction: PostgresConnection
    let keyring: MasterKeyring
    let mailMode: String
    let tenantID: UUID
    let therapistID: UUID
    let clientID: UUID

    func warning(_ action: RetentionAction, deletionOn: CalendarDate, deletionAt: Date) throws {
        let kind: NotificationKind = action == .firstWarning ? .retentionFirstWarning : .retentionSecondWarning
        try send(kind, eventType: "retention.warning_due", extra: [
            "warning": .string(action.rawValue),
            "deletion_at": .string(RFC3339.format(deletionAt)),
            "deletion_on": .string(deletionOn.description),
        ], text: NotificationText.text(kind, client: clientID, deletionOn: deletionOn))
    }

    func deleted() throws {
        try send(.retentionClientDeleted, eventType: "retention.client_deleted", extra: [:],
                 text: NotificationText.text(.retentionClientDeleted, client: clientID))
    }

    private func send(_ kind: NotificationKind, eventType: String, extra: [String: JSONValue], text: String) throws {
        if mailMode == "none" {
            try NotificationWriter(database: transaction, keys: KeyStore(database: transaction, keyring: keyring))
                .create(for: therapistID, tenantID: tenantID, kind: kind, client: clientID, text: text)
        } else {
            var payload: [String: JSONValue] = [
                "tenant_id": .string(tenantID.lowercasedText),
                "therapist_id": .string(therapistID.lowercasedText),
                "client_id": .string(clientID.lowercasedText),
                "client_reference": .string(NotificationText.shortReference(clientID)),
            ]
            payload.merge(extra) { current, _ in current }
            try Outbox.insert([OutboxEvent(type: eventType, payload: .object(payload))], in: transaction)
        }
    }
}
