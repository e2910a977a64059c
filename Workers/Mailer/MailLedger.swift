import Foundation
import Mail
import MDMECore
import Messaging
import MDMERuntime
import Postgres

/// The record of each mail, written on a connection of its own and committed BEFORE the mail
/// leaves: the handler's transaction commits only after the send, so a crash in between would
/// otherwise forget that the send was attempted.
///
/// States: a new claim is `sending`. A send that surely failed (a retryable error) turns it
/// `retrying`. The handler's transaction then records the outcome. A redelivered event that
/// finds `sending` does not know whether the mail left: the provider is asked by opaque id
/// before sending again; over SMTP the mail is sent again with the same Message-ID
/// (at-least-once: a relay offers no way to ask).
final class MailLedger {
    enum Claim {
        /// Send it; `uncertain` when an earlier attempt may have sent it already.
        case send(id: UUID, uncertain: Bool)
        /// Done before (sent, refused, failed or suppressed): nothing to do.
        case done(id: UUID, status: String)
    }

    private let connection: PostgresConnection

    init(configuration: MDMEConfiguration) throws {
        connection = PostgresConnection(configuration: configuration.postgresConfiguration(applicationName: "mdme-mailer-ledger"))
        try connection.connect()
    }

    deinit {
        connection.close()
    }

    func claim(eventID: UUID, tenantID: UUID, kind: MailKind, recipientID: UUID, clientID: UUID?, mode: MailMode) throws -> Claim {
        try connection.transaction { transaction in
            try enter(tenantID, transaction)
            let id = UUID.random()
            let inserted = try transaction.query(
                """
                insert into mail_messages (id, tenant_id, source_event_id, kind, recipient_id, client_id, mode, status, attempts)
                values ($1, $2, $3, $4, $5, $6, $7, 'sending', 1)
                on conflict (source_event_id) do nothing
                returning id
                """,
                [id, tenantID, eventID, kind.rawValue, recipientID, clientID, mode.rawValue]
            )
            if inserted.count == 1 { return .send(id: id, uncertain: false) }
            guard let row = try transaction.query(
                "select id, status from mail_messages where source_event_id = $1 for update", [eventID]
            ).first else {
                // The recipient was deleted between the insert and now: nobody left to mail.
                return .done(id: id, status: "gone")
            }
            let existing: UUID = try row.decode("id")
            switch try row.decode("status", as: String.self) {
            case "sending":
                try transaction.query("update mail_messages set attempts = attempts + 1, updated_at = now() where id = $1", [existing])
                return .send(id: existing, uncertain: true)
            case "retrying":
                try transaction.query(
                    "update mail_messages set status = 'sending', attempts = attempts + 1, updated_at = now() where id = $1", [existing]
                )
                return .send(id: existing, uncertain: false)
            case let status:
                return .done(id: existing, status: status)
            }
        }
    }

    /// The attempt surely did not send (the provider or relay said so, or never answered the
    /// connection): the next attempt may send without asking.
    func markRetrying(_ id: UUID, tenantID: UUID, reason: String) throws {
        try connection.transaction { transaction in
            try enter(tenantID, transaction)
            try transaction.query(
                "update mail_messages set status = 'retrying', reject_reason = $2, updated_at = now() where id = $1 and status = 'sending'",
                [id, String(reason.prefix(200))]
            )
        }
    }

    private func enter(_ tenantID: UUID, _ transaction: PostgresConnection) throws {
        try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantID.lowercasedText])
    }
}
