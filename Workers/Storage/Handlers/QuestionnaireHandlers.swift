import ClientRecords
import Postgres
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

    struct SubmitCommand: Decodable {
        let assignmentID: UUID
        let answers: JSONValue
    }

    /// The client answers: checked against the instrument, stored sealed, and handed to
    /// `mdme-scoring` through the outbox. A second answer is a conflict.
    static func submit(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .client)
        let command = try context.payload(SubmitCommand.self)
        guard let row = try context.database.query(
            """
            select client_id, instrument, status from questionnaire_assignments
            where id = $1 and tenant_id = $2 for update
            """,
            [command.assignmentID, caller.tenantID]
        ).first else {
            try context.audit(caller, "questionnaire.submit", client: nil, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        let owner: UUID = try row.decode("client_id")
        guard owner == caller.accountID, let instrument = QuestionnaireInstrument(rawValue: try row.decode("instrument", as: String.self)) else {
            try context.audit(caller, "questionnaire.submit", client: owner, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        guard try row.decode("status", as: String.self) == QuestionnaireStatus.pending.rawValue else {
            throw APIError(.conflict, "This questionnaire has already been answered.")
        }
        do {
            try instrument.validate(answers: command.answers)
        } catch {
            throw error.apiError
        }
        let cipher = try context.keys.cipher(for: caller.accountID)
        try context.database.query(
            "update questionnaire_assignments set status = 'submitted', submitted_at = now(), answers_enc = $2 where id = $1",
            [command.assignmentID, try SealedJSON.seal(command.answers, with: cipher, "questionnaire_assignments", "answers", command.assignmentID)]
        )
        try context.audit(caller, "questionnaire.submit", client: caller.accountID)
        // Ids only: the scoring worker reads the sealed answers itself.
        let event = OutboxEvent(type: "questionnaire.submitted", payload: .object([
            "assignment_id": .string(command.assignmentID.lowercasedText),
            "tenant_id": .string(caller.tenantID.lowercasedText),
            "client_id": .string(caller.accountID.lowercasedText),
            "instrument": .string(instrument.rawValue),
        ]))
        let result: JSONValue = .object(["id": .string(command.assignmentID.lowercasedText), "status": .string("submitted")])
        return HandlerResult(reply: Reply(outcome: .accepted, result: result), events: [event])
    }

    private static func store(_ context: HandlerContext) -> QuestionnaireStore {
        QuestionnaireStore(database: context.database, keys: context.keys)
    }
}
