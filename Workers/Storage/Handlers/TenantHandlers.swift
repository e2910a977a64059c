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
        context.services.logger.info("tenant settings changed", ["tenant.id": caller.tenantID.uuidString.lowercased()])
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

    private static func view(_ tenantID: UUID, _ context: HandlerContext) throws -> TenantView {
        guard let row = try context.database.query(
            "select id, name, time_zone, mail_mode, mfa_required from tenants where id = $1", [tenantID]
        ).first else { throw APIError.notFound }
        return TenantView(id: try row.decode("id"), name: try row.decode("name"), timeZone: try row.decode("time_zone"),
                          mailMode: MailMode(rawValue: try row.decode("mail_mode", as: String.self)) ?? .none,
                          mfaRequired: try row.decode("mfa_required"))
    }
}
