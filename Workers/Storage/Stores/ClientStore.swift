import Crypto
import DataProtection
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
    /// When mail to the client's own address last bounced or was refused (mdme-mailer).
    let emailBouncedAt: Date?
}

/// Clients of one tenant. Every query filters by tenant; a therapist sees the clients they
/// are responsible for, a tenant admin all of the tenant's. Birth date and phone are sealed
/// under the client's data key, like the name and email on the account.
struct ClientStore {
    let database: PostgresConnection
    let services: StorageServices

    func create(accountID: UUID, tenantID: UUID, therapistID: UUID, request: CreateClientRequest, cipher: FieldCipher) throws {
        try database.query(
            """
            insert into clients (id, tenant_id, responsible_therapist_id, gender, birth_date_enc, phone_enc)
            values ($1, $2, $3, $4, $5, $6)
            """,
            [accountID, tenantID, therapistID, request.gender.rawValue,
             cipher.seal(request.birthDate.description, "clients", "birth_date", accountID),
             request.phone.map { cipher.seal($0, "clients", "phone", accountID) }]
        )
    }

    /// Sorted by name, which only the decrypted rows know.
    func list(for caller: Caller, tenant: TenantRecord) throws -> [ClientView] {
        try database.query(
            Self.select + " where c.tenant_id = $1 and ($2 or c.responsible_therapist_id = $3)",
            [caller.tenantID, caller.role == .tenantAdmin, caller.accountID]
        ).map { try view($0, tenant: tenant) }
            .sorted { ($0.name.lowercased(), $0.id.uuidString) < ($1.name.lowercased(), $1.id.uuidString) }
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
    /// At most once a minute: the clock counts months, and a client registering several
    /// activities in a row then writes (and locks) their row once, not for each of them.
    func touch(clientID: UUID, tenantID: UUID) throws {
        try database.enqueue(
            """
            update clients set last_activity_at = now()
            where id = $1 and tenant_id = $2 and (last_activity_at is null or last_activity_at < now() - interval '1 minute')
            """,
            [clientID, tenantID]
        )
    }

    private static let select = """
        select c.id, a.name_enc, c.gender, c.birth_date_enc, a.email_enc, c.phone_enc, k.key_id, k.wrapped_key,
               c.responsible_therapist_id, c.created_at, c.last_activity_at, a.locked_at is not null as locked,
               (select max(m.updated_at) from mail_messages m
                where m.client_id = c.id and m.recipient_id = c.id and m.status in ('bounced', 'rejected', 'invalid')) as email_bounced_at
        from clients c join accounts a on a.id = c.id join account_keys k on k.account_id = c.id
        """

    private func view(_ row: PostgresRow, tenant: TenantRecord) throws -> ClientView {
        let id: UUID = try row.decode("id")
        let cipher = try KeyStore.cipher(from: row, owner: id, keyring: services.keyring)
        let createdAt: Date = try row.decode("created_at")
        let lastActivity: Date? = try row.decode("last_activity_at", as: Date?.self)
        let schedule = services.retention.schedule(lastActivity: lastActivity ?? createdAt, timeZone: tenant.timeZone)
        return ClientView(
            id: id,
            name: try cipher.open(row, "name_enc", table: "accounts", id: id),
            gender: Gender(rawValue: try row.decode("gender", as: String.self)) ?? .unspecified,
            birthDate: CalendarDate(try cipher.open(row, "birth_date_enc", table: "clients", id: id))!,
            email: try cipher.open(row, "email_enc", table: "accounts", id: id),
            phone: try cipher.openOptional(row, "phone_enc", table: "clients", id: id),
            responsibleTherapistID: try row.decode("responsible_therapist_id"),
            createdAt: createdAt,
            lastActivityAt: lastActivity,
            warningAt: schedule.firstWarningAt,
            deletionDueAt: schedule.deletionAt,
            locked: try row.decode("locked", as: Bool.self),
            emailBouncedAt: try row.decode("email_bounced_at", as: Date?.self)
        )
    }
}
