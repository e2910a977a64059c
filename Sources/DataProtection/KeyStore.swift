import Crypto
import Foundation
import MDMECore
import Postgres

/// Each account's data key, stored wrapped by the master key. Deleting the row destroys the
/// key, and with it every copy of the account's encrypted data (crypto-shredding).
public struct KeyStore {
    let database: PostgresConnection
    let keyring: MasterKeyring

    public init(database: PostgresConnection, keyring: MasterKeyring) {
        self.database = database
        self.keyring = keyring
    }

    /// Makes and stores a new data key for an account that was just inserted.
    public func create(for accountID: UUID, tenantID: UUID, key: [UInt8]) throws {
        let wrapped = keyring.wrap(key, owner: accountID.lowercasedText)
        try database.query(
            "insert into account_keys (account_id, tenant_id, key_id, wrapped_key) values ($1, $2, $3, $4)",
            [accountID, tenantID, wrapped.keyID, wrapped.wrapped]
        )
    }

    public func cipher(for accountID: UUID) throws -> FieldCipher {
        guard let row = try database.query(
            "select key_id, wrapped_key from account_keys where account_id = $1", [accountID]
        ).first else { throw APIError.notFound }
        return try Self.cipher(from: row, owner: accountID, keyring: keyring)
    }

    /// The cipher of a row that joined `account_keys` (columns `key_id`, `wrapped_key`).
    public static func cipher(from row: PostgresRow, owner: UUID, keyring: MasterKeyring) throws -> FieldCipher {
        let key = try keyring.unwrap(try row.decode("wrapped_key", as: [UInt8].self),
                                     keyID: try row.decode("key_id", as: String.self),
                                     owner: owner.lowercasedText)
        return try FieldCipher(key: key)
    }
}

/// Where a ciphertext lives, as associated data: table, column and row.
public enum Sealed {
    public static func place(_ table: String, _ column: String, _ id: UUID) -> String {
        "\(table).\(column):\(id.lowercasedText)"
    }
}

extension FieldCipher {
    public func seal(_ text: String, _ table: String, _ column: String, _ id: UUID) -> [UInt8] {
        seal(text, associatedData: Sealed.place(table, column, id))
    }

    public func open(_ row: PostgresRow, _ column: String, table: String, id: UUID) throws -> String {
        try openText(try row.decode(column, as: [UInt8].self), associatedData: Sealed.place(table, Self.field(of: column), id))
    }

    public func openOptional(_ row: PostgresRow, _ column: String, table: String, id: UUID) throws -> String? {
        guard let sealed = try row.decode(column, as: [UInt8]?.self) else { return nil }
        return try openText(sealed, associatedData: Sealed.place(table, Self.field(of: column), id))
    }

    /// The field a sealed column holds (`activity_enc` → `activity`), which its associated data
    /// names. Plain Swift rather than Foundation's string search: lists open thousands of these.
    private static func field(of column: String) -> String {
        column.hasSuffix("_enc") ? String(column.dropLast(4)) : column
    }
}
