import Crypto
import DataProtection
import Foundation
import Mail
import MDMECore
import MDMERuntime
import Messaging
import Postgres
import MailTransport

/// Sends the mail an outbox event asks for, once, in the tenant's mail mode.
struct MailDispatcher: Sendable {
    /// A send that may succeed later: thrown, so the runtime retries with backoff and finally
    /// dead-letters the event. Not an `APIError`, which would be final.
    struct RetryableFailure: Error, CustomStringConvertible {
        let description: String
    }

    let configuration: MDMEConfiguration
    let keyring: MasterKeyring
    let provider: ProviderClient?
    let logger: Logger

    func dispatch(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        let (kind, request) = try MailRequest.decode(envelope)
        let recipientID = request.recipientID!
        try transaction.query("select set_config('app.tenant_id', $1, true)", [request.tenantID.lowercasedText])
        let mail = configuration.mail
        let log = logger.with(["mail.kind": kind.rawValue, "tenant.id": request.tenantID.lowercasedText,
                               "account.id": recipientID.lowercasedText])
        guard let settings = try TenantMailSettings.load(request.tenantID, in: transaction, keyring: keyring,
                                                         caFile: mail.smtpCaFile, timeoutSeconds: mail.smtpTimeoutSeconds),
              let recipient = try AccountContact.find(recipientID, tenantID: request.tenantID, in: transaction, keyring: keyring)
        else {
            log.notice("recipient gone before mailing; nothing sent")
            return HandlerResult(reply: .noContent)
        }
        // The client the mail is to or about: its record goes when the client goes.
        let clientID = kind.isRetentionNotice ? (kind == .retentionClientDeleted ? nil : request.clientID)
                                              : (recipient.role == .client ? recipient.id : nil)
        if kind == .retentionFirstWarning || kind == .retentionSecondWarning, let clientID,
           try transaction.query("select 1 from accounts where id = $1", [clientID]).isEmpty {
            log.info("client deleted before the warning went out; nothing sent", ["client.id": clientID.lowercasedText])
            return HandlerResult(reply: .noContent)
        }
        if settings.mode == .none {
            try notifyInstead(kind, request: request, recipient: recipient, clientID: clientID, envelope: envelope, in: transaction)
            log.info("mail mode none: in-app notice instead of mail")
            return HandlerResult(reply: .noContent)
        }

        let ledger = try MailLedger(configuration: configuration)
        let claim = try ledger.claim(eventID: envelope.id, tenantID: request.tenantID, kind: kind, recipientID: recipient.id,
                                     clientID: clientID, mode: settings.mode)
        let mailID: UUID
        let uncertain: Bool
        switch claim {
        case .send(let id, let unknownOutcome):
            (mailID, uncertain) = (id, unknownOutcome)
        case .done(let id, let status):
            log.info("mail already handled", ["mail.id": id.lowercasedText, "mail.status": status])
            return HandlerResult(reply: .noContent)
        }
        let mailLog = log.with(["mail.id": mailID.lowercasedText, "mail.mode": settings.mode.rawValue])
        let link = request.link ?? configuration.gateway.publicUrl
        let fields = MailFields(
            recipientName: recipient.name, link: link,
            expiresAt: request.expiresAt.map { DanishDate($0, in: settings.timeZone) },
            clientReference: request.clientID.map(NotificationText.shortReference),
            deletionOn: request.deletionOn.flatMap { DanishDate(day: $0) }
        )
        let content = MailTemplates.render(kind, fields)
        let from = MIMEMessage.Address(email: mail.fromAddress, name: mail.fromName)
        guard MIMEMessage.isSafe(recipient.email) else {
            try record(mailID, status: "invalid", providerID: nil, reason: "address", in: transaction)
            mailLog.warning("recipient address cannot be mailed")
            return HandlerResult(reply: .noContent)
        }
        let to = MIMEMessage.Address(email: recipient.email, name: recipient.name)

        let outcome: ProviderWire.Outcome
        switch settings.mode {
        case .provider:
            guard let provider else {
                try record(mailID, status: "failed", providerID: nil, reason: "provider_not_configured", in: transaction)
                mailLog.error("mail mode provider but no provider key configured")
                return HandlerResult(reply: .noContent)
            }
            if uncertain {
                // An earlier attempt may have reached the provider: ask before sending again.
                let known: ProviderWire.RecipientResult?
                do {
                    known = try provider.find(mailID: mailID)
                } catch {
                    throw RetryableFailure(description: "provider look-up failed: \(error)")
                }
                if let known {
                    try record(mailID, status: Self.status(ofSearchState: known.state), providerID: known.id, reason: known.rejectReason, in: transaction)
                    mailLog.notice("mail found at the provider after an interrupted send; not sent again")
                    return HandlerResult(reply: .noContent)
                }
            }
            outcome = try provider.send(ProviderSendRequest(key: provider.key, from: from, to: to, content: content, tag: kind.tag, mailID: mailID))
        case .smtp:
            guard let relay = settings.relay else {
                try record(mailID, status: "failed", providerID: nil, reason: "smtp_not_configured", in: transaction)
                mailLog.error("mail mode smtp but the tenant has no relay configured")
                return HandlerResult(reply: .noContent)
            }
            let message = MIMEMessage(from: from, to: to, content: content, id: mailID, date: Date())
            do {
                try SMTPClient.send(message.rendered(), from: from.email, to: to.email, settings: relay)
                outcome = .accepted(status: "sent", providerID: message.messageID)
            } catch let error as SMTPError {
                outcome = error.code == .transient ? .retryable(reason: error.message) : .failed(reason: String(error.message.prefix(200)))
            }
        case .none:
            preconditionFailure("handled above")
        }

        switch outcome {
        case .accepted(let status, let providerID):
            try record(mailID, status: status, providerID: providerID, reason: nil, in: transaction)
            mailLog.info("mail sent", ["mail.status": status])
        case .refused(let status, let providerID, let reason):
            try record(mailID, status: status, providerID: providerID, reason: reason, in: transaction)
            mailLog.warning("mail refused", ["mail.status": status, "reason": reason ?? "-"])
            if kind != .therapistInvitation, !kind.isRetentionNotice, let clientID {
                try notifyTherapist(of: clientID, kind: .mailBounced, tenantID: request.tenantID, in: transaction)
            }
        case .failed(let reason):
            try record(mailID, status: "failed", providerID: nil, reason: reason, in: transaction)
            mailLog.error("mail failed for good", ["reason": reason])
        case .retryable(let reason):
            try ledger.markRetrying(mailID, tenantID: request.tenantID, reason: reason)
            throw RetryableFailure(description: reason)
        }
        return HandlerResult(reply: .noContent)
    }

    /// `messages/search` names the status `state`.
    static func status(ofSearchState state: String?) -> String {
        switch state {
        case "sent": "sent"
        case "bounced": "bounced"
        case "rejected": "rejected"
        case "soft-bounced": "soft_bounced"
        case "spam": "spam"
        case "unsub": "unsubscribed"
        default: "queued"
        }
    }

    private func record(_ mailID: UUID, status: String, providerID: String?, reason: String?, in transaction: PostgresConnection) throws {
        try transaction.query(
            """
            update mail_messages set status = $2, provider_message_id = coalesce($3, provider_message_id),
                                     reject_reason = $4, updated_at = now()
            where id = $1
            """,
            [mailID, status, providerID.map { String($0.prefix(200)) }, reason.map { String($0.prefix(200)) }]
        )
    }

    /// Mail mode `none` (the tenant switched after the event was written): nothing leaves. A
    /// retention notice becomes the in-app notice the sweep writes in that mode; a link that
    /// would have gone to a client is pointed out to the therapist, who hands out a new one.
    private func notifyInstead(_ kind: MailKind, request: MailRequest, recipient: AccountContact, clientID: UUID?,
                               envelope: Envelope, in transaction: PostgresConnection) throws {
        let writer = NotificationWriter(database: transaction, keys: KeyStore(database: transaction, keyring: keyring))
        let noticeKind: NotificationKind? = switch kind {
        case .retentionFirstWarning: .retentionFirstWarning
        case .retentionSecondWarning: .retentionSecondWarning
        case .retentionClientDeleted: .retentionClientDeleted
        default: nil
        }
        if let noticeKind, let about = request.clientID {
            try writer.create(for: recipient.id, tenantID: request.tenantID, kind: noticeKind, client: about,
                              text: NotificationText.text(noticeKind, client: about, deletionOn: request.deletionOn.flatMap(CalendarDate.init)))
        } else if let clientID {
            try notifyTherapist(of: clientID, kind: .mailNotSent, tenantID: request.tenantID, in: transaction)
        }
        try transaction.query(
            """
            insert into mail_messages (id, tenant_id, source_event_id, kind, recipient_id, client_id, mode, status)
            values ($1, $2, $3, $4, $5, $6, 'none', 'suppressed')
            on conflict (source_event_id) do nothing
            """,
            [UUID.random(), request.tenantID, envelope.id, kind.rawValue, recipient.id, clientID]
        )
    }

    /// An in-app notice about a client for their responsible therapist.
    func notifyTherapist(of clientID: UUID, kind: NotificationKind, tenantID: UUID, in transaction: PostgresConnection) throws {
        guard let therapistID = try transaction.query(
            "select responsible_therapist_id from clients where id = $1 and tenant_id = $2", [clientID, tenantID]
        ).first?.decode("responsible_therapist_id", as: UUID.self) else { return }
        try NotificationWriter(database: transaction, keys: KeyStore(database: transaction, keyring: keyring))
            .create(for: therapistID, tenantID: tenantID, kind: kind, client: clientID, text: NotificationText.text(kind, client: clientID))
    }
}
