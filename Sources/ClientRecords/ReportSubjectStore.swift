import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// Who a report is about, for its header: the client's name and birth date, the responsible
/// therapist's name, the tenant's name and time zone.
public struct ReportSubjectRecord: Sendable {
    public let clientName: String
    public let birthDate: CalendarDate
    public let therapistName: String?
    public let tenantName: String
    public let timeZone: TimeZone
}

/// Reads `ReportSubjectRecord`s, opening the names with their owners' data keys.
public struct ReportSubjectStore {
    let database: PostgresConnection
    let keys: KeyStore

    public init(database: PostgresConnection, keys: KeyStore) {
        self.database = database
        self.keys = keys
    }

    /// nil when the tenant has no such client.
    public func subject(clientID: UUID, tenantID: UUID) throws -> ReportSubjectRecord? {
        guard let row = try database.query(
            """
            select a.name_enc, c.birth_date_enc, c.responsible_therapist_id, t.name as tenant_name, t.time_zone
            from clients c join accounts a on a.id = c.id join tenants t on t.id = c.tenant_id
            where c.id = $1 and c.tenant_id = $2
            """,
            [clientID, tenantID]
        ).first else { return nil }
        let cipher = try keys.cipher(for: clientID)
        guard let birthDate = CalendarDate(try cipher.open(row, "birth_date_enc", table: "clients", id: clientID)) else {
            throw APIError(.internalError, "A stored birth date could not be read.")
        }
        let therapistID: UUID = try row.decode("responsible_therapist_id")
        let therapist = try database.query(
            "select name_enc from accounts where id = $1 and tenant_id = $2", [therapistID, tenantID]
        ).first
        return ReportSubjectRecord(
            clientName: try cipher.open(row, "name_enc", table: "accounts", id: clientID),
            birthDate: birthDate,
            therapistName: try therapist.map { try keys.cipher(for: therapistID).open($0, "name_enc", table: "accounts", id: therapistID) },
            tenantName: try row.decode("tenant_name"),
            timeZone: TimeZone(identifier: try row.decode("time_zone", as: String.self)) ?? TimeZone(identifier: "Europe/Copenhagen")!
        )
    }
}
