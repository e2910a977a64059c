import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The audit log for tenant admins (ids only; names are looked up by the front end).
enum AuditHandlers {
    struct AuditRow: Encodable {
        let id: Int64
        let at: Date
        let actorID: UUID?
        let actorRole: String?
        let action: String
        let clientRef: UUID?
        let requestID: UUID?
        let outcome: String
        /// Nil (left out) until a sealer has chained the row, a second or so after it was written.
        let hash: String?
    }

    static func list(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        let query = try context.payload(AuditQuery.self)
        let rows = try context.database.query(
            """
            select id, at, actor_id, actor_role, action, client_ref, request_id, outcome, hash from audit_log
            where tenant_id = $1 and ($2::uuid is null or client_ref = $2) and ($3::bigint is null or id < $3)
            order by id desc limit $4
            """,
            [caller.tenantID, query.clientID, query.before, query.limit]
        )
        let list = try rows.map { row in
            AuditRow(id: try row.decode("id"), at: try row.decode("at"), actorID: try row.decode("actor_id", as: UUID?.self),
                     actorRole: try row.decode("actor_role", as: String?.self), action: try row.decode("action"),
                     clientRef: try row.decode("client_ref", as: UUID?.self), requestID: try row.decode("request_id", as: UUID?.self),
                     outcome: try row.decode("outcome"), hash: try row.decode("hash", as: String?.self))
        }
        return HandlerResult(reply: try .ok(list))
    }
}
