import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Handing a client to a colleague: the responsible therapist (or a tenant admin) offers, the
/// colleague accepts or declines; responsibility moves only on acceptance. Every step is
/// audited against the client, and the other side gets an in-app notice.
enum HandoverHandlers {
    struct HandoverReference: Decodable {
        let handoverID: UUID
    }

    static func offer(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(PeopleHandlers.ClientReference.self)
        let request = try context.payload(HandoverRequest.self)
        if let problem = request.validate() { throw problem }
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard let client = try ClientStore(database: context.database, services: context.services)
            .get(reference.clientID, for: caller, tenant: tenant) else {
            try context.audit(caller, "client.handover.offer", client: reference.clientID, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        let handovers = HandoverStore(database: context.database)
        guard let target = request.therapist, target != client.responsibleTherapistID,
              try handovers.isStaff(target, tenantID: tenant.id) else {
            throw APIError.validation([FieldProblem(field: "therapist_id",
                                                    problem: "must be another therapist or admin of the tenant than the responsible one")])
        }
        let handover = try handovers.offer(client: client.id, tenantID: tenant.id, from: client.responsibleTherapistID,
                                           to: target, offeredBy: caller.accountID)
        try notify(target, .handoverOffered, about: client.id, context, tenantID: tenant.id)
        try context.audit(caller, "client.handover.offer", client: client.id)
        context.services.logger.info("handover offered", ["handover.id": handover.id.lowercasedText,
                                                          "client.id": client.id.lowercasedText])
        return HandlerResult(reply: try .created(handover), subject: client.id)
    }

    /// The pending offers made to the caller.
    static func list(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let pending = try HandoverStore(database: context.database).pending(for: caller.accountID, tenantID: caller.tenantID)
        for handover in pending {
            try context.audit(caller, "client.handover.list", client: handover.clientID)
        }
        return HandlerResult(reply: try .ok(pending))
    }

    static func accept(_ context: HandlerContext) throws -> HandlerResult {
        try decide(context, accept: true)
    }

    static func decline(_ context: HandlerContext) throws -> HandlerResult {
        try decide(context, accept: false)
    }

    /// Only the colleague the client was offered to decides; to anyone else the offer does not
    /// exist (404). A decided or withdrawn offer cannot be decided again (409).
    private static func decide(_ context: HandlerContext, accept: Bool) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(HandoverReference.self)
        let action = accept ? "client.handover.accept" : "client.handover.decline"
        let handovers = HandoverStore(database: context.database)
        guard let handover = try handovers.find(reference.handoverID, tenantID: caller.tenantID) else { throw APIError.notFound }
        guard handover.toTherapistID == caller.accountID else {
            try context.audit(caller, action, client: handover.clientID, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        guard let decided = try handovers.decide(handover, tenantID: caller.tenantID, accept: accept) else {
            throw APIError(.conflict, "This handover is no longer pending.")
        }
        // The therapist who gave the client, and the admin who offered it on their behalf.
        for recipient in Set([handover.fromTherapistID, handover.offeredBy]) {
            try notify(recipient, accept ? .handoverAccepted : .handoverDeclined, about: handover.clientID, context, tenantID: caller.tenantID)
        }
        try context.audit(caller, action, client: handover.clientID)
        context.services.logger.info(accept ? "handover accepted" : "handover declined",
                                     ["handover.id": handover.id.lowercasedText,
                                      "client.id": handover.clientID.lowercasedText])
        return HandlerResult(reply: try .ok(decided), subject: handover.clientID)
    }

    private static func notify(_ recipient: UUID, _ kind: NotificationKind, about clientID: UUID,
                               _ context: HandlerContext, tenantID: UUID) throws {
        try NotificationStore(database: context.database, keys: context.keys)
            .create(for: recipient, tenantID: tenantID, kind: kind, client: clientID,
                    text: NotificationText.text(kind, client: clientID))
    }
}
