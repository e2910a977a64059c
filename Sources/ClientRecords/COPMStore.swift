import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// One COPM assessment as the therapist sees it, scored by `COPMScorer`, with its change
/// against the client's first assessment (`null` for the first itself).
public struct COPMAssessmentView: Encodable {
    public let id: UUID
    public let clientID: UUID
    public let assessedOn: CalendarDate
    public let problems: [COPMProblem]
    public let performanceScore: COPMScore
    public let satisfactionScore: COPMScore
    public let change: COPMChange?
    public let createdAt: Date

    private enum CodingKeys: String, CodingKey {
        case id, clientID, assessedOn, problems, performanceScore, satisfactionScore, change, createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(assessedOn, forKey: .assessedOn)
        try container.encode(problems, forKey: .problems)
        try container.encode(performanceScore, forKey: .performanceScore)
        try container.encode(satisfactionScore, forKey: .satisfactionScore)
        // `null` for the first assessment rather than a missing key, so every reader sees the same fields.
        try container.encode(change, forKey: .change)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// A client's COPM assessments. The problems are sealed as one JSON list under the client's
/// data key; scores are never stored but computed on every read by `COPMScorer`.
public struct COPMStore {
    let database: PostgresConnection
    let cipher: FieldCipher

    public init(database: PostgresConnection, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func create(clientID: UUID, tenantID: UUID, createdBy: UUID, request: CreateCOPMAssessmentRequest) throws -> UUID {
        let id = UUID.random()
        let problems = String(decoding: try JSONEncoder().encode(request.problems), as: UTF8.self)
        try database.query(
            """
            insert into copm_assessments (id, tenant_id, client_id, assessed_on, problems_enc, created_by)
            values ($1, $2, $3, $4::date, $5, $6)
            """,
            [id, tenantID, clientID, request.assessedOn.description,
             cipher.seal(problems, "copm_assessments", "problems", id), createdBy]
        )
        return id
    }

    /// Oldest first (by assessment date, then by when it was entered); the first is the
    /// baseline every later change is measured against.
    public func list(clientID: UUID, tenantID: UUID) throws -> [COPMAssessmentView] {
        let rows = try database.query(
            """
            select id, client_id, to_char(assessed_on, 'YYYY-MM-DD') as assessed_on, problems_enc, created_at
            from copm_assessments where client_id = $1 and tenant_id = $2
            order by assessed_on, created_at, id
            """,
            [clientID, tenantID]
        )
        var baseline: COPMScores?
        return try rows.map { row in
            let id: UUID = try row.decode("id")
            let problems = try JSONDecoder().decode(
                [COPMProblem].self, from: Data(try cipher.open(row, "problems_enc", table: "copm_assessments", id: id).utf8)
            )
            let scores = try COPMScorer.score(problems)
            let change = baseline.map { COPMScorer.change(from: $0, to: scores) }
            if baseline == nil { baseline = scores }
            guard let assessedOn = CalendarDate(try row.decode("assessed_on", as: String.self)) else {
                throw APIError(.internalError, "A stored assessment date could not be read.")
            }
            return COPMAssessmentView(
                id: id, clientID: try row.decode("client_id"), assessedOn: assessedOn, problems: problems,
                performanceScore: scores.performance, satisfactionScore: scores.satisfaction,
                change: change, createdAt: try row.decode("created_at")
            )
        }
    }
}
