import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Login, logout, accepting an invitation, and the caller's own profile.
enum AuthHandlers {
    struct LoginResult: Encodable {
        struct User: Encodable {
            let id: UUID
            let role: Role
            let tenantID: UUID
            let name: String
        }

        let token: String
        let expiresAt: Date
        let user: User
        /// True when the session may only set up MFA (the tenant requires it).
        let mfaEnrollmentRequired: Bool
    }

    struct Profile: Encodable {
        let id: UUID
        let role: Role
        let tenantID: UUID
        let name: String
        let email: String
        /// Whether the account logs in with a second factor (the security page shows it).
        let mfaActive: Bool
    }

    static let invalidCredentials = APIError(.invalidCredentials, "The email address or password is wrong.")

    static func login(_ context: HandlerContext) throws -> HandlerResult {
        let request = try context.payload(LoginRequest.self)
        if let problem = request.validate() { throw problem }
        let accounts = AccountStore(database: context.database, services: context.services)
        let passwords = context.services.passwords
        let directoryTenant = try DirectoryStore(database: context.database).tenant(ofEmail: request.email)
        if let tenantID = try accounts.tenant(ofEmail: request.email) ?? directoryTenant {
            try context.enterTenant(tenantID)
        }
        let existing = try accounts.find(email: request.email)
        // An existing account keeps its kind: local accounts in a directory's domain stay local.
        let checkedByDirectory: UUID? = if let existing { existing.directoryManaged ? existing.tenantID : nil } else { directoryTenant }
        let account: AccountRecord
        if let tenantID = checkedByDirectory {
            switch try DirectoryLogin.authenticate(request, existing: existing, tenantID: tenantID, context: context) {
            case .success(let checked): account = checked
            case .failure(let error): return HandlerResult(reply: .failure(error))
            }
        } else {
            guard let existing, let hash = existing.passwordHash else {
                passwords.verifyAgainstDummy(request.password)
                return HandlerResult(reply: .failure(invalidCredentials))
            }
            guard passwords.verify(request.password, against: hash) else {
                // The count is committed even though the answer is an error.
                let nowLocked = try accounts.recordFailedLogin(existing)
                context.services.logger.notice("failed login", ["account.id": existing.id.lowercasedText, "locked": "\(nowLocked)"])
                return HandlerResult(reply: .failure(invalidCredentials))
            }
            account = existing
        }
        guard !account.locked else {
            throw APIError(.forbidden, "This account is locked after too many failed logins; ask your therapist or administrator to unlock it.")
        }
        let scope: SessionStore.Scope
        switch try MFAHandlers.check(request.totp, account: account, context: context) {
        case .passed: scope = .full
        case .enrollmentRequired: scope = .mfaEnrollment
        case .refused(let error): return HandlerResult(reply: .failure(error))
        }
        try accounts.recordSuccessfulLogin(account)
        let session = try SessionStore(database: context.database, services: context.services).create(for: account, now: context.now, scope: scope)
        let result = LoginResult(
            token: session.token, expiresAt: session.expiresAt,
            user: .init(id: account.id, role: account.role, tenantID: account.tenantID, name: account.name),
            mfaEnrollmentRequired: scope == .mfaEnrollment
        )
        return HandlerResult(reply: try .ok(result))
    }

    static func logout(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        try SessionStore(database: context.database, services: context.services).revoke(caller.sessionID)
        return HandlerResult(reply: .noContent)
    }

    static func acceptInvitation(_ context: HandlerContext) throws -> HandlerResult {
        let request = try context.payload(AcceptInvitationRequest.self)
        if let problem = request.validate() { throw problem }
        let invitations = InvitationStore(database: context.database, services: context.services)
        if let tenantID = try invitations.tenant(ofToken: request.token) {
            try context.enterTenant(tenantID)
        }
        guard let accountID = try invitations.consume(token: request.token) else {
            throw APIError.validation([FieldProblem(field: "token", problem: "is invalid, used or expired")])
        }
        let hash = try context.services.passwords.hash(request.password)
        try AccountStore(database: context.database, services: context.services).setPassword(accountID: accountID, hash: hash)
        return HandlerResult(reply: .noContent)
    }

    static func me(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        guard let account = try AccountStore(database: context.database, services: context.services)
            .find(id: caller.accountID, tenantID: caller.tenantID) else { throw APIError.unauthenticated }
        let mfaActive = try context.database.query(
            "select exists (select 1 from account_mfa where account_id = $1 and activated_at is not null) as active", [account.id]
        ).first?.decode("active", as: Bool.self) ?? false
        let profile = Profile(id: account.id, role: account.role, tenantID: account.tenantID, name: account.name,
                              email: account.email, mfaActive: mfaActive)
        return HandlerResult(reply: try .ok(profile))
    }
}
