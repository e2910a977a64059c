import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// `mdme tenant create`: a tenant and its first admin, who logs in after accepting the
/// printed invitation token (`POST /api/v1/auth/invitations/accept`).
enum TenantCreateCommand {
    static func run(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let name = try arguments.required("name")
        guard let mailMode = MailMode(rawValue: try arguments.required("mail-mode")) else {
            throw CLIError("--mail-mode must be none, smtp or provider")
        }
        let adminName = try arguments.required("admin-name")
        let adminEmail = try arguments.required("admin-email")
        var emailCheck = FieldChecker()
        emailCheck.email(adminEmail, "admin-email")
        if emailCheck.result() != nil { throw CLIError("--admin-email must be an email address") }
        let timeZone = arguments.optional("time-zone") ?? "Europe/Copenhagen"
        guard TimeZone(identifier: timeZone) != nil else { throw CLIError("--time-zone \(timeZone) is not a known time zone") }

        let security = configuration.security
        let blindIndex = try BlindIndex(key: KeyFile.load(path: security.blindIndexKeyFile))
        let keyring = try configuration.masterKeyring()
        // The owner's role: the tenant does not exist yet, so no tenant scope could admit the rows.
        let connection = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: "mdme-cli"))
        try connection.connect()
        defer { connection.close() }

        let tenantID = UUID.random()
        let adminID = UUID.random()
        let token = SecureRandom.token()
        let expiresAt = Date().addingTimeInterval(TimeInterval(configuration.security.invitationTtlHours * 3600))
        try connection.transaction { transaction in
            try transaction.query(
                "insert into tenants (id, name, time_zone, mail_mode) values ($1, $2, $3, $4)",
                [tenantID, name, timeZone, mailMode.rawValue]
            )
            // Sealed under the admin's own data key, as the storage worker seals every account.
            let dataKey = FieldCipher.generateKey()
            let cipher = try FieldCipher(key: dataKey)
            let inserted = try transaction.query(
                """
                insert into accounts (id, tenant_id, role, name_enc, email_enc, email_lookup)
                values ($1, $2, 'tenant_admin', $3, $4, $5) on conflict (email_lookup) do nothing returning id
                """,
                [adminID, tenantID, cipher.seal(adminName, "accounts", "name", adminID),
                 cipher.seal(adminEmail, "accounts", "email", adminID), blindIndex.index(email: adminEmail)]
            )
            guard inserted.count == 1 else { throw CLIError("an account with that email address already exists") }
            try KeyStore(database: transaction, keyring: keyring).create(for: adminID, tenantID: tenantID, key: dataKey)
            try transaction.query(
                "insert into invitations (id, tenant_id, account_id, token_hash, expires_at) values ($1, $2, $3, $4, $5)",
                [UUID.random(), tenantID, adminID, Digest.hex(Digest.sha256(Array(token.utf8))), expiresAt]
            )
        }
        let output: [String: String] = [
            "tenant_id": tenantID.lowercasedText,
            "admin_id": adminID.lowercasedText,
            "invitation_token": token,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }
}
