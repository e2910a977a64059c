import Foundation
import Postgres

/// Removes a client completely (DOMAIN.md, "Retention"), for a therapist's DELETE and the
/// retention sweep alike.
public struct ClientDeletion {
    let database: PostgresConnection

    public init(database: PostgresConnection) {
        self.database = database
    }

    public func delete(clientID: UUID, tenantID: UUID, reason: String) throws {
        try database.query(
            """
            insert into client_tombstones (client_id, tenant_id, created_at, last_activity_at, reason)
            select id, tenant_id, created_at, last_activity_at, $3 from clients where id = $1 and tenant_id = $2
            """,
            [clientID, tenantID, reason]
        )
        // Registrations, sessions, invitations, password resets, handovers and the data key
        // cascade from the account.
        try database.query("delete from accounts where id = $1 and tenant_id = $2 and role = 'client'", [clientID, tenantID])
        // Notices about the client, in their therapists' lists. A "client deleted" notice is
        // written after this call, so it stays.
        try database.query("delete from notifications where client_ref = $1 and tenant_id = $2", [clientID, tenantID])
        try database.query("delete from tracked_commands where actor_id = $1", [clientID])
        // Replies kept for redeliveries by or about the client. The inbox rows stay (with the
        // pseudonymous actor id, until pruned), so a late redelivery is still recognised and
        // answered "unavailable".
        try database.query("update inbox set reply = null, subject_id = null where subject_id = $1 or actor_id = $1", [clientID])
    }
}
