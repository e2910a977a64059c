import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// A goal or agreement as front ends see it.
public struct GoalView: Encodable {
    public let id: UUID
    public let clientID: UUID
    public let kind: GoalKind
    public let text: String
    public let status: GoalStatus
    public let targetDate: CalendarDate?
    public let createdAt: Date
    public let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, clientID, kind, text, status, targetDate, createdAt, updatedAt
    }

    /// `target_date` is always present, `null` when the goal has none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(kind, forKey: .kind)
        try container.encode(text, forKey: .text)
        try container.encode(status, forKey: .status)
        try container.encode(targetDate, forKey: .targetDate)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A client's goals; the text is sealed under the client's data key.
public struct GoalStore {
    let database: PostgresConnection
    let cipher: FieldCipher

    public init(database: PostgresConnection, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Oldest first, the order they were agreed in.
    public func list(clientID: UUID, tenantID: UUID) throws -> [GoalView] {
        try database.query(
            "select \(Self.columns) from goals where client_id = $1 and tenant_id = $2 order by created_at, id",
            [clientID, tenantID]
        ).map(view)
    }

    public func create(clientID: UUID, tenantID: UUID, request: CreateGoalRequest) throws -> GoalView {
        let id = UUID.random()
        let row = try database.query(
            """
            insert into goals (id, tenant_id, client_id, kind, text_enc, target_date)
            values ($1, $2, $3, $4, $5, $6::date)
            returning \(Self.columns)
            """,
            [id, tenantID, clientID, request.kind.rawValue, cipher.seal(request.text, "goals", "text", id),
             request.targetDate?.description]
        ).first!
        return try view(row)
    }

    /// The changed goal; nil when the client has no such goal.
    public func update(_ id: UUID, clientID: UUID, tenantID: UUID, request: UpdateGoalRequest) throws -> GoalView? {
        try database.query(
            """
            update goals set text_enc = coalesce($4, text_enc), status = coalesce($5, status),
                             target_date = case when $6::boolean then $7::date else target_date end,
                             updated_at = now()
            where id = $1 and client_id = $2 and tenant_id = $3
            returning \(Self.columns)
            """,
            [id, clientID, tenantID, request.text.map { cipher.seal($0, "goals", "text", id) }, request.status?.rawValue,
             request.targetDate != nil, request.targetDate??.description]
        ).first.map(view)
    }

    /// Whether the client had the goal.
    public func delete(_ id: UUID, clientID: UUID, tenantID: UUID) throws -> Bool {
        try database.query(
            "delete from goals where id = $1 and client_id = $2 and tenant_id = $3 returning id", [id, clientID, tenantID]
        ).count == 1
    }

    private static let columns = "id, client_id, kind, text_enc, status, target_date::text as target_date, created_at, updated_at"

    private func view(_ row: PostgresRow) throws -> GoalView {
        let id: UUID = try row.decode("id")
        return GoalView(
            id: id,
            clientID: try row.decode("client_id"),
            kind: GoalKind(rawValue: try row.decode("kind", as: String.self)) ?? .shortTerm,
            text: try cipher.open(row, "text_enc", table: "goals", id: id),
            status: GoalStatus(rawValue: try row.decode("status", as: String.self)) ?? .active,
            targetDate: try row.decode("target_date", as: String?.self).flatMap(CalendarDate.init),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
