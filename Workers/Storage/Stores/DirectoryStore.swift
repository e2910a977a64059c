import Directory
import Foundation
import MDMECore
import Postgres

/// The tenants' LDAP directory settings (written by `mdme directory set`, read here).
struct DirectoryStore {
    let database: PostgresConnection

    /// The tenant whose directory serves the address's domain, found before the tenant is known.
    func tenant(ofEmail email: String) throws -> UUID? {
        guard let domain = Self.domain(of: email) else { return nil }
        return try database.query("select mdme_tenant_of_directory_domain($1) as tenant_id", [domain])
            .first?.decode("tenant_id", as: UUID?.self)
    }

    /// The settings of the caller's tenant (row-level security scopes the read).
    func settings(tenantID: UUID, timeoutSeconds: Int) throws -> DirectorySettings? {
        guard let row = try database.query(
            """
            select url, ca_file, bind_dn_template, search_base, search_filter, service_bind_dn, service_password_file,
                   therapist_group_dn, admin_group_dn
            from tenant_directories where tenant_id = $1
            """,
            [tenantID]
        ).first else { return nil }
        var servicePassword: String?
        if let file = try row.decode("service_password_file", as: String?.self) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw APIError(.unavailable, "The directory is not usable right now.")
            }
            servicePassword = text.trimmingCharacters(in: .newlines)
        }
        return DirectorySettings(
            url: try row.decode("url"), caFile: try row.decode("ca_file"), bindDNTemplate: try row.decode("bind_dn_template"),
            searchBase: try row.decode("search_base"), searchFilter: try row.decode("search_filter"),
            serviceBindDN: try row.decode("service_bind_dn"), servicePassword: servicePassword,
            therapistGroupDN: try row.decode("therapist_group_dn"), adminGroupDN: try row.decode("admin_group_dn"),
            timeoutSeconds: timeoutSeconds
        )
    }

    static func domain(of email: String) -> String? {
        let parts = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().split(separator: "@")
        return parts.count == 2 ? String(parts[1]) : nil
    }

    static func username(of email: String) -> String? {
        let parts = email.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "@")
        return parts.count == 2 ? String(parts[0]) : nil
    }
}
