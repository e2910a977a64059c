import Mail
import Messaging

// mdme-mailer: sends the mails the outbox events ask for, per the tenant's mail mode, and
// records delivery state from the provider's webhooks (`mailer.mail.provider_events`).
WorkerMain.run(worker: "mailer", eventBindings: MailKind.eventTypes) { configuration, logger in
    try MailerHandler(configuration: configuration, logger: logger)
}
