import DataProtection
import Foundation
import MDMECore
import Messaging
import Postgres

extension AuditLog {
    /// An entry for a flow without a session: the account acting on itself (completing a
    /// password reset), or nobody known (a reset asked for by address).
    func record(actorID: UUID?, role: Role?, action: String, client: UUID?, requestID: UUID, outcome: Outcome = .allowed) throws {
        try database.query(
            AuditAppend.statement,
            [actorID, role?.rawValue, action, client, requestID, outcome.rawValue]
        )
    }
}
