import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// An account as the login and profile code needs it, decrypted.
struct AccountRecord {
    let id: UUID
    let tenantID: UUID
    let role: Role
    let name: String
    let email: String
    let passwordHash: String?
    let failedLogins: Int
    let locked: Bool
    /// The tenant's LDAP directory checks this account's password and decides its role.
    let directoryManaged: Bool

    init(row: PostgresRow, keyring: MasterKeyring) throws {
        id = try row.decode("id")
        let cipher = try KeyStore.cipher(from: row, owner: id, keyring: keyring)
        tenantID = try row.decode("tenant_id")
        role = Role(rawValue: try row.decode("role", as: String.self)) ?? .client
        name = try cipher.open(row, "name_enc", table: "accounts", id: id)
        email = try cipher.open(row, "email_enc", table: "accounts", id: id)
        passwordHash = try row.decode("password_hash", as: String?.self)
        failedLogins = try row.decode("failed_logins")
        locked = !row.isNull("locked_at")
        directoryManaged = try row.decode("directory_managed")
    }
}

/// Accounts of all roles: look-up by blind index, creation, password and lockout state.
/// Name and email are sealed under the account's own data key.
struct AccountStore {
    let database: PostgresConnection
    let services: StorageServices

    private static let select = """
        select a.id, a.tenant_id, a.role, a.name_enc, a.email_enc, a.password_hash, a.failed_logins, a.locked_at,
               a.directory_managed,
               k.key_id, k.wrapped_key
        from accounts a join account_keys k on k.account_id = a.id
        """

    /// The tenant an address belongs to, found before the caller's tenant is known.
    func tenant(ofEmail email: String) throws -> UUID? {
        try database.query("select mdme_tenant_of_email($1) as tenant_id", [services.blindIndex.index(email: email)])
            .first?.decode("tenant_id", as: UUID?.self)
    }

    func find(email: String) throws -> AccountRecord? {
        try database.query(Self.select + " where a.email_lookup = $1", [services.blindIndex.index(email: email)])
            .first.map { try AccountRecord(row: $0, keyring: services.keyring) }
    }

    func find(id: UUID, tenantID: UUID) throws -> AccountRecord? {
        try database.query(Self.select + " where a.id = $1 and a.tenant_id = $2", [id, tenantID])
            .first.map { try AccountRecord(row: $0, keyring: services.keyring) }
    }

    /// Inserts an account without a password (it is set when the invitation is accepted), with
    /// a new data key. Throws `conflict` when the address is taken. Returns the account's cipher.
    func create(id: UUID = UUID.random(), tenantID: UUID, role: Role, name: String, email: String) throws -> FieldCipher {
        let key = FieldCipher.generateKey()
        let cipher = try FieldCipher(key: key)
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let inserted = try database.query(
            """
            insert into accounts (id, tenant_id, role, name_enc, email_enc, email_lookup)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (email_lookup) do nothing
            returning id
            """,
            [id, tenantID, role.rawValue, cipher.seal(name, "accounts", "name", id), cipher.seal(address, "accounts", "email", id),
             services.blindIndex.index(email: address)]
        )
        guard inserted.count == 1 else {
            throw APIError(.conflict, "An account with this email address already exists.",
                           details: [FieldProblem(field: "email", problem: "is already in use")])
        }
        try KeyStore(database: database, keyring: services.keyring).create(for: id, tenantID: tenantID, key: key)
        return cipher
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

    /// Marks a new account as owned by the directory (it never gets a password of ours).
    func markDirectoryManaged(_ accountID: UUID) throws {
        try database.query("update accounts set directory_managed = true, password_hash = null where id = $1", [accountID])
    }

    /// The directory's groups decide a directory account's role at every login.
    func setRole(_ accountID: UUID, to role: Role) throws {
        try database.query("update accounts set role = $2 where id = $1 and role <> $2", [accountID, role.rawValue])
    }

    func setPassword(accountID: UUID, hash: String) throws {
        try database.query(
            "update accounts set password_hash = $2, failed_logins = 0, locked_at = null where id = $1",
            [accountID, hash]
        )
    }
}
