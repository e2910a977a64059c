import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// An assignment as the therapist sees it: status and, once scored, the scores.
public struct QuestionnaireAssignmentView: Encodable {
    public let id: UUID
    public let clientID: UUID
    public let instrument: QuestionnaireInstrument
    public let status: QuestionnaireStatus
    public let scores: QuestionnaireScores?
    public let assignedAt: Date
    public let submittedAt: Date?
    public let scoredAt: Date?

    private enum CodingKeys: String, CodingKey {
        case id, clientID, instrument, status, scores, assignedAt, submittedAt, scoredAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(instrument, forKey: .instrument)
        try container.encode(status, forKey: .status)
        // Not-yet values are `null`, not missing keys.
        try container.encode(scores, forKey: .scores)
        try container.encode(assignedAt, forKey: .assignedAt)
        try container.encode(submittedAt, forKey: .submittedAt)
        try container.encode(scoredAt, forKey: .scoredAt)
    }

    /// What the client sees of it in `GET /me/questionnaires`: no scores (API.md: "their status").
    public var forClient: ClientView {
        ClientView(id: id, instrument: instrument, status: status, assignedAt: assignedAt, submittedAt: submittedAt)
    }

    public struct ClientView: Encodable {
        public let id: UUID
        public let instrument: QuestionnaireInstrument
        public let status: QuestionnaireStatus
        public let assignedAt: Date
        public let submittedAt: Date?

        private enum CodingKeys: String, CodingKey { case id, instrument, status, assignedAt, submittedAt }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(instrument, forKey: .instrument)
            try container.encode(status, forKey: .status)
            try container.encode(assignedAt, forKey: .assignedAt)
            try container.encode(submittedAt, forKey: .submittedAt)
        }
    }
}

/// The questionnaire a client is asked to answer (`GET /me/questionnaires/{id}`): the
/// instrument's texts in one language.
public struct QuestionnaireFormView: Encodable {
    public let id: UUID
    public let instrument: QuestionnaireInstrument
    public let status: QuestionnaireStatus
    public let version: String
    public let title: String
    public let instructions: String
    public let items: [InstrumentItem.Localized]

    public init(assignment: QuestionnaireAssignmentView, language: InstrumentLanguage) {
        let instrument = assignment.instrument
        id = assignment.id
        self.instrument = instrument
        status = assignment.status
        version = instrument.version
        title = instrument.title[language]
        instructions = instrument.instructions[language]
        items = instrument.items.map { $0.localized(language) }
    }
}

/// Questionnaire assignments of clients. Answers and scores are sealed under the client's data
/// key (scores are numbers, but health data all the same).
public struct QuestionnaireStore {
    let database: PostgresConnection
    let keys: KeyStore

    public init(database: PostgresConnection, keys: KeyStore) {
        self.database = database
        self.keys = keys
    }

    /// Assigns `instrument`; a second pending assignment of the same instrument is a conflict.
    public func assign(clientID: UUID, tenantID: UUID, assignedBy: UUID, instrument: QuestionnaireInstrument) throws -> QuestionnaireAssignmentView {
        let pending = try database.query(
            "select 1 from questionnaire_assignments where client_id = $1 and tenant_id = $2 and instrument = $3 and status = 'pending'",
            [clientID, tenantID, instrument.rawValue]
        )
        guard pending.isEmpty else { throw Self.alreadyPending }
        let row: PostgresRow
        do {
            row = try database.query(
                """
                insert into questionnaire_assignments (id, tenant_id, client_id, instrument, assigned_by)
                values ($1, $2, $3, $4, $5) returning \(Self.columns)
                """,
                [UUID.random(), tenantID, clientID, instrument.rawValue, assignedBy]
            ).first!
        } catch let error as PostgresError where error.isUniqueViolation {
            // A concurrent assignment of the same instrument won the race.
            throw Self.alreadyPending
        }
        return try view(row, cipher: nil)
    }

    /// Oldest first.
    public func list(clientID: UUID, tenantID: UUID) throws -> [QuestionnaireAssignmentView] {
        let rows = try database.query(
            "select \(Self.columns) from questionnaire_assignments where client_id = $1 and tenant_id = $2 order by assigned_at, id",
            [clientID, tenantID]
        )
        // Only scored assignments need the key to open their scores.
        var cipher: FieldCipher?
        return try rows.map { row in
            if cipher == nil, try row.decode("scores_enc", as: [UInt8]?.self) != nil {
                cipher = try keys.cipher(for: clientID)
            }
            return try view(row, cipher: cipher)
        }
    }

    /// The client the assignment `id` of the tenant belongs to; nil when there is no such assignment.
    public func owner(of id: UUID, tenantID: UUID) throws -> UUID? {
        try database.query("select client_id from questionnaire_assignments where id = $1 and tenant_id = $2", [id, tenantID])
            .first?.decode("client_id")
    }

    /// The assignment `id` of the tenant, whoever's it is; the caller decides who may see it.
    public func get(_ id: UUID, tenantID: UUID) throws -> QuestionnaireAssignmentView? {
        guard let row = try database.query(
            "select \(Self.columns) from questionnaire_assignments where id = $1 and tenant_id = $2", [id, tenantID]
        ).first else { return nil }
        let clientID: UUID = try row.decode("client_id")
        let sealed = try row.decode("scores_enc", as: [UInt8]?.self) != nil
        return try view(row, cipher: sealed ? try keys.cipher(for: clientID) : nil)
    }

    private static let alreadyPending = APIError(
        .conflict, "The client already has this questionnaire waiting to be answered.",
        details: [FieldProblem(field: "instrument", problem: "is already assigned and not yet answered")]
    )

    private static let columns = "id, client_id, instrument, status, scores_enc, assigned_at, submitted_at, scored_at"

    private func view(_ row: PostgresRow, cipher: FieldCipher?) throws -> QuestionnaireAssignmentView {
        let id: UUID = try row.decode("id")
        guard let instrument = QuestionnaireInstrument(rawValue: try row.decode("instrument", as: String.self)),
              let status = QuestionnaireStatus(rawValue: try row.decode("status", as: String.self)) else {
            throw APIError(.internalError, "A stored assignment could not be read.")
        }
        var scores: QuestionnaireScores?
        if let cipher, let text = try cipher.openOptional(row, "scores_enc", table: "questionnaire_assignments", id: id) {
            scores = try Self.scores(Data(text.utf8), of: instrument)
        }
        return QuestionnaireAssignmentView(
            id: id, clientID: try row.decode("client_id"), instrument: instrument, status: status, scores: scores,
            assignedAt: try row.decode("assigned_at"), submittedAt: try row.decode("submitted_at", as: Date?.self),
            scoredAt: try row.decode("scored_at", as: Date?.self)
        )
    }

    /// The stored scores JSON (`QuestionnaireScores` as MDMEJSON writes it) of `instrument`.
    private static func scores(_ json: Data, of instrument: QuestionnaireInstrument) throws -> QuestionnaireScores {
        let decoder = MDMEJSON.decoder()
        return switch instrument {
        case .mfi20: .mfi20(try decoder.decode(MFI20Scores.self, from: json))
        case .mfs: .mfs(try decoder.decode(MFSScores.self, from: json))
        }
    }
}
