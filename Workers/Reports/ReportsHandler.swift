import ClientRecords
import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres
import Reports

/// Renders reports: reads the client's records with its own (tenant-scoped) access, renders
/// the PDF, stores it sealed under the client's data key and marks the report ready.
///
/// Rendering runs on the consumer's thread while it holds the message; a report takes well
/// under a second (see `RenderBenchmark`), far inside RabbitMQ's consumer timeout. A render
/// that throws is retried by the runtime and finally dead-lettered; `deadLettered` then marks
/// the report failed, so the therapist sees `failed` instead of `queued` for ever.
struct ReportsHandler: MessageHandler {
    static let requested = "report.requested"
    static let scored = "questionnaire.scored"

    struct Requested: Decodable {
        let reportID: UUID
        let tenantID: UUID
        let clientID: UUID
    }

    struct Scored: Decodable {
        let assignmentID: UUID
        let tenantID: UUID
        let clientID: UUID
        let instrument: QuestionnaireInstrument
    }

    let keyring: MasterKeyring
    let rules: MFSScoringRules
    let logger: Logger

    init(configuration: MDMEConfiguration, logger: Logger) throws {
        let security = configuration.security
        keyring = try MasterKeyring(currentKeyID: security.masterKeyId, keys: [security.masterKeyId: KeyFile.load(path: security.masterKeyFile)])
        let mfs = configuration.mfs
        rules = MFSScoringRules(cutOff: mfs.cutOff, mildFrom: mfs.mildFrom, moderateFrom: mfs.moderateFrom, severeFrom: mfs.severeFrom)
        self.logger = logger
    }

    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        let store = ReportStore(database: transaction)
        let report: ReportRecord
        switch envelope.type {
        case Self.requested:
            let event = try decode(Requested.self, envelope)
            try enterTenant(event.tenantID, transaction)
            guard let queued = try store.get(event.reportID, tenantID: event.tenantID, lock: true), queued.status == .queued else {
                // Rendered already, or the client (and so the report) was deleted meanwhile.
                logger.info("report not queued; nothing to render", ["report.id": event.reportID.lowercasedText])
                return HandlerResult(reply: .noContent)
            }
            report = queued
        case Self.scored:
            let event = try decode(Scored.self, envelope)
            try enterTenant(event.tenantID, transaction)
            guard try QuestionnaireStore(database: transaction, keys: KeyStore(database: transaction, keyring: keyring))
                .owner(of: event.assignmentID, tenantID: event.tenantID) == event.clientID else {
                logger.info("questionnaire gone before its report", ["assignment.id": event.assignmentID.lowercasedText])
                return HandlerResult(reply: .noContent)
            }
            let kind: ReportKind = event.instrument == .mfi20 ? .mfi20 : .mfs
            guard let created = try store.createAutomatic(tenantID: event.tenantID, clientID: event.clientID,
                                                          questionnaireID: event.assignmentID, kind: kind) else {
                logger.info("questionnaire already has its report", ["assignment.id": event.assignmentID.lowercasedText])
                return HandlerResult(reply: .noContent)
            }
            report = created
        default:
            throw APIError(.notFound, "mdme-reports does not handle \(envelope.type)")
        }
        try render(report, causedBy: envelope, in: transaction)
        return HandlerResult(reply: .noContent)
    }

    private func render(_ report: ReportRecord, causedBy envelope: Envelope, in transaction: PostgresConnection) throws {
        let started = ContinuousClock.now
        let keys = KeyStore(database: transaction, keyring: keyring)
        let input = try ReportLoader(database: transaction, keys: keys, rules: rules).input(for: report, printedAt: Date())
        let pdf = try ReportComposer.render(input)
        try ReportStore(database: transaction).markReady(report.id, pdf: pdf, cipher: try keys.cipher(for: report.clientID))
        try transaction.query(
            AuditAppend.statement,
            [nil as UUID?, "system", "report.render", report.clientID, envelope.id, "allowed"]
        )
        let elapsed = ContinuousClock.now - started
        logger.info("report rendered", [
            "report.id": report.id.lowercasedText, "report.kind": report.kind.rawValue,
            "bytes": "\(pdf.count)", "duration.ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ])
    }

    /// After the last attempt: the report is shown as failed. An automatic report whose
    /// insert was rolled back with the failed render is recorded as failed now.
    func deadLettered(_ envelope: Envelope, in transaction: PostgresConnection) throws {
        switch envelope.type {
        case Self.requested:
            let event = try decode(Requested.self, envelope)
            try enterTenant(event.tenantID, transaction)
            try ReportStore(database: transaction).markFailed(event.reportID)
            logger.error("report failed", ["report.id": event.reportID.lowercasedText])
        case Self.scored:
            let event = try decode(Scored.self, envelope)
            try enterTenant(event.tenantID, transaction)
            _ = try ReportStore(database: transaction).createAutomatic(
                tenantID: event.tenantID, clientID: event.clientID, questionnaireID: event.assignmentID,
                kind: event.instrument == .mfi20 ? .mfi20 : .mfs, status: .failed
            )
            logger.error("automatic report failed", ["assignment.id": event.assignmentID.lowercasedText])
        default:
            break
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ envelope: Envelope) throws -> T {
        do {
            return try envelope.payload(as: T.self)
        } catch let error as DecodingError {
            throw APIError.validation([RequestDecoding.problem(for: error)])
        }
    }

    /// Row-level security: the transaction sees only this tenant's rows.
    private func enterTenant(_ tenantID: UUID, _ transaction: PostgresConnection) throws {
        try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantID.lowercasedText])
    }
}
