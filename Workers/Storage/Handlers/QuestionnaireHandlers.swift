import DataProtection
import Foundation
import MDMECore
import Messaging

/// Questionnaire assignments: the therapist assigns and follows them, the client sees their own.
/// Answering and scoring are a later step.
enum QuestionnaireHandlers {
    struct AssignCommand: Decodable {
        let clientID: UUID
        let instrument: QuestionnaireInstrument
    }

    static func assign(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let command = try context.payload(AssignCommand.self)
        guard try ClientRecordAccess.allows(caller, command.clientID, action: "questionnaire.assign", context) else {
            return HandlerResult(reply: .failure(.notFound))
        }
        let assignment = try store(context).assign(clientID: command.clientID, tenantID: caller.tenantID,
                                                   assignedBy: caller.accountID, instrument: command.instrument)
        try context.audit(caller, "questionnaire.assign", client: command.clientID)
        return HandlerResult(reply: try .created(assignment), subject: command.clientID)
    }

    static func listForClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let clientID = try context.payload(PeopleHandlers.ClientReference.self).clientID
        guard try ClientRecordAccess.allows(caller, clientID, action: "questionnaire.list", context) else {
            return HandlerResult(reply: .failure(.notFound))
        }
        try context.audit(caller, "questionnaire.list", client: clientID)
        return HandlerResult(reply: try .ok(try store(context).list(clientID: clientID, tenantID: caller.tenantID)))
    }

    static func listMine(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .client)
        let list = try store(context).list(clientID: caller.accountID, tenantID: caller.tenantID)
        try context.audit(caller, "questionnaire.list", client: caller.accountID)
        return HandlerResult(reply: try .ok(list.map(\.forClient)))
    }

    struct GetQuery: Decodable {
        let assignmentID: UUID
        let lang: InstrumentLanguage
    }

    static func getMine(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .client)
        let query = try context.payload(GetQuery.self)
        let store = store(context)
        let owner = try store.owner(of: query.assignmentID, tenantID: caller.tenantID)
        guard owner == caller.accountID, let assignment = try store.get(query.assignmentID, tenantID: caller.tenantID) else {
            // Another client's assignment is audited against that client: an attempt on their records.
            try context.audit(caller, "questionnaire.get", client: owner, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        try context.audit(caller, "questionnaire.get", client: caller.accountID)
        return HandlerResult(reply: try .ok(QuestionnaireFormView(assignment: assignment, language: query.lang)))
    }

    private static func store(_ context: HandlerContext) -> QuestionnaireStore {
        QuestionnaireStore(database: context.database, keys: context.keys)
    }
}
