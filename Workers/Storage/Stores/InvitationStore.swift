import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Single-use invitation tokens, kept only as SHA-256 hashes.
struct InvitationStore {
    let database: PostgresConnection
    let services: StorageServices

    struct Issued {
        let id: UUID
        let token: String
        let expiresAt: Date
        /// The page of the front end that accepts it; the token rides in the fragment so it
        /// never reaches a server log.
        let link: String
    }

    func issue(accountID: UUID, tenantID: UUID, now: Date) throws -> Issued {
        let token = SecureRandom.token()
        let id = UUID()
        let expiresAt = now.addingTimeInterval(TimeInterval(services.configuration.security.invitationTtlHours * 3600))
        try database.query(
            "insert into invitations (id, tenant_id, account_id, token_hash, expires_at) values ($1, $2, $3, $4, $5)",
            [id, tenantID, accountID, Self.hash(token), expiresAt]
        )
        let base = services.configuration.gateway.publicUrl.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return Issued(id: id, token: token, expiresAt: expiresAt, link: "\(base)/invitation#token=\(token)")
    }

    /// The tenant of an invitation token, found before the caller's tenant is known.
    func tenant(ofToken token: String) throws -> UUID? {
        try database.query("select mdme_tenant_of_invitation($1) as tenant_id", [Self.hash(token)])
            .first?.decode("tenant_id", as: UUID?.self)
    }

    /// Uses up a valid token and returns its account; nil when unknown, used or expired.
    func consume(token: String) throws -> UUID? {
        guard let row = try database.query(
            """
            update invitations set used_at = now()
            where token_hash = $1 and used_at is null and expires_at > now()
            returning account_id
            """,
            [Self.hash(token)]
        ).first else { return nil }
        let accountID: UUID = try row.decode("account_id")
        // Any other outstanding invitation of the account is void now.
        try database.query("update invitations set used_at = now() where account_id = $1 and used_at is null", [accountID])
        return accountID
    }

    static func hash(_ token: String) -> String {
        Digest.hex(Digest.sha256(Array(token.utf8)))
    }
}
