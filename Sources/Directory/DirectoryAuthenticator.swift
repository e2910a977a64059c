import Foundation

/// Checks a login against a tenant's LDAP directory: a simple bind as the user over TLS, then
/// membership of the admin and therapist groups, read on every login so a removal from the
/// group takes effect at the next one.
public struct DirectoryAuthenticator: Sendable {
    /// The role the directory's groups give.
    public enum Role: Sendable, Equatable {
        case therapist
        case tenantAdmin
    }

    public enum Outcome: Sendable, Equatable {
        /// Password accepted and the user is in one of the groups.
        case member(role: Role, displayName: String?)
        /// Password accepted, but the user is in neither group.
        case notMember
        /// No such user or a wrong password (the directory does not say which).
        case invalidCredentials
    }

    public let settings: DirectorySettings

    public init(settings: DirectorySettings) {
        self.settings = settings
    }

    /// `username` is the local part of the login address, `email` the whole of it.
    public func authenticate(username: String, email: String, password: String) throws -> Outcome {
        if let problem = settings.problem() { throw DirectoryError(.misconfigured, problem) }
        let connection = try LDAPConnection(settings: settings)
        guard let userDN = try findUser(username: username, email: email, on: connection),
              try connection.bind(dn: userDN, password: password)
        else { return .invalidCredentials }
        // Read as the user: directories let an account read its own entry and group membership.
        let member = "(|(member=\(LDAPEscaping.filterValue(userDN)))(uniqueMember=\(LDAPEscaping.filterValue(userDN))))"
        let role: Role
        if try !connection.search(base: settings.adminGroupDN, subtree: false, filter: member, attributes: []).isEmpty {
            role = .tenantAdmin
        } else if try !connection.search(base: settings.therapistGroupDN, subtree: false, filter: member, attributes: []).isEmpty {
            role = .therapist
        } else {
            return .notMember
        }
        let entry = try connection.search(base: userDN, subtree: false, filter: "(objectClass=*)", attributes: ["displayName", "cn"]).first
        let name = entry?.attributes["displayName"]?.first ?? entry?.attributes["cn"]?.first
        return .member(role: role, displayName: name)
    }

    /// The user's DN: from the template, or found by the service account.
    private func findUser(username: String, email: String, on connection: LDAPConnection) throws -> String? {
        if let template = settings.bindDNTemplate {
            return template.replacingOccurrences(of: "{username}", with: LDAPEscaping.dnValue(username))
        }
        guard let base = settings.searchBase, let filterTemplate = settings.searchFilter else { return nil }
        if let serviceDN = settings.serviceBindDN {
            guard try connection.bind(dn: serviceDN, password: settings.servicePassword ?? "") else {
                throw DirectoryError(.misconfigured, "the directory refused the service account")
            }
        }
        let filter = filterTemplate
            .replacingOccurrences(of: "{username}", with: LDAPEscaping.filterValue(username))
            .replacingOccurrences(of: "{email}", with: LDAPEscaping.filterValue(email))
        let found = try connection.search(base: base, subtree: true, filter: filter, attributes: [])
        // Ambiguity is refused rather than guessed.
        return found.count == 1 ? found[0].dn : nil
    }
}
