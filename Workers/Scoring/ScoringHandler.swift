import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Scores a submitted questionnaire: reads the sealed answers, scores them with the pure
/// scorers of MDMECore, stores the sealed scores and emits `questionnaire.scored`.
///
/// Exactly once: the runtime's inbox drops a redelivered event, and an assignment that is
/// already scored is left alone, so a duplicate published by the outbox relay changes nothing.
struct ScoringHandler: MessageHandler {
    static let submitted = "questionnaire.submitted"
    static let scored = "questionnaire.scored"

    struct Submitted: Decodable {
        let assignmentID: UUID
        let tenantID: UUID
        let clientID: UUID
    }

    let keyring: MasterKeyring
    let rules: MFSScoringRules
    let logger: Logger

    init(configuration: MDMEConfiguration, logger: Logger) throws {
        keyring = try configuration.masterKeyring()
        let mfs = configuration.mfs
        rules = MFSScoringRules(cutOff: mfs.cutOff, mildFrom: mfs.mildFrom, moderateFrom: mfs.moderateFrom, severeFrom: mfs.severeFrom)
        self.logger = logger
    }

    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        guard envelope.type == Self.submitted else { throw APIError(.notFound, "mdme-scoring does not handle \(envelope.type)") }
        let event: Submitted
        do {
            event = try envelope.payload(as: Submitted.self)
        } catch let error as DecodingError {
            throw APIError.validation([RequestDecoding.problem(for: error)])
        }
        try transaction.query("select set_config('app.tenant_id', $1, true)", [event.tenantID.lowercasedText])
        let assignment = event.assignmentID.lowercasedText
        guard let row = try transaction.query(
            """
            select instrument, status, answers_enc from questionnaire_assignments
            where id = $1 and client_id = $2 and tenant_id = $3 for update
            """,
            [event.assignmentID, event.clientID, event.tenantID]
        ).first else {
            // The client was deleted in the meantime: nothing left to score.
            logger.notice("assignment gone before scoring", ["assignment.id": assignment])
            return HandlerResult(reply: .noContent)
        }
        guard try row.decode("status", as: String.self) == QuestionnaireStatus.submitted.rawValue,
              let instrument = QuestionnaireInstrument(rawValue: try row.decode("instrument", as: String.self))
        else {
            logger.info("assignment already scored", ["assignment.id": assignment])
            return HandlerResult(reply: .noContent)
        }
        let cipher = try KeyStore(database: transaction, keyring: keyring).cipher(for: event.clientID)
        let answers = try SealedJSON.open(JSONValue.self, row, "answers_enc", with: cipher, table: "questionnaire_assignments", id: event.assignmentID)
        let scores: QuestionnaireScores
        do {
            scores = try instrument.score(answers: answers, mfsRules: rules)
        } catch {
            // Storage validated these answers; failing now means the stored data is damaged.
            throw MessagingError(.undecodableMessage, "stored answers of \(assignment) do not score: \(error.fieldProblems.map(\.field))")
        }
        try transaction.query(
            "update questionnaire_assignments set status = 'scored', scored_at = now(), scores_enc = $2 where id = $1",
            [event.assignmentID, try SealedJSON.seal(scores, with: cipher, "questionnaire_assignments", "scores", event.assignmentID)]
        )
        try transaction.query(
            AuditAppend.statement,
            [nil as UUID?, "system", "questionnaire.score", event.clientID, envelope.id, "allowed"]
        )
        logger.info("scored", ["assignment.id": assignment, "instrument": instrument.rawValue, "complete": "\(scores.complete)"])
        let scoredEvent = OutboxEvent(type: Self.scored, payload: .object([
            "assignment_id": .string(assignment),
            "tenant_id": .string(event.tenantID.lowercasedText),
            "client_id": .string(event.clientID.lowercasedText),
            "instrument": .string(instrument.rawValue),
            "complete": .bool(scores.complete),
        ]))
        return HandlerResult(reply: .noContent, events: [scoredEvent])
    }
}
