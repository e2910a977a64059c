import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Sessions: created at login, checked on every message, revoked at logout.
struct SessionStore {
    let database: PostgresConnection
    let services: StorageServices

    /// What a session may do: everything, or only set up MFA (the tenant requires it and the
    /// account has none yet).
    enum Scope: String {
        case full
        case mfaEnrollment = "mfa_enrollment"
    }

    /// A signed token for a new session of `account`.
    func create(for account: AccountRecord, now: Date, scope: Scope = .full) throws -> (token: String, expiresAt: Date) {
        let id = UUID.random()
        // Whole seconds: the token carries the expiry as an integer.
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + TimeInterval(services.configuration.security.sessionTtlMinutes * 60)).rounded(.down))
        try database.query(
            "insert into sessions (id, account_id, tenant_id, expires_at, scope) values ($1, $2, $3, $4, $5)",
            [id, account.id, account.tenantID, expiresAt, scope.rawValue]
        )
        let claims = SessionClaims(sessionID: id, accountID: account.id, tenantID: account.tenantID,
                                   role: account.role.rawValue, expiresAt: expiresAt)
        return (services.tokens.sign(claims), expiresAt)
    }

    /// The caller behind verified token claims. Revocation, the idle timeout, the lock and a
    /// changed role are for the database to say: the check (`sessionCheck`) is queued, not
    /// awaited, and refuses the command wherever it surfaces — as `unauthenticated`, whatever
    /// the reason, or `forbidden` for a session restricted to MFA enrollment unless
    /// `enrollmentSessionAllowed`.
    func authenticate(claims: SessionClaims, enrollmentSessionAllowed: Bool = false) throws -> Caller {
        guard let role = Role(rawValue: claims.role) else { throw APIError.unauthenticated }
        try database.enqueue(
            Self.sessionCheck,
            [claims.sessionID, claims.accountID, claims.role, services.configuration.security.idleTimeoutMinutes * 60,
             enrollmentSessionAllowed]
        )
        return Caller(accountID: claims.accountID, tenantID: claims.tenantID, role: role, sessionID: claims.sessionID)
    }

    /// Raises (through `mdme_refuse`, migration 0018) unless session $1 of account $2 may act:
    /// not revoked, expired or idle for $4 seconds, the account not locked and still of role $3
    /// (a directory login may have moved it to another group; the next login signs a token with
    /// the new role). MD401 for any of these; MD403 for a session restricted to MFA enrollment
    /// unless $5. The tenant is the transaction's: row-level security hides a session or
    /// account of any other. `last_seen_at` is touched at most once a minute, so reads do not
    /// turn into a write each.
    static let sessionCheck = """
        with session as (
            select s.scope, s.last_seen_at < now() - interval '1 minute' as stale
            from sessions s join accounts a on a.id = s.account_id
            where s.id = $1 and s.account_id = $2 and a.role = $3
              and s.revoked_at is null and s.expires_at > now()
              and s.last_seen_at > now() - make_interval(secs => $4) and a.locked_at is null
        ), touched as (
            update sessions set last_seen_at = now() where id = $1 and (select stale from session)
        )
        select case
            when not exists (select from session) then mdme_refuse('MD401', 'session not valid')
            when (select scope from session) <> 'full' and not $5
                then mdme_refuse('MD403', 'Set up multi-factor login first: POST /api/v1/auth/mfa/enroll, then /activate.')
        end
        """

    /// Lifts the enrollment restriction once the account has activated MFA.
    func widen(_ sessionID: UUID) throws {
        try database.query("update sessions set scope = 'full' where id = $1", [sessionID])
    }

    func revoke(_ sessionID: UUID) throws {
        try database.query("update sessions set revoked_at = now() where id = $1 and revoked_at is null", [sessionID])
    }
}
