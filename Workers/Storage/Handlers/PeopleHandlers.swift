import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Therapists and clients: creation with an invitation, lists and details.
enum PeopleHandlers {
    /// How the invitee gets the link: by mail, or handed to the caller when the tenant sends none.
    struct InvitationDelivery: Encodable {
        let delivery: String
        let link: String?
        let expiresAt: Date?
    }

    struct TherapistCreated: Encodable {
        let id: UUID
        let name: String
        let email: String
        let role: Role
        let invitation: InvitationDelivery
    }

    struct ClientCreated: Encodable {
        let client: ClientView
        let invitation: InvitationDelivery

        func encode(to encoder: any Encoder) throws {
            try client.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(invitation, forKey: .invitation)
        }

        enum CodingKeys: String, CodingKey { case invitation }
    }

    static func createTherapist(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .tenantAdmin)
        let request = try context.payload(CreateTherapistRequest.self)
        if let problem = request.validate() { throw problem }
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        let accountID = UUID.random()
        _ = try AccountStore(database: context.database, services: context.services)
            .create(id: accountID, tenantID: caller.tenantID, role: request.role, name: request.name, email: request.email)
        let (delivery, events) = try invite(accountID: accountID, tenant: tenant, eventType: "therapist.invited", context)
        let result = TherapistCreated(id: accountID, name: request.name, email: request.email, role: request.role, invitation: delivery)
        return HandlerResult(reply: try .created(result), events: events)
    }

    static func createClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let request = try context.payload(CreateClientRequest.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        if let problem = request.validate(today: CalendarDate(context.now, in: tenant.timeZone)) { throw problem }
        let accountID = UUID.random()
        let cipher = try AccountStore(database: context.database, services: context.services)
            .create(id: accountID, tenantID: caller.tenantID, role: .client, name: request.name, email: request.email)
        let clients = ClientStore(database: context.database, services: context.services)
        try clients.create(accountID: accountID, tenantID: caller.tenantID, therapistID: caller.accountID, request: request, cipher: cipher)
        try context.audit(caller, "client.create", client: accountID)
        let (delivery, events) = try invite(accountID: accountID, tenant: tenant, eventType: "client.invited", context)
        guard let view = try clients.get(accountID, for: caller, tenant: tenant) else { throw APIError.notFound }
        context.services.logger.info("client created", ["client.id": accountID.lowercasedText, "tenant.id": tenant.id.lowercasedText])
        return HandlerResult(reply: try .created(ClientCreated(client: view, invitation: delivery)), events: events, subject: accountID)
    }

    static func listClients(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        let clients = try ClientStore(database: context.database, services: context.services).list(for: caller, tenant: tenant)
        for client in clients {
            try context.audit(caller, "client.list", client: client.id)
        }
        return HandlerResult(reply: try .ok(clients))
    }

    struct ClientReference: Decodable {
        let clientID: UUID
    }

    static func getClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(ClientReference.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard let client = try ClientStore(database: context.database, services: context.services)
            .get(reference.clientID, for: caller, tenant: tenant) else {
            // Denied attempts are audited too, so the refusal is committed, not thrown.
            try context.audit(caller, "client.get", client: reference.clientID, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        try context.audit(caller, "client.get", client: client.id)
        return HandlerResult(reply: try .ok(client))
    }

    /// Issues the invitation. With mail the mailer sends the link (an outbox event); without,
    /// the link goes back to the therapist, who passes it on.
    private static func invite(accountID: UUID, tenant: TenantRecord, eventType: String,
                               _ context: HandlerContext) throws -> (InvitationDelivery, [OutboxEvent]) {
        let invitation = try InvitationStore(database: context.database, services: context.services)
            .issue(accountID: accountID, tenantID: tenant.id, now: context.now)
        guard tenant.mailMode.sendsMail else {
            return (InvitationDelivery(delivery: "manual", link: invitation.link, expiresAt: invitation.expiresAt), [])
        }
        let event = OutboxEvent(type: eventType, payload: .object([
            "tenant_id": .string(tenant.id.lowercasedText),
            "account_id": .string(accountID.lowercasedText),
            "invitation_id": .string(invitation.id.lowercasedText),
            "link": .string(invitation.link),
            "expires_at": .string(RFC3339.format(invitation.expiresAt)),
        ]))
        return (InvitationDelivery(delivery: "email", link: nil, expiresAt: nil), [event])
    }
}
