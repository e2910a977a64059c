import ClientRecords
import DataProtection
import Foundation
import MDMECore
import Messaging

/// PDF reports of a client (the client's therapist or a tenant admin). Storage queues a
/// report and serves it; `mdme-reports` renders it on `report.requested`.
enum ReportHandlers {
    static let requested = "report.requested"

    struct RequestCommand: Decodable {
        let clientID: UUID
    }

    struct ReportReference: Decodable {
        let reportID: UUID
    }

    static func request(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let clientID = try context.payload(RequestCommand.self).clientID
        let request = try context.payload(CreateReportRequest.self)
        if let problem = request.validate() { throw problem }
        guard try ClientRecordAccess.allows(caller, clientID, action: "report.request", context) else {
            return ClientRecordAccess.refused
        }
        if let questionnaireID = request.questionnaireID, let instrument = request.kind.instrument {
            let questionnaire = try QuestionnaireStore(database: context.database, keys: context.keys).get(questionnaireID, tenantID: caller.tenantID)
            guard let questionnaire, questionnaire.clientID == clientID, questionnaire.instrument == instrument,
                  questionnaire.status == .scored else {
                throw APIError.validation([FieldProblem(field: "questionnaire_id", problem: "is not a scored \(instrument.rawValue) questionnaire of this client")])
            }
        }
        let report = try ReportStore(database: context.database)
            .create(id: UUID.random(), tenantID: caller.tenantID, clientID: clientID, request: request, requestedBy: caller.accountID)
        try context.audit(caller, "report.request", client: clientID)
        let event = OutboxEvent(type: requested, payload: .object([
            "report_id": .string(report.id.lowercasedText),
            "tenant_id": .string(caller.tenantID.lowercasedText),
            "client_id": .string(clientID.lowercasedText),
        ]))
        return HandlerResult(reply: try .accepted(QueuedReport(id: report.id, status: report.status)), events: [event])
    }

    private struct QueuedReport: Encodable {
        let id: UUID
        let status: ReportStatus
    }

    static func get(_ context: HandlerContext) throws -> HandlerResult {
        let (caller, report) = try visibleReport(context, action: "report.get")
        guard let report else { return ClientRecordAccess.refused }
        try context.audit(caller, "report.get", client: report.clientID)
        return HandlerResult(reply: try .ok(report.view))
    }

    static func listForClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let clientID = try context.payload(RequestCommand.self).clientID
        guard try ClientRecordAccess.allows(caller, clientID, action: "report.list", context) else {
            return ClientRecordAccess.refused
        }
        try context.audit(caller, "report.list", client: clientID)
        return HandlerResult(reply: try .ok(try ReportStore(database: context.database).list(clientID: clientID, tenantID: caller.tenantID).map(\.view)))
    }

    /// The PDF, base64 in the reply; the gateway answers with the bytes. 409 until it is ready.
    static func pdf(_ context: HandlerContext) throws -> HandlerResult {
        let (caller, report) = try visibleReport(context, action: "report.download")
        guard let report else { return ClientRecordAccess.refused }
        try context.audit(caller, "report.download", client: report.clientID)
        guard report.status == .ready,
              let pdf = try ReportStore(database: context.database)
                  .pdf(of: report.id, tenantID: caller.tenantID, cipher: try context.keys.cipher(for: report.clientID))
        else {
            let message = report.status == .failed
                ? "The report could not be made; ask for a new one."
                : "The report is not ready yet; try again shortly."
            return HandlerResult(reply: .failure(APIError(.conflict, message)))
        }
        let filename = "mdme-\(report.kind.rawValue)-\(report.id.lowercasedText.prefix(8)).pdf"
        return HandlerResult(reply: try .ok(BinaryReply(contentType: "application/pdf", filename: filename, bytes: pdf)))
    }

    /// The report named by the payload, when the caller may see its client's records; nil
    /// (after auditing the refusal) otherwise, and for a report that does not exist.
    private static func visibleReport(_ context: HandlerContext, action: String) throws -> (Caller, ReportRecord?) {
        let caller = try context.caller(requiring: .therapist)
        let reportID = try context.payload(ReportReference.self).reportID
        guard let report = try ReportStore(database: context.database).get(reportID, tenantID: caller.tenantID) else {
            return (caller, nil)
        }
        guard try ClientRecordAccess.allows(caller, report.clientID, action: action, context) else { return (caller, nil) }
        return (caller, report)
    }
}
