import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// One diary entry as front ends see it.
public struct RegistrationView: Encodable {
    public let id: UUID
    public let clientID: UUID
    public let activity: String
    public let startedAt: Date
    public let durationMinutes: Int
    public let level: Int
    public let statements: [String]
    public let symptoms: [String]
    public let note: String?
    public let receivedAt: Date
}

/// Activity registrations of clients; the texts are sealed under the client's data key.
public struct RegistrationStore {
    let database: PostgresConnection
    let cipher: FieldCipher

    public init(database: PostgresConnection, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// At most this many entries per list answer; a period longer than that is paged by dates.
    public static let listLimit = 1000

    /// Writes a new entry, received at `receivedAt`, and returns it as a read would.
    ///
    /// The insert is queued, not sent: nothing needs reading back, since the entry is what was
    /// written. It travels with the transaction's next statement, and a failure surfaces there.
    public func create(clientID: UUID, tenantID: UUID, request: CreateRegistrationRequest,
                       receivedAt: Date) throws -> RegistrationView {
        let id = UUID.random()
        let statements = request.statements ?? [], symptoms = request.symptoms ?? []
        try database.enqueue(
            """
            insert into registrations (id, tenant_id, client_id, activity_enc, started_at, duration_minutes, level,
                                       statements_enc, symptoms_enc, note_enc, received_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            [id, tenantID, clientID, cipher.seal(request.activity, "registrations", "activity", id), request.startedAt,
             request.durationMinutes, request.level,
             cipher.seal(try Self.jsonText(statements), "registrations", "statements", id),
             cipher.seal(try Self.jsonText(symptoms), "registrations", "symptoms", id),
             request.note.map { cipher.seal($0, "registrations", "note", id) }, receivedAt]
        )
        return RegistrationView(
            id: id, clientID: clientID, activity: request.activity,
            startedAt: request.startedAt.storedPrecision, durationMinutes: request.durationMinutes,
            level: request.level, statements: statements, symptoms: symptoms, note: request.note,
            receivedAt: receivedAt.storedPrecision
        )
    }

    /// Newest first; `range` is inclusive, in the tenant's time zone. A report reads a whole
    /// period at once and passes its own `limit`.
    ///
    /// An open end is a date beyond any entry rather than an "is null or" test: under row-level
    /// security only plain comparisons may run ahead of the policy, so only they let the
    /// prepared statement's generic plan scan just the range of the (client, started_at) index
    /// instead of all of a client's diary (seen at 0.5–1 ms a call under load).
    public func list(clientID: UUID, tenantID: UUID, range: DateRange, timeZone: TimeZone,
                     limit: Int = Self.listLimit) throws -> [RegistrationView] {
        let from = range.from?.startOfDay(in: timeZone)
        let until = range.to.map { day in
            Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: day.startOfDay(in: timeZone))!
        }
        return try database.query(
            """
            select \(Self.columns) from registrations
            where client_id = $1 and tenant_id = $2
              and started_at >= $3 and started_at < $4
            order by started_at desc, id limit $5
            """,
            [clientID, tenantID, from ?? Self.beforeAnyEntry, until ?? Self.afterAnyEntry, limit]
        ).map(view)
    }

    /// The open ends of a list: no diary entry is older than the system, nor dated this far ahead.
    private static let beforeAnyEntry = Date(timeIntervalSince1970: 0)
    private static let afterAnyEntry = Date.distantFuture

    private static let columns = """
        id, client_id, activity_enc, started_at, duration_minutes, level, statements_enc, symptoms_enc, note_enc, received_at
        """

    private static func jsonText(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    private func view(_ row: PostgresRow) throws -> RegistrationView {
        let id: UUID = try row.decode("id")
        let decoder = JSONDecoder()
        func list(_ column: String) throws -> [String] {
            try decoder.decode([String].self, from: Data(try cipher.open(row, column, table: "registrations", id: id).utf8))
        }
        return RegistrationView(
            id: id,
            clientID: try row.decode("client_id"),
            activity: try cipher.open(row, "activity_enc", table: "registrations", id: id),
            startedAt: try row.decode("started_at"),
            durationMinutes: try row.decode("duration_minutes"),
            level: try row.decode("level"),
            statements: try list("statements_enc"),
            symptoms: try list("symptoms_enc"),
            note: try cipher.openOptional(row, "note_enc", table: "registrations", id: id),
            receivedAt: try row.decode("received_at")
        )
    }
}
