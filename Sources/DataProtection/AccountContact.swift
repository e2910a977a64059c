import Crypto
import Foundation
import MDMECore
import Postgres

/// An account's name and address, opened with its data key: what a mail needs to reach it.
public struct AccountContact: Sendable {
    public let id: UUID
    public let role: Role
    public let name: String
    public let email: String

    /// The contact of an account of the current tenant; nil when it is gone (a deleted client).
    public static func find(_ id: UUID, tenantID: UUID, in database: PostgresConnection, keyring: MasterKeyring) throws -> AccountContact? {
        guard let row = try database.query(
            """
            select a.id, a.role, a.name_enc, a.email_enc, k.key_id, k.wrapped_key
            from accounts a join account_keys k on k.account_id = a.id
            where a.id = $1 and a.tenant_id = $2
            """,
            [id, tenantID]
        ).first else { return nil }
        let cipher = try KeyStore.cipher(from: row, owner: id, keyring: keyring)
        return AccountContact(
            id: id,
            role: Role(rawValue: try row.decode("role", as: String.self)) ?? .client,
            name: try cipher.open(row, "name_enc", table: "accounts", id: id),
            email: try cipher.open(row, "email_enc", table: "accounts", id: id)
        )
    }
}
