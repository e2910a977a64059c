import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// A report as `GET /reports/{id}` shows it; `questionnaire_id` is `null` unless the report is
/// about one questionnaire, `automatic` tells a report made on scoring from one asked for.
public struct ReportView: Encodable, Sendable {
    public let id: UUID
    public let kind: ReportKind
    public let status: ReportStatus
    public let createdAt: Date
    public let questionnaireID: UUID?
    public let automatic: Bool

    private enum CodingKeys: String, CodingKey { case id, kind, status, createdAt, questionnaireID, automatic }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(questionnaireID, forKey: .questionnaireID)
        try container.encode(automatic, forKey: .automatic)
    }
}

/// A report row: what to render, for whom, and how far it got.
public struct ReportRecord: Sendable {
    public let id: UUID
    public let tenantID: UUID
    public let clientID: UUID
    public let kind: ReportKind
    public let questionnaireID: UUID?
    public let period: DateRange
    public let automatic: Bool
    public let status: ReportStatus
    public let createdAt: Date

    public var view: ReportView {
        ReportView(id: id, kind: kind, status: status, createdAt: createdAt, questionnaireID: questionnaireID, automatic: automatic)
    }
}

/// PDF reports of clients. The PDF is sealed under the client's data key, so it is shredded
/// with the key when the client is deleted (the rows go too, by cascade).
public struct ReportStore {
    let database: PostgresConnection

    public init(database: PostgresConnection) {
        self.database = database
    }

    /// Queues a report a therapist asked for.
    public func create(id: UUID, tenantID: UUID, clientID: UUID, request: CreateReportRequest, requestedBy: UUID) throws -> ReportRecord {
        try record(try database.query(
            """
            insert into reports (id, tenant_id, client_id, kind, questionnaire_id, period_from, period_to, requested_by)
            values ($1, $2, $3, $4, $5, $6::date, $7::date, $8)
            returning \(Self.columns)
            """,
            [id, tenantID, clientID, request.kind.rawValue, request.questionnaireID, request.from?.description,
             request.to?.description, requestedBy]
        ).first!)
    }

    /// Queues the automatic report of a scored questionnaire; nil when it already has one.
    public func createAutomatic(tenantID: UUID, clientID: UUID, questionnaireID: UUID, kind: ReportKind,
                                status: ReportStatus = .queued) throws -> ReportRecord? {
        try database.query(
            """
            insert into reports (id, tenant_id, client_id, kind, questionnaire_id, automatic, status)
            values ($1, $2, $3, $4, $5, true, $6)
            on conflict (questionnaire_id) where automatic do nothing
            returning \(Self.columns)
            """,
            [UUID.random(), tenantID, clientID, kind.rawValue, questionnaireID, status.rawValue]
        ).first.map(record)
    }

    /// The report `id` of the tenant, whoever's client it is; the caller decides who may see it.
    /// `lock` holds the row until the transaction ends, so two renderers never both render it.
    public func get(_ id: UUID, tenantID: UUID, lock: Bool = false) throws -> ReportRecord? {
        try database.query(
            "select \(Self.columns) from reports where id = $1 and tenant_id = $2" + (lock ? " for update" : ""),
            [id, tenantID]
        ).first.map(record)
    }

    /// The client's reports, newest first.
    public func list(clientID: UUID, tenantID: UUID) throws -> [ReportRecord] {
        try database.query(
            "select \(Self.columns) from reports where client_id = $1 and tenant_id = $2 order by created_at desc, id",
            [clientID, tenantID]
        ).map(record)
    }

    /// Stores the rendered PDF and marks the report ready.
    public func markReady(_ id: UUID, pdf: [UInt8], cipher: FieldCipher) throws {
        try database.query(
            "update reports set status = 'ready', finished_at = now(), pdf_enc = $2 where id = $1",
            [id, cipher.seal(pdf, associatedData: Sealed.place("reports", "pdf", id))]
        )
    }

    /// Marks a report that could not be rendered.
    public func markFailed(_ id: UUID) throws {
        try database.query("update reports set status = 'failed', finished_at = now() where id = $1 and status = 'queued'", [id])
    }

    /// The PDF of a ready report.
    public func pdf(of id: UUID, tenantID: UUID, cipher: FieldCipher) throws -> [UInt8]? {
        guard let row = try database.query(
            "select pdf_enc from reports where id = $1 and tenant_id = $2 and status = 'ready'", [id, tenantID]
        ).first else { return nil }
        return try cipher.open(try row.decode("pdf_enc", as: [UInt8].self), associatedData: Sealed.place("reports", "pdf", id))
    }

    private static let columns = """
        id, tenant_id, client_id, kind, questionnaire_id, period_from::text as period_from, period_to::text as period_to,
        automatic, status, created_at
        """

    private func record(_ row: PostgresRow) throws -> ReportRecord {
        guard let kind = ReportKind(rawValue: try row.decode("kind", as: String.self)),
              let status = ReportStatus(rawValue: try row.decode("status", as: String.self)) else {
            throw APIError(.internalError, "A stored report could not be read.")
        }
        return ReportRecord(
            id: try row.decode("id"), tenantID: try row.decode("tenant_id"), clientID: try row.decode("client_id"),
            kind: kind, questionnaireID: try row.decode("questionnaire_id", as: UUID?.self),
            period: DateRange(from: try row.decode("period_from", as: String?.self).flatMap(CalendarDate.init),
                              to: try row.decode("period_to", as: String?.self).flatMap(CalendarDate.init)),
            automatic: try row.decode("automatic"), status: status, createdAt: try row.decode("created_at")
        )
    }
}
