import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

struct TenantRecord {
    let id: UUID
    let name: String
    let timeZone: TimeZone
    let mailMode: MailMode
}

struct TenantStore {
    let database: PostgresConnection

    func get(_ id: UUID) throws -> TenantRecord {
        guard let row = try database.query("select id, name, time_zone, mail_mode from tenants where id = $1", [id]).first else {
            throw APIError.notFound
        }
        return TenantRecord(
            id: try row.decode("id"),
            name: try row.decode("name"),
            timeZone: TimeZone(identifier: try row.decode("time_zone", as: String.self)) ?? TimeZone(identifier: "Europe/Copenhagen")!,
            mailMode: MailMode(rawValue: try row.decode("mail_mode", as: String.self)) ?? .none
        )
    }
}
