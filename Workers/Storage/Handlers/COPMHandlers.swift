import ClientRecords
import DataProtection
import Foundation
import MDMECore
import Messaging

/// COPM assessments of a client (the client's therapist or a tenant admin).
enum COPMHandlers {
    struct CreateCommand: Decodable {
        let clientID: UUID
    }

    static func create(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let clientID = try context.payload(CreateCommand.self).clientID
        let request = try context.payload(CreateCOPMAssessmentRequest.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        if let problem = request.validate(today: CalendarDate(context.now, in: tenant.timeZone)) { throw problem }
        guard try ClientRecordAccess.allows(caller, clientID, action: "copm.create", context) else {
            return HandlerResult(reply: .failure(.notFound))
        }
        let store = COPMStore(database: context.database, cipher: try context.keys.cipher(for: clientID))
        let id = try store.create(clientID: clientID, tenantID: caller.tenantID, createdBy: caller.accountID, request: request)
        try context.audit(caller, "copm.create", client: clientID)
        // Its change is against the client's first assessment, which may be this one.
        guard let created = try store.list(clientID: clientID, tenantID: caller.tenantID).first(where: { $0.id == id }) else {
            throw APIError.notFound
        }
        return HandlerResult(reply: try .created(created), subject: clientID)
    }

    static func list(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let clientID = try context.payload(PeopleHandlers.ClientReference.self).clientID
        guard try ClientRecordAccess.allows(caller, clientID, action: "copm.list", context) else {
            return HandlerResult(reply: .failure(.notFound))
        }
        try context.audit(caller, "copm.list", client: clientID)
        let list = try COPMStore(database: context.database, cipher: try context.keys.cipher(for: clientID))
            .list(clientID: clientID, tenantID: caller.tenantID)
        return HandlerResult(reply: try .ok(list))
    }
}
