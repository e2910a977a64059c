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
        let id = UUID.random()
        let expiresAt = now.addingTimeInterval(TimeInterval(services.configuration.security.invitationTtlHours * 3600))
        try database.query(
            "insert into invitations (id, tenant_id, account_id, token_hash, expires_at) values ($1, $2, $3, $4, $5)",
            [id, tenantID, accountID, SingleUseTokens.hash(token), expiresAt]
        )
        return Issued(id: id, token: token, expiresAt: expiresAt, link: SingleUseTokens.link(page: "invitation", token: token, configuration: services.configuration))
    }

    /// The tenant of an invitation token, found before the caller's tenant is known.
    func tenant(ofToken token: String) throws -> UUID? {
        try database.query("select mdme_tenant_of_invitation($1) as tenant_id", [SingleUseTokens.hash(token)])
            .first?.decode("tenant_id", as: UUID?.self)
    }

    /// Uses up a valid token and returns its account; nil when unknown, used or expired.
    func consume(token: String) throws -> UUID? {
        try SingleUseTokens.consume(token, in: .invitations, database: database)
    }

}
