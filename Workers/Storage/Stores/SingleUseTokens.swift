import Crypto
import Foundation
import MDMERuntime
import Postgres

/// What invitations and password resets share: tokens kept only as SHA-256, handed out in a
/// link whose fragment carries the token, used up once.
enum SingleUseTokens {
    /// The tables that hold single-use tokens (`token_hash`, `account_id`, `used_at`, `expires_at`).
    enum Table: String {
        case invitations
        case passwordResets = "password_resets"
    }

    static func hash(_ token: String) -> String {
        Digest.hex(Digest.sha256(Array(token.utf8)))
    }

    /// `{public_url}/{page}#token=…`: in the fragment, the token never reaches a server log.
    static func link(page: String, token: String, configuration: MDMEConfiguration) -> String {
        let base = configuration.gateway.publicUrl.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return "\(base)/\(page)#token=\(token)"
    }

    /// Uses up a valid token and returns its account; nil when unknown, used or expired. Every
    /// other outstanding token of the account in the same table is void from then on.
    static func consume(_ token: String, in table: Table, database: PostgresConnection) throws -> UUID? {
        // The table name comes from the enum above, never from input.
        guard let row = try database.query(
            """
            update \(table.rawValue) set used_at = now()
            where token_hash = $1 and used_at is null and expires_at > now()
            returning account_id
            """,
            [hash(token)]
        ).first else { return nil }
        let accountID: UUID = try row.decode("account_id")
        try database.query("update \(table.rawValue) set used_at = now() where account_id = $1 and used_at is null", [accountID])
        return accountID
    }
}
