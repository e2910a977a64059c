import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// An account as the login and profile code needs it.
struct AccountRecord {
    let id: UUID
    let tenantID: UUID
    let role: Role
    let name: String
    let email: String
    let passwordHash: String?
    let failedLogins: Int
    let locked: Bool

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        tenantID = try row.decode("tenant_id")
        role = Role(rawValue: try row.decode("role", as: String.self)) ?? .client
        name = try row.decode("name")
        email = try row.decode("email")
        passwordHash = try row.decode("password_hash", as: String?.self)
        failedLogins = try row.decode("failed_logins")
        locked = !row.isNull("locked_at")
    }
}

/// Accounts of all roles: look-up by blind index, creation, password and lockout state.
struct AccountStore {
    let database: PostgresConnection
    let services: StorageServices

    private static let columns = "id, tenant_id, role, name, email, password_hash, failed_logins, locked_at"

    func find(email: String) throws -> AccountRecord? {
        try database.query(
            "select \(Self.columns) from accounts where email_lookup = $1",
            [services.blindIndex.index(email: email)]
        ).first.map(AccountRecord.init)
    }

    func find(id: UUID, tenantID: UUID) throws -> AccountRecord? {
        try database.query(
            "select \(Self.columns) from accounts where id = $1 and tenant_id = $2", [id, tenantID]
        ).first.map(AccountRecord.init)
    }

    /// Inserts an account without a password (it is set when the invitation is accepted).
    /// Throws `conflict` when the address is taken.
    func create(id: UUID = UUID(), tenantID: UUID, role: Role, name: String, email: String) throws -> UUID {
        let inserted = try database.query(
            """
            insert into accounts (id, tenant_id, role, name, email, email_lookup)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (email_lookup) do nothing
            returning id
            """,
            [id, tenantID, role.rawValue, name, email.trimmingCharacters(in: .whitespacesAndNewlines), services.blindIndex.index(email: email)]
        )
        guard inserted.count == 1 else {
            throw APIError(.conflict, "An account with this email address already exists.",
                           details: [FieldProblem(field: "email", problem: "is already in use")])
        }
        return id
    }

    /// Counts a failed login and locks the account at the configured limit. Returns whether it is now locked.
    func recordFailedLogin(_ account: AccountRecord) throws -> Bool {
        let limit = services.configuration.security.failedLoginsBeforeLock
        let row = try database.query(
            """
            update accounts set failed_logins = failed_logins + 1,
                locked_at = case when failed_logins + 1 >= $2 then coalesce(locked_at, now()) else locked_at end
            where id = $1 returning locked_at is not null as locked
            """,
            [account.id, limit]
        ).first
        return try row?.decode("locked", as: Bool.self) ?? false
    }

    func recordSuccessfulLogin(_ account: AccountRecord) throws {
        try database.query("update accounts set failed_logins = 0 where id = $1 and failed_logins <> 0", [account.id])
    }

    func setPassword(accountID: UUID, hash: String) throws {
        try database.query(
            "update accounts set password_hash = $2, failed_logins = 0, locked_at = null where id = $1",
            [accountID, hash]
        )
    }
}
