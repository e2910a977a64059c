import Crypto
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// One diary entry as front ends see it.
struct RegistrationView: Encodable {
    let id: UUID
    let clientID: UUID
    let activity: String
    let startedAt: Date
    let durationMinutes: Int
    let level: Int
    let statements: [String]
    let symptoms: [String]
    let note: String?
    let receivedAt: Date
}

/// Activity registrations of clients.
struct RegistrationStore {
    let database: PostgresConnection

    /// At most this many entries per list answer; a period longer than that is paged by dates.
    static let listLimit = 1000

    func create(clientID: UUID, tenantID: UUID, request: CreateRegistrationRequest) throws -> RegistrationView {
        let row = try database.query(
            """
            insert into registrations (id, tenant_id, client_id, activity, started_at, duration_minutes, level, statements, symptoms, note)
            values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)
            returning \(Self.columns)
            """,
            [UUID(), tenantID, clientID, request.activity, request.startedAt, request.durationMinutes, request.level,
             try Self.jsonText(request.statements ?? []), try Self.jsonText(request.symptoms ?? []), request.note]
        ).first!
        return try Self.view(row)
    }

    /// Newest first; `range` is inclusive, in the tenant's time zone.
    func list(clientID: UUID, tenantID: UUID, range: DateRange, timeZone: TimeZone) throws -> [RegistrationView] {
        let from = range.from?.startOfDay(in: timeZone)
        let until = range.to.map { day in
            Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: day.startOfDay(in: timeZone))!
        }
        return try database.query(
            """
            select \(Self.columns) from registrations
            where client_id = $1 and tenant_id = $2
              and ($3::timestamptz is null or started_at >= $3) and ($4::timestamptz is null or started_at < $4)
            order by started_at desc, id limit $5
            """,
            [clientID, tenantID, from, until, Self.listLimit]
        ).map(Self.view)
    }

    private static let columns = """
        id, client_id, activity, started_at, duration_minutes, level, statements::text as statements,
        symptoms::text as symptoms, note, received_at
        """

    private static func jsonText(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    private static func view(_ row: PostgresRow) throws -> RegistrationView {
        let decoder = JSONDecoder()
        return RegistrationView(
            id: try row.decode("id"),
            clientID: try row.decode("client_id"),
            activity: try row.decode("activity"),
            startedAt: try row.decode("started_at"),
            durationMinutes: try row.decode("duration_minutes"),
            level: try row.decode("level"),
            statements: try decoder.decode([String].self, from: Data(try row.decode("statements", as: String.self).utf8)),
            symptoms: try decoder.decode([String].self, from: Data(try row.decode("symptoms", as: String.self).utf8)),
            note: try row.decode("note", as: String?.self),
            receivedAt: try row.decode("received_at")
        )
    }
}
