/// How to reach one tenant's directory and which groups give which role.
public struct DirectorySettings: Sendable {
    /// `ldaps://host:port` or `ldap://host:port` (then StartTLS is required; there is no plain mode).
    public var url: String
    /// PEM file of the CA that signed the directory's certificate; nil trusts the system's CAs.
    public var caFile: String?
    /// Direct bind: the user's DN with `{username}` in place of the login's local part,
    /// e.g. `uid={username},ou=people,dc=example,dc=org`.
    public var bindDNTemplate: String?
    /// Search mode: a service account finds the user's DN under `searchBase` with `searchFilter`
    /// (`{username}` and `{email}` are replaced, escaped), then the user binds.
    public var searchBase: String?
    public var searchFilter: String?
    public var serviceBindDN: String?
    public var servicePassword: String?
    public var therapistGroupDN: String
    public var adminGroupDN: String
    /// Network and operation time limit, so a dead directory cannot hold a worker.
    public var timeoutSeconds: Int

    public init(url: String, caFile: String? = nil, bindDNTemplate: String? = nil, searchBase: String? = nil,
                searchFilter: String? = nil, serviceBindDN: String? = nil, servicePassword: String? = nil,
                therapistGroupDN: String, adminGroupDN: String, timeoutSeconds: Int = 5) {
        self.url = url
        self.caFile = caFile
        self.bindDNTemplate = bindDNTemplate
        self.searchBase = searchBase
        self.searchFilter = searchFilter
        self.serviceBindDN = serviceBindDN
        self.servicePassword = servicePassword
        self.therapistGroupDN = therapistGroupDN
        self.adminGroupDN = adminGroupDN
        self.timeoutSeconds = timeoutSeconds
    }

    /// A problem with the settings, or nil when they can work.
    public func problem() -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("ldaps://") || lower.hasPrefix("ldap://") else { return "url must start with ldaps:// or ldap://" }
        let direct = bindDNTemplate != nil
        let search = searchBase != nil && searchFilter != nil
        guard direct != search else { return "give either a bind DN template or a search base and filter" }
        if let template = bindDNTemplate, !template.contains("{username}") { return "the bind DN template must contain {username}" }
        if let filter = searchFilter, !filter.contains("{username}") && !filter.contains("{email}") {
            return "the search filter must contain {username} or {email}"
        }
        if therapistGroupDN.isEmpty || adminGroupDN.isEmpty { return "both group DNs are required" }
        return nil
    }
}
