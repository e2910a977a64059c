import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// A client's master data and retention dates as the therapist sees them.
struct ClientView: Encodable {
    let id: UUID
    let name: String
    let gender: Gender
    let birthDate: CalendarDate
    let email: String
    let phone: String?
    let responsibleTherapistID: UUID
    let createdAt: Date
    let lastActivityAt: Date?
    let warningAt: Date
    let deletionDueAt: Date
    let locked: Bool
}

/// Clients of one tenant. Every query filters by tenant; a therapist sees the clients they
/// are responsible for, a tenant admin all of the tenant's.
struct ClientStore {
    let database: PostgresConnection
    let services: StorageServices

    func create(accountID: UUID, tenantID: UUID, therapistID: UUID, request: CreateClientRequest) throws {
        try database.query(
            """
            insert into clients (id, tenant_id, responsible_therapist_id, gender, birth_date, phone)
            values ($1, $2, $3, $4, $5::date, $6)
            """,
            [accountID, tenantID, therapistID, request.gender.rawValue, request.birthDate.description, request.phone]
        )
    }

    func list(for caller: Caller, tenant: TenantRecord) throws -> [ClientView] {
        try database.query(
            Self.select + " where c.tenant_id = $1 and ($2 or c.responsible_therapist_id = $3) order by a.name, c.id",
            [caller.tenantID, caller.role == .tenantAdmin, caller.accountID]
        ).map { try view($0, tenant: tenant) }
    }

    /// The client if the caller may see it; nil (→ 404) for another tenant's, another
    /// therapist's or a missing client alike.
    func get(_ id: UUID, for caller: Caller, tenant: TenantRecord) throws -> ClientView? {
        try database.query(
            Self.select + " where c.id = $4 and c.tenant_id = $1 and ($2 or c.responsible_therapist_id = $3)",
            [caller.tenantID, caller.role == .tenantAdmin, caller.accountID, id]
        ).first.map { try view($0, tenant: tenant) }
    }

    /// Marks activity now (a registration's receipt time), which restarts the retention clock.
    func touch(clientID: UUID, tenantID: UUID) throws {
        try database.query(
            "update clients set last_activity_at = now() where id = $1 and tenant_id = $2", [clientID, tenantID]
        )
    }

    private static let select = """
        select c.id, a.name, c.gender, c.birth_date::text as birth_date, a.email, c.phone,
               c.responsible_therapist_id, c.created_at, c.last_activity_at, a.locked_at is not null as locked
        from clients c join accounts a on a.id = c.id
        """

    private func view(_ row: PostgresRow, tenant: TenantRecord) throws -> ClientView {
        let createdAt: Date = try row.decode("created_at")
        let lastActivity: Date? = try row.decode("last_activity_at", as: Date?.self)
        let schedule = services.retention.schedule(lastActivity: lastActivity ?? createdAt, timeZone: tenant.timeZone)
        return ClientView(
            id: try row.decode("id"),
            name: try row.decode("name"),
            gender: Gender(rawValue: try row.decode("gender", as: String.self)) ?? .unspecified,
            birthDate: CalendarDate(try row.decode("birth_date", as: String.self))!,
            email: try row.decode("email"),
            phone: try row.decode("phone", as: String?.self),
            responsibleTherapistID: try row.decode("responsible_therapist_id"),
            createdAt: createdAt,
            lastActivityAt: lastActivity,
            warningAt: schedule.firstWarningAt,
            deletionDueAt: schedule.deletionAt,
            locked: try row.decode("locked", as: Bool.self)
        )
    }
}
