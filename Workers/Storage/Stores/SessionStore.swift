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
    /// changed role are for the database to say: the check (`mdme_check_session`, migration
    /// 0015) is queued, not awaited, and refuses the command wherever it surfaces — as
    /// `unauthenticated`, whatever the reason, or `forbidden` for a session restricted to MFA
    /// enrollment unless `enrollmentSessionAllowed`.
    func authenticate(claims: SessionClaims, enrollmentSessionAllowed: Bool = false) throws -> Caller {
        guard let role = Role(rawValue: claims.role) else { throw APIError.unauthenticated }
        try database.enqueue(
            "select mdme_check_session($1, $2, $3, $4, $5)",
            [claims.sessionID, claims.accountID, claims.role, services.configuration.security.idleTimeoutMinutes * 60,
             enrollmentSessionAllowed]
        )
        return Caller(accountID: claims.accountID, tenantID: claims.tenantID, role: role, sessionID: claims.sessionID)
    }

    /// Lifts the enrollment restriction once the account has activated MFA.
    func widen(_ sessionID: UUID) throws {
        try database.query("update sessions set scope = 'full' where id = $1", [sessionID])
    }

    func revoke(_ sessionID: UUID) throws {
        try database.query("update sessions set revoked_at = now() where id = $1 and revoked_at is null", [sessionID])
    }
}
