import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// An offer to hand a client to a colleague.
struct HandoverView: Encodable {
    enum Status: String, Encodable {
        case pending, accepted, declined, withdrawn
    }

    let id: UUID
    let clientID: UUID
    let fromTherapistID: UUID
    let toTherapistID: UUID
    let status: Status
    let createdAt: Date
    /// Who made the offer: the responsible therapist or a tenant admin. Not shown.
    let offeredBy: UUID

    enum CodingKeys: String, CodingKey {
        case id, clientID, fromTherapistID, toTherapistID, status, createdAt
    }

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        clientID = try row.decode("client_id")
        fromTherapistID = try row.decode("from_therapist_id")
        toTherapistID = try row.decode("to_therapist_id")
        status = Status(rawValue: try row.decode("status", as: String.self)) ?? .withdrawn
        createdAt = try row.decode("created_at")
        offeredBy = try row.decode("offered_by")
    }
}

/// Handovers of one tenant. Responsibility for the client moves only when the colleague accepts.
struct HandoverStore {
    let database: PostgresConnection

    private static let columns = "id, client_id, from_therapist_id, to_therapist_id, status, created_at, offered_by"

    /// Whether the account is a therapist or tenant admin of the tenant.
    func isStaff(_ accountID: UUID, tenantID: UUID) throws -> Bool {
        try database.query(
            "select 1 from accounts where id = $1 and tenant_id = $2 and role in ('therapist', 'tenant_admin')",
            [accountID, tenantID]
        ).count == 1
    }

    /// Records a pending offer, withdrawing any pending one for the same client. The client's
    /// row is locked first, so concurrent offers and acceptances of one client take turns.
    func offer(client clientID: UUID, tenantID: UUID, from: UUID, to: UUID, offeredBy: UUID) throws -> HandoverView {
        try database.query("select 1 from clients where id = $1 and tenant_id = $2 for update", [clientID, tenantID])
        try database.query(
            "update handovers set status = 'withdrawn', decided_at = now() where client_id = $1 and tenant_id = $2 and status = 'pending'",
            [clientID, tenantID]
        )
        guard let row = try database.query(
            """
            insert into handovers (id, tenant_id, client_id, from_therapist_id, to_therapist_id, offered_by, status)
            values ($1, $2, $3, $4, $5, $6, 'pending')
            returning \(Self.columns)
            """,
            [UUID.random(), tenantID, clientID, from, to, offeredBy]
        ).first else { throw APIError(.internalError, "The handover was not stored.") }
        return try HandoverView(row: row)
    }

    /// The pending offers made to `therapistID`, oldest first.
    func pending(for therapistID: UUID, tenantID: UUID) throws -> [HandoverView] {
        try database.query(
            """
            select \(Self.columns) from handovers
            where to_therapist_id = $1 and tenant_id = $2 and status = 'pending'
            order by created_at, id
            """,
            [therapistID, tenantID]
        ).map { try HandoverView(row: $0) }
    }

    func find(_ id: UUID, tenantID: UUID) throws -> HandoverView? {
        try database.query("select \(Self.columns) from handovers where id = $1 and tenant_id = $2", [id, tenantID])
            .first.map { try HandoverView(row: $0) }
    }

    /// Closes a pending offer as accepted or declined; accepting moves the client to the
    /// colleague. Nil when the offer is no longer pending (decided or withdrawn meanwhile).
    func decide(_ handover: HandoverView, tenantID: UUID, accept: Bool) throws -> HandoverView? {
        try database.query("select 1 from clients where id = $1 and tenant_id = $2 for update", [handover.clientID, tenantID])
        guard let row = try database.query(
            """
            update handovers set status = $3, decided_at = now()
            where id = $1 and tenant_id = $2 and status = 'pending'
            returning \(Self.columns)
            """,
            [handover.id, tenantID, accept ? "accepted" : "declined"]
        ).first else { return nil }
        if accept {
            let moved = try database.query(
                """
                update clients set responsible_therapist_id = $3
                where id = $1 and tenant_id = $2 and responsible_therapist_id = $4
                returning id
                """,
                [handover.clientID, tenantID, handover.toTherapistID, handover.fromTherapistID]
            )
            // Only an accepted handover moves a client, and offers of one client take turns on
            // its row lock, so the offering therapist is still responsible; anything else is a bug.
            guard moved.count == 1 else { throw APIError(.conflict, "The client's responsibility changed meanwhile.") }
        }
        return try HandoverView(row: row)
    }
}
