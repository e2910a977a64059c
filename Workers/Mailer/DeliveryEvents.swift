import Crypto
import DataProtection
import Foundation
import Mail
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Applies the provider's webhook events (verified by the gateway) to the mails' records:
/// each event once (`_id` + `event` + `ts`), never moving a mail back to an earlier state.
struct DeliveryEvents: Sendable {
    struct Batch: Decodable {
        let events: [ProviderWebhook.Event]
    }

    let keyring: MasterKeyring
    let logger: Logger

    /// How far along a mail is; an event never moves it back (batches arrive out of order).
    static func rank(_ status: String) -> Int {
        switch status {
        case "sending", "retrying", "queued", "sent", "deferred", "soft_bounced": 1
        case "delivered": 2
        default: 3
        }
    }

    /// The status an event means, or nil for events that say nothing about delivery.
    static func status(of event: String) -> String? {
        switch event {
        case "send": "sent"
        case "deferral": "deferred"
        case "delivered": "delivered"
        case "soft_bounce": "soft_bounced"
        case "hard_bounce": "bounced"
        case "reject": "rejected"
        case "spam": "spam"
        case "unsub": "unsubscribed"
        default: nil
        }
    }

    func apply(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        let batch: Batch
        do {
            batch = try envelope.payload(as: Batch.self)
        } catch let error as DecodingError {
            throw APIError.validation([RequestDecoding.problem(for: error)])
        }
        for event in batch.events {
            try apply(event, in: transaction)
        }
        return HandlerResult(reply: .noContent)
    }

    private func apply(_ event: ProviderWebhook.Event, in transaction: PostgresConnection) throws {
        guard let newStatus = Self.status(of: event.event) else { return }
        guard let owner = try transaction.query("select id, tenant_id from mdme_tenant_of_mail($1, $2)", [event.mailID, event.providerID]).first else {
            // Not ours, or the mail's client was deleted since.
            logger.info("webhook event for an unknown mail ignored", ["provider.id": event.providerID, "event": event.event])
            return
        }
        let mailID: UUID = try owner.decode("id")
        let tenantID: UUID = try owner.decode("tenant_id")
        try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantID.lowercasedText])
        let fresh = try transaction.query(
            """
            insert into mail_events (provider_message_id, event, ts, tenant_id, mail_id) values ($1, $2, $3, $4, $5)
            on conflict do nothing returning mail_id
            """,
            [event.providerID, event.event, event.ts, tenantID, mailID]
        )
        guard fresh.count == 1,
              let row = try transaction.query("select status, kind, client_id, recipient_id from mail_messages where id = $1 for update", [mailID]).first
        else { return }
        let current: String = try row.decode("status")
        let log = logger.with(["mail.id": mailID.lowercasedText, "event": event.event])
        guard Self.rank(newStatus) >= Self.rank(current) else {
            log.info("webhook event older than the mail's state; kept for the record only")
            return
        }
        try transaction.query(
            """
            update mail_messages set status = $2, reject_reason = coalesce($3, reject_reason),
                                     provider_message_id = coalesce(provider_message_id, $4), updated_at = now()
            where id = $1
            """,
            [mailID, newStatus, event.reason, event.providerID]
        )
        log.info("delivery state updated", ["mail.status": newStatus])
        // A client's own mail (invitation, reset) bounced: the therapist must check the address.
        if newStatus == "bounced", let clientID = try row.decode("client_id", as: UUID?.self),
           try row.decode("recipient_id", as: UUID.self) == clientID {
            guard let therapistID = try transaction.query(
                "select responsible_therapist_id from clients where id = $1", [clientID]
            ).first?.decode("responsible_therapist_id", as: UUID.self) else { return }
            try NotificationWriter(database: transaction, keys: KeyStore(database: transaction, keyring: keyring))
                .create(for: therapistID, tenantID: tenantID, kind: .mailBounced, client: clientID,
                        text: NotificationText.text(.mailBounced, client: clientID))
        }
    }
}
