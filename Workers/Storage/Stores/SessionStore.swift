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
        let id = UUID()
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

    /// The caller behind verified token claims: revocation, the idle timeout and the lock,
    /// which only the database knows. Any failure is `unauthenticated`, whatever the reason.
    /// A session restricted to MFA enrollment is `forbidden` unless `enrollmentSessionAllowed`.
    func authenticate(claims: SessionClaims, enrollmentSessionAllowed: Bool = false) throws -> Caller {
        let idleSeconds = services.configuration.security.idleTimeoutMinutes * 60
        guard let row = try database.query(
            """
            select a.role, a.tenant_id, s.scope, s.last_seen_at < now() - interval '1 minute' as stale
            from sessions s join accounts a on a.id = s.account_id
            where s.id = $1 and s.account_id = $2 and s.revoked_at is null and s.expires_at > now()
              and s.last_seen_at > now() - make_interval(secs => $3::int) and a.locked_at is null
            """,
            [claims.sessionID, claims.accountID, idleSeconds]
        ).first,
            let role = Role(rawValue: try row.decode("role", as: String.self))
        else { throw APIError.unauthenticated }
        if try row.decode("scope", as: String.self) != Scope.full.rawValue, !enrollmentSessionAllowed {
            throw APIError(.forbidden, "Set up multi-factor login first: POST /api/v1/auth/mfa/enroll, then /activate.")
        }
        // Touch at most once a minute, so reads do not turn into a write each.
        if try row.decode("stale", as: Bool.self) {
            try database.enqueue("update sessions set last_seen_at = now() where id = $1", [claims.sessionID])
        }
        return Caller(accountID: claims.accountID, tenantID: try row.decode("tenant_id", as: UUID.self),
                      role: role, sessionID: claims.sessionID)
    }

    /// Lifts the enrollment restriction once the account has activated MFA.
    func widen(_ sessionID: UUID) throws {
        try database.query("update sessions set scope = 'full' where id = $1", [sessionID])
    }

    func revoke(_ sessionID: UUID) throws {
        try database.query("update sessions set revoked_at = now() where id = $1 and revoked_at is null", [sessionID])
    }
}
