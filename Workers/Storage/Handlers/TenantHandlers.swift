import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The tenant's settings and its staff (tenant admins only).
enum TenantHandlers {
    struct TenantView: Encodable {
        let id: UUID
        let name: String
        let timeZone: String
        let mailMode: MailMode
        let mfaRequired: Bool
        let smtp: SMTPRelayView?
    }

    /// The relay as GET /tenant shows it: the password never, only whether one is set.
    struct SMTPRelayView: Encodable {
        let host: String
        let port: Int
        let tls: String
        let username: String?
        let passwordSet: Bool
    }

    struct StaffMember: Encodable {
        let id: UUID
        let name: String
        let email: String
        let role: Role
    }

    static func get(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        return HandlerResult(reply: try .ok(try view(caller.tenantID, context)))
    }

    static func update(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        let request = try context.payload(UpdateTenantRequest.self)
        if let problem = request.validate() { throw problem }
        try context.database.query(
            """
            update tenants set name = coalesce($2, name), time_zone = coalesce($3, time_zone),
                               mail_mode = coalesce($4, mail_mode), mfa_required = coalesce($5, mfa_required)
            where id = $1
            """,
            [caller.tenantID, request.name, request.timeZone, request.mailMode?.rawValue, request.mfaRequired]
        )
        if let smtp = request.smtp {
            try setRelay(smtp, tenantID: caller.tenantID, context)
        }
        let relayMissing = try context.database.query(
            "select mail_mode = 'smtp' and smtp_host is null as missing from tenants where id = $1", [caller.tenantID]
        ).first?.decode("missing", as: Bool.self) ?? false
        if relayMissing {
            throw APIError.validation([FieldProblem(field: "smtp", problem: "is required for mail_mode smtp")])
        }
        context.services.logger.info("tenant settings changed", ["tenant.id": caller.tenantID.lowercasedText])
        return HandlerResult(reply: try .ok(try view(caller.tenantID, context)))
    }

    static func listTherapists(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        let rows = try context.database.query(
            """
            select a.id, a.role, a.name_enc, a.email_enc, k.key_id, k.wrapped_key
            from accounts a join account_keys k on k.account_id = a.id
            where a.tenant_id = $1 and a.role in ('therapist', 'tenant_admin')
            """,
            [caller.tenantID]
        )
        let staff = try rows.map { row in
            let id: UUID = try row.decode("id")
            let cipher = try KeyStore.cipher(from: row, owner: id, keyring: context.services.keyring)
            return StaffMember(id: id, name: try cipher.open(row, "name_enc", table: "accounts", id: id),
                               email: try cipher.open(row, "email_enc", table: "accounts", id: id),
                               role: Role(rawValue: try row.decode("role", as: String.self)) ?? .therapist)
        }.sorted { ($0.name.lowercased(), $0.id.uuidString) < ($1.name.lowercased(), $1.id.uuidString) }
        return HandlerResult(reply: try .ok(staff))
    }

    /// Host, port, TLS and user replace the stored ones; the password changes only when given.
    private static func setRelay(_ smtp: SMTPRelaySettings, tenantID: UUID, _ context: HandlerContext) throws {
        try context.database.query(
            "update tenants set smtp_host = $2, smtp_port = $3, smtp_tls = $4, smtp_username = $5 where id = $1",
            [tenantID, smtp.host, smtp.port, smtp.tls.rawValue, smtp.username]
        )
        guard let password = smtp.password else { return }
        let sealed = password.map { TenantSecret.seal($0, setting: "smtp_password", tenantID: tenantID, keyring: context.services.keyring) }
        try context.database.query(
            "update tenants set smtp_password_key_id = $2, smtp_password_enc = $3 where id = $1",
            [tenantID, sealed?.keyID, sealed?.sealed]
        )
    }

    private static func view(_ tenantID: UUID, _ context: HandlerContext) throws -> TenantView {
        guard let row = try context.database.query(
            """
            select id, name, time_zone, mail_mode, mfa_required, smtp_host, smtp_port, smtp_tls, smtp_username,
                   smtp_password_enc is not null as smtp_password_set
            from tenants where id = $1
            """,
            [tenantID]
        ).first else { throw APIError.notFound }
        var relay: SMTPRelayView?
        if let host = try row.decode("smtp_host", as: String?.self) {
            relay = SMTPRelayView(host: host, port: try row.decode("smtp_port"), tls: try row.decode("smtp_tls"),
                                  username: try row.decode("smtp_username", as: String?.self), passwordSet: try row.decode("smtp_password_set"))
        }
        return TenantView(id: try row.decode("id"), name: try row.decode("name"), timeZone: try row.decode("time_zone"),
                          mailMode: MailMode(rawValue: try row.decode("mail_mode", as: String.self)) ?? .none,
                          mfaRequired: try row.decode("mfa_required"), smtp: relay)
    }
}
