import Crypto
import Foundation
import Mail
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Routes the mailer's messages: mail events from the outbox, and verified provider webhook
/// events from the gateway.
struct MailerHandler: MessageHandler {
    let dispatcher: MailDispatcher
    let deliveries: DeliveryEvents

    init(configuration: MDMEConfiguration, logger: Logger) throws {
        let security = configuration.security
        let keyring = try MasterKeyring(currentKeyID: security.masterKeyId, keys: [security.masterKeyId: KeyFile.load(path: security.masterKeyFile)])
        let mail = configuration.mail
        var provider: ProviderClient?
        if !mail.providerKeyFile.isEmpty {
            guard let data = FileManager.default.contents(atPath: mail.providerKeyFile) else {
                throw ConfigurationError("cannot read mail.provider_key_file \(mail.providerKeyFile)")
            }
            let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            provider = ProviderClient(baseURL: URL(string: mail.providerBaseUrl)!, key: key, timeoutSeconds: mail.providerTimeoutSeconds)
        } else {
            logger.warning("mail.provider_key_file is not set: tenants in mail mode provider cannot be mailed")
        }
        dispatcher = MailDispatcher(configuration: configuration, keyring: keyring, provider: provider, logger: logger)
        deliveries = DeliveryEvents(keyring: keyring, logger: logger)
    }

    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult {
        if envelope.type == MessageType.applyMailEvents.rawValue {
            return try deliveries.apply(envelope, in: transaction)
        }
        return try dispatcher.dispatch(envelope, in: transaction)
    }
}
