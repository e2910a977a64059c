import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// TOTP enrollment and activation, and the second factor at login.
enum MFAHandlers {
    struct Enrollment: Encodable {
        let secret: String
        let otpauthUri: String
    }

    struct Activation: Encodable {
        /// Shown once; only keyed hashes are kept.
        let recoveryCodes: [String]
    }

    /// The second factor's verdict at login.
    enum SecondFactor {
        case passed
        /// No MFA yet, but the tenant requires it: the session may only set it up.
        case enrollmentRequired
        case refused(APIError)
    }

    static let issuer = "MDME"

    /// What a session restricted to enrollment may still do.
    static func allowedDuringEnrollment(_ type: String) -> Bool {
        [MessageType.enrollMFA, .activateMFA, .getMe, .logout].map(\.rawValue).contains(type)
    }

    static func enroll(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        guard let account = try AccountStore(database: context.database, services: context.services)
            .find(id: caller.accountID, tenantID: caller.tenantID) else { throw APIError.unauthenticated }
        let totp = TOTP(secret: TOTP.generateSecret())
        guard try MFAStore(database: context.database, services: context.services)
            .enroll(caller.accountID, tenantID: caller.tenantID, secret: totp.secret, keys: context.keys)
        else { throw APIError(.conflict, "Multi-factor login is already active for this account.") }
        try context.audit(caller, "mfa.enroll", client: nil)
        let result = Enrollment(secret: Base32.encode(totp.secret),
                                otpauthUri: totp.provisioningURI(issuer: issuer, account: account.email))
        return HandlerResult(reply: try .ok(result))
    }

    static func activate(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        let request = try context.payload(ActivateMFARequest.self)
        if let problem = request.validate() { throw problem }
        let store = MFAStore(database: context.database, services: context.services)
        guard let state = try store.state(of: caller.accountID, keys: context.keys) else {
            throw APIError(.conflict, "Start with POST /api/v1/auth/mfa/enroll.")
        }
        guard !state.active else { throw APIError(.conflict, "Multi-factor login is already active for this account.") }
        guard let step = TOTP(secret: state.secret).matchingStep(request.totp, at: context.now) else {
            throw APIError.validation([FieldProblem(field: "totp", problem: "is not the current code of the enrolled secret")])
        }
        let codes = try store.activate(caller.accountID, tenantID: caller.tenantID, step: step)
        try SessionStore(database: context.database, services: context.services).widen(caller.sessionID)
        try context.audit(caller, "mfa.activate", client: nil)
        context.services.logger.notice("mfa activated", ["account.id": caller.accountID.lowercasedText])
        return HandlerResult(reply: try .ok(Activation(recoveryCodes: codes)))
    }

    struct ResetRequest: Decodable {
        let accountID: UUID
    }

    /// A tenant admin removes a therapist's or admin's MFA (a lost phone and lost recovery
    /// codes): the secret and codes go, every session of the account ends, and the next login
    /// enrolls again (restricted, when the tenant requires MFA).
    static func reset(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        let request = try context.payload(ResetRequest.self)
        guard let account = try AccountStore(database: context.database, services: context.services)
            .find(id: request.accountID, tenantID: caller.tenantID), account.role != .client
        else { throw APIError.notFound }
        try MFAStore(database: context.database, services: context.services).remove(account.id)
        try context.database.query("update sessions set revoked_at = now() where account_id = $1 and revoked_at is null", [account.id])
        try context.audit(caller, "mfa.reset", client: nil)
        context.services.logger.notice("mfa reset", ["account.id": account.id.lowercasedText,
                                                     "actor.id": caller.accountID.lowercasedText])
        return HandlerResult(reply: .noContent)
    }

    /// Checks `code` (a TOTP or a recovery code) for an account whose password was right.
    /// A wrong or replayed code counts as a failed login.
    static func check(_ code: String?, account: AccountRecord, context: HandlerContext) throws -> SecondFactor {
        let store = MFAStore(database: context.database, services: context.services)
        guard let state = try store.state(of: account.id, keys: context.keys), state.active else {
            guard account.role != .client, try tenantRequiresMFA(account.tenantID, context) else { return .passed }
            return .enrollmentRequired
        }
        guard let code = code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            return .refused(APIError(.mfaRequired, "Enter the code from your authenticator app, or a recovery code."))
        }
        let accountRef = ["account.id": account.id.lowercasedText]
        if code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if let step = TOTP(secret: state.secret).matchingStep(code, at: context.now), try store.consume(step: step, of: account.id) {
                return .passed
            }
        } else if try store.consumeRecoveryCode(code, of: account.id) {
            try AuditLog(database: context.database).record(actorID: account.id, role: account.role, action: "mfa.recovery_code_used",
                                                            client: nil, requestID: context.envelope.id)
            context.services.logger.notice("recovery code used", accountRef)
            return .passed
        }
        let locked = try AccountStore(database: context.database, services: context.services).recordFailedLogin(account)
        context.services.logger.notice("failed second factor", accountRef.merging(["locked": "\(locked)"]) { $1 })
        return .refused(APIError(.invalidCredentials, "The one-time code is wrong or was already used."))
    }

    private static func tenantRequiresMFA(_ tenantID: UUID, _ context: HandlerContext) throws -> Bool {
        try context.database.query("select mfa_required from tenants where id = $1", [tenantID]).first?.decode("mfa_required") ?? false
    }
}
