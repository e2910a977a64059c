/// Who an account is. `tenantAdmin` can do everything a `therapist` can, within one tenant;
/// a `client` sees only their own records.
public enum Role: String, Codable, Sendable, CaseIterable {
    case client
    case therapist
    case tenantAdmin = "tenant_admin"

    /// Whether this role may act where `required` is needed.
    public func satisfies(_ required: Role) -> Bool {
        switch (self, required) {
        case (.tenantAdmin, .therapist): true
        default: self == required
        }
    }

    public var isStaff: Bool { self != .client }
}
