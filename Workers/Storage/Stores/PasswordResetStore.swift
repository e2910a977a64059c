import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Single-use password-reset tokens, kept only as SHA-256 hashes and short-lived
/// (`security.password_reset_ttl_minutes`).
struct PasswordResetStore {
    let database: PostgresConnection
    let services: StorageServices

    /// A token before it is stored: made up front, so a request for an unknown address costs
    /// the same token work as one for a known address.
    struct Candidate {
        let id = UUID.random()
        let token = SecureRandom.token()
        var hash: String { SingleUseTokens.hash(token) }
    }

    struct Issued {
        let id: UUID
        let expiresAt: Date
        /// The front end's reset page; the token rides in the fragment so it never reaches a server log.
        let link: String
    }

    func issue(_ candidate: Candidate = Candidate(), accountID: UUID, tenantID: UUID, requestedBy: UUID?, now: Date) throws -> Issued {
        let expiresAt = now.addingTimeInterval(TimeInterval(services.configuration.security.passwordResetTtlMinutes * 60))
        try database.query(
            """
            insert into password_resets (id, tenant_id, account_id, token_hash, requested_by, expires_at)
            values ($1, $2, $3, $4, $5, $6)
            """,
            [candidate.id, tenantID, accountID, candidate.hash, requestedBy, expiresAt]
        )
        return Issued(id: candidate.id, expiresAt: expiresAt, link: SingleUseTokens.link(page: "password-reset", token: candidate.token, configuration: services.configuration))
    }

    /// The tenant of a reset token, found before anyone is known.
    func tenant(ofToken token: String) throws -> UUID? {
        try database.query("select mdme_tenant_of_password_reset($1) as tenant_id", [SingleUseTokens.hash(token)])
            .first?.decode("tenant_id", as: UUID?.self)
    }

    /// Uses up a valid token and returns its account; nil when unknown, used or expired.
    /// Every other outstanding reset of the account is void from then on.
    func consume(token: String) throws -> UUID? {
        try SingleUseTokens.consume(token, in: .passwordResets, database: database)
    }

}
