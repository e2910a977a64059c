import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Password reset: asked for by the account holder (by mail only), or by the client's
/// therapist (by mail, or as a link handed to the therapist when the tenant sends no mail);
/// completed with the token from the link.
enum PasswordResetHandlers {
    /// The one answer to every reset request, known address or not.
    struct Accepted: Encodable {
        let status = "accepted"
    }

    struct Delivery: Encodable {
        let delivery: String
        let link: String?
        let expiresAt: Date?
    }

    /// `POST /auth/password-reset`. The answer and the steps are the same whether or not the
    /// address belongs to an account; only then, and only where the tenant sends mail, is a
    /// token stored and a `password_reset.requested` event written for the mailer.
    static func request(_ context: HandlerContext) throws -> HandlerResult {
        let request = try context.payload(PasswordResetRequest.self)
        if let problem = request.validate() { throw problem }
        let accounts = AccountStore(database: context.database, services: context.services)
        // The token is made and the look-ups run for an unknown address too (in a tenant that
        // does not exist, where row-level security hides every row), so the work differs only
        // by the two inserts of a real request.
        let candidate = PasswordResetStore.Candidate()
        try context.enterTenant(try accounts.tenant(ofEmail: request.email) ?? UUID.random())
        let account = try accounts.find(email: request.email)
        let mailMode = try context.database.query("select mail_mode from tenants where id = $1", [account?.tenantID ?? UUID.random()])
            .first.flatMap { MailMode(rawValue: try $0.decode("mail_mode", as: String.self)) }
        var events: [OutboxEvent] = []
        if let account, let mailMode, mailMode.sendsMail {
            let issued = try PasswordResetStore(database: context.database, services: context.services)
                .issue(candidate, accountID: account.id, tenantID: account.tenantID, requestedBy: nil, now: context.now)
            events.append(event(issued, account: account.id, tenant: account.tenantID))
            if account.role == .client {
                try AuditLog(database: context.database)
                    .record(actorID: nil, role: nil, action: "client.password_reset.request", client: account.id, requestID: context.envelope.id)
            }
            context.services.logger.info("password reset requested", ["account.id": account.id.lowercasedText])
        }
        return HandlerResult(reply: try .accepted(Accepted()), events: events)
    }

    /// `POST /clients/{id}/password-reset`, by the client's therapist or a tenant admin.
    static func requestForClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(PeopleHandlers.ClientReference.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services).get(reference.clientID, for: caller, tenant: tenant) != nil else {
            try context.audit(caller, "client.password_reset", client: reference.clientID, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        let issued = try PasswordResetStore(database: context.database, services: context.services)
            .issue(accountID: reference.clientID, tenantID: tenant.id, requestedBy: caller.accountID, now: context.now)
        try context.audit(caller, "client.password_reset", client: reference.clientID)
        guard tenant.mailMode.sendsMail else {
            // No mail leaves the system: the therapist passes the link on. The kept reply holds
            // the link, so it is tied to the client and forgotten with them.
            let delivery = Delivery(delivery: "manual", link: issued.link, expiresAt: issued.expiresAt)
            return HandlerResult(reply: try .ok(delivery), subject: reference.clientID)
        }
        return HandlerResult(reply: try .accepted(Delivery(delivery: "email", link: nil, expiresAt: nil)),
                             events: [event(issued, account: reference.clientID, tenant: tenant.id)], subject: reference.clientID)
    }

    /// `POST /auth/password-reset/complete`: sets the password, lifts a lockout, and ends every
    /// session of the account (whoever held one).
    static func complete(_ context: HandlerContext) throws -> HandlerResult {
        let request = try context.payload(CompletePasswordResetRequest.self)
        if let problem = request.validate() { throw problem }
        let resets = PasswordResetStore(database: context.database, services: context.services)
        if let tenantID = try resets.tenant(ofToken: request.token) {
            try context.enterTenant(tenantID)
        }
        guard let accountID = try resets.consume(token: request.token) else {
            throw APIError.validation([FieldProblem(field: "token", problem: "is invalid, used or expired")])
        }
        let hash = try context.services.passwords.hash(request.password)
        try AccountStore(database: context.database, services: context.services).setPassword(accountID: accountID, hash: hash)
        try context.database.query("update sessions set revoked_at = now() where account_id = $1 and revoked_at is null", [accountID])
        // An invitation still open would set the password again, without this flow's checks.
        try context.database.query("update invitations set used_at = now() where account_id = $1 and used_at is null", [accountID])
        if let role = try context.database.query("select role from accounts where id = $1", [accountID]).first
            .flatMap({ Role(rawValue: try $0.decode("role", as: String.self)) }), role == .client {
            try AuditLog(database: context.database)
                .record(actorID: accountID, role: .client, action: "client.password_reset.complete", client: accountID, requestID: context.envelope.id)
        }
        context.services.logger.notice("password reset completed", ["account.id": accountID.lowercasedText])
        return HandlerResult(reply: .noContent)
    }

    /// The mailer's event: ids and the link, never the address (the mailer looks it up).
    private static func event(_ issued: PasswordResetStore.Issued, account: UUID, tenant: UUID) -> OutboxEvent {
        OutboxEvent(type: "password_reset.requested", payload: .object([
            "tenant_id": .string(tenant.lowercasedText),
            "account_id": .string(account.lowercasedText),
            "reset_id": .string(issued.id.lowercasedText),
            "link": .string(issued.link),
            "expires_at": .string(RFC3339.format(issued.expiresAt)),
        ]))
    }
}
