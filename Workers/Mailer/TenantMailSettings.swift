import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres
import MailTransport

/// The tenant's mail mode and, in mode `smtp`, its relay with the password opened.
struct TenantMailSettings {
    let mode: MailMode
    let timeZone: TimeZone
    /// Nil when the tenant has not configured a relay.
    let relay: SMTPSettings?

    static func load(_ tenantID: UUID, in database: PostgresConnection, keyring: MasterKeyring, caFile: String, timeoutSeconds: Int) throws -> TenantMailSettings? {
        guard let row = try database.query(
            """
            select mail_mode, time_zone, smtp_host, smtp_port, smtp_tls, smtp_username, smtp_password_key_id, smtp_password_enc
            from tenants where id = $1
            """,
            [tenantID]
        ).first else { return nil }
        var relay: SMTPSettings?
        if let host = try row.decode("smtp_host", as: String?.self), let port = try row.decode("smtp_port", as: Int?.self) {
            var password: String?
            if let sealed = try row.decode("smtp_password_enc", as: [UInt8]?.self), let keyID = try row.decode("smtp_password_key_id", as: String?.self) {
                password = try TenantSecret.open(sealed, keyID: keyID, setting: "smtp_password", tenantID: tenantID, keyring: keyring)
            }
            relay = SMTPSettings(host: host, port: port,
                                 tlsMode: SMTPSettings.TLSMode(rawValue: try row.decode("smtp_tls", as: String.self)) ?? .starttlsRequired,
                                 username: try row.decode("smtp_username", as: String?.self), password: password,
                                 caFile: caFile.isEmpty ? nil : caFile, timeoutSeconds: timeoutSeconds)
        }
        return TenantMailSettings(
            mode: MailMode(rawValue: try row.decode("mail_mode", as: String.self)) ?? .none,
            timeZone: TimeZone(identifier: try row.decode("time_zone", as: String.self)) ?? TimeZone(identifier: "Europe/Copenhagen")!,
            relay: relay
        )
    }
}
