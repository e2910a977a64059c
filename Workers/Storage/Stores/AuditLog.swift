import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The append-only, hash-chained audit log (migration 0004). Rows hold ids, never personal data.
struct AuditLog {
    enum Outcome: String {
        case allowed, denied
    }

    let database: PostgresConnection

    func record(actor: Caller, action: String, client: UUID?, requestID: UUID, outcome: Outcome) throws {
        try database.enqueue(
            AuditAppend.statement,
            [actor.accountID, actor.role.rawValue, action, client, requestID, outcome.rawValue]
        )
    }
}
