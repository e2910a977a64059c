import Directory
import Foundation
import MDMECore
import MDMERuntime
import Postgres

/// `mdme directory set|remove`: a tenant's LDAP / Active Directory for logins. An operator's
/// command, not an API: the CA and service-password files live on the workers' hosts.
enum DirectoryCommand {
    static func set(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let tenantID = try tenant(arguments)
        let domain = try arguments.required("email-domain").lowercased()
        guard !domain.contains("@"), domain.contains(".") else { throw CLIError("--email-domain must be a domain like example.org") }
        let settings = DirectorySettings(
            url: try arguments.required("url"), caFile: arguments.optional("ca-file"),
            bindDNTemplate: arguments.optional("bind-dn-template"), searchBase: arguments.optional("search-base"),
            searchFilter: arguments.optional("search-filter"), serviceBindDN: arguments.optional("service-bind-dn"),
            therapistGroupDN: try arguments.required("therapist-group"), adminGroupDN: try arguments.required("admin-group")
        )
        if let problem = settings.problem() { throw CLIError(problem) }
        let passwordFile = arguments.optional("service-password-file")
        for file in [settings.caFile, passwordFile].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw CLIError("\(file) cannot be read")
        }
        try withOwnerConnection(configuration) { connection in
            try connection.query(
                """
                insert into tenant_directories (tenant_id, email_domain, url, ca_file, bind_dn_template, search_base, search_filter,
                                                service_bind_dn, service_password_file, therapist_group_dn, admin_group_dn)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                on conflict (tenant_id) do update set
                    email_domain = excluded.email_domain, url = excluded.url, ca_file = excluded.ca_file,
                    bind_dn_template = excluded.bind_dn_template, search_base = excluded.search_base,
                    search_filter = excluded.search_filter, service_bind_dn = excluded.service_bind_dn,
                    service_password_file = excluded.service_password_file, therapist_group_dn = excluded.therapist_group_dn,
                    admin_group_dn = excluded.admin_group_dn, updated_at = now()
                """,
                [tenantID, domain, settings.url, settings.caFile, settings.bindDNTemplate, settings.searchBase, settings.searchFilter,
                 settings.serviceBindDN, passwordFile, settings.therapistGroupDN, settings.adminGroupDN]
            )
        }
        print(#"{"tenant_id":"\#(tenantID.lowercasedText)","email_domain":"\#(domain)"}"#)
    }

    /// Directory accounts keep their rows (and data); they cannot log in until a directory is set again.
    static func remove(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let tenantID = try tenant(arguments)
        try withOwnerConnection(configuration) { connection in
            try connection.query("delete from tenant_directories where tenant_id = $1", [tenantID])
        }
        print(#"{"tenant_id":"\#(tenantID.lowercasedText)","removed":true}"#)
    }

    private static func tenant(_ arguments: CommandArguments) throws -> UUID {
        guard let id = UUID(uuidString: try arguments.required("tenant")) else { throw CLIError("--tenant must be a tenant id") }
        return id
    }

    private static func withOwnerConnection(_ configuration: MDMEConfiguration, _ body: (PostgresConnection) throws -> Void) throws {
        let connection = PostgresConnection(configuration: PostgresConfiguration(connectionString: configuration.postgres.ownerUrl, applicationName: "mdme-cli"))
        try connection.connect()
        defer { connection.close() }
        try body(connection)
    }
}
