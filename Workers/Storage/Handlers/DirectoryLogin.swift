import Crypto
import Directory
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Logins checked by a tenant's LDAP directory: the bind, the groups, and provisioning the
/// account on its first success. Runs in the storage worker, never in the gateway.
enum DirectoryLogin {
    /// The account after a successful directory login, or the error to answer.
    static func authenticate(_ request: LoginRequest, existing: AccountRecord?, tenantID: UUID,
                             context: HandlerContext) throws -> Result<AccountRecord, APIError> {
        let accounts = AccountStore(database: context.database, services: context.services)
        let logger = context.services.logger.with(["tenant.id": tenantID.lowercasedText])
        guard let settings = try DirectoryStore(database: context.database).settings(tenantID: tenantID, timeoutSeconds: 5),
              let username = DirectoryStore.username(of: request.email)
        else {
            // The directory was removed: its accounts cannot log in with a password of ours.
            context.services.passwords.verifyAgainstDummy(request.password)
            return .failure(AuthHandlers.invalidCredentials)
        }
        let outcome: DirectoryAuthenticator.Outcome
        do {
            outcome = try DirectoryAuthenticator(settings: settings).authenticate(username: username, email: request.email, password: request.password)
        } catch let error as DirectoryError {
            logger.warning("directory login failed", ["error": error.code.description, "ldap.result": error.resultCode.map { "\($0)" } ?? "-"])
            return .failure(APIError(.unavailable, "The sign-in directory cannot be used right now; try again shortly."))
        }
        switch outcome {
        case .invalidCredentials:
            if let existing { _ = try accounts.recordFailedLogin(existing) }
            return .failure(AuthHandlers.invalidCredentials)
        case .notMember:
            logger.notice("directory login refused: in neither group", ["account.id": existing?.id.lowercasedText ?? "-"])
            return .failure(APIError(.forbidden, "Your directory account is not in a group that gives access to MDME."))
        case .member(let directoryRole, let displayName):
            let role: Role = directoryRole == .tenantAdmin ? .tenantAdmin : .therapist
            if let existing {
                try accounts.setRole(existing.id, to: role)
            } else {
                let id = UUID.random()
                _ = try accounts.create(id: id, tenantID: tenantID, role: role, name: displayName ?? username, email: request.email)
                try accounts.markDirectoryManaged(id)
                try AuditLog(database: context.database).record(actorID: id, role: role, action: "account.provision_from_directory",
                                                                client: nil, requestID: context.envelope.id)
                logger.notice("account provisioned from directory", ["account.id": id.lowercasedText, "role": role.rawValue])
            }
            guard let account = try accounts.find(email: request.email) else { throw APIError(.internalError, "The account vanished.") }
            return .success(account)
        }
    }
}
