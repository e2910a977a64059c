import Crypto
import Foundation
import MDMECore
import Postgres

/// Rewraps every account's data key under the keyring's current master key, a batch per
/// transaction, while the system keeps running: workers that know both master keys read rows
/// of either kind, and each row changes atomically (same data key, new wrapping).
///
/// Needs a connection that sees every tenant's rows (the owner's role).
public struct KeyRotation {
    let database: PostgresConnection
    let keyring: MasterKeyring

    public init(database: PostgresConnection, keyring: MasterKeyring) {
        self.database = database
        self.keyring = keyring
    }

    /// Rewraps until no data key is wrapped by another master key; returns how many were rewrapped.
    /// A key wrapped by a master key the keyring does not hold stops the rotation with an error.
    public func rewrapAll(batchSize: Int = 500, progress: (Int) -> Void = { _ in }) throws -> Int {
        var total = 0
        while true {
            let count = try database.transaction { transaction in
                let rows = try transaction.query("""
                    select account_id, key_id, wrapped_key from account_keys
                    where key_id <> $1 order by account_id limit $2 for update
                    """, [keyring.currentKeyID, batchSize])
                for row in rows {
                    let owner = try row.decode("account_id", as: UUID.self)
                    let rewrapped = try keyring.rewrap(try row.decode("wrapped_key", as: [UInt8].self),
                                                       keyID: try row.decode("key_id", as: String.self),
                                                       owner: owner.lowercasedText)
                    try transaction.query("update account_keys set key_id = $2, wrapped_key = $3 where account_id = $1",
                                          [owner, rewrapped.keyID, rewrapped.wrapped])
                }
                return rows.count
            }
            guard count > 0 else { return total }
            total += count
            progress(total)
        }
    }

    /// How many data keys each master key wraps.
    public func countByMasterKey() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.query("select key_id, count(*)::int as count from account_keys group by key_id") {
            counts[try row.decode("key_id", as: String.self)] = try row.decode("count", as: Int.self)
        }
        return counts
    }
}
