import Foundation
import HTTPServer
import Mail
import MDMECore
import MDMERuntime

/// The mail provider's webhook, checked here so that forged posts never reach the queue: the
/// `X-Mandrill-Signature` over the registered URL and the form parameters (MAIL_PROVIDER.md).
struct MailWebhook: Sendable {
    enum Verdict {
        /// Signed correctly: the events the mailer needs (possibly none, e.g. the provider's test).
        case verified([ProviderWebhook.Event])
        case unauthorized
        case malformed
    }

    let url: String
    let key: String?

    init(configuration: MDMEConfiguration.Mail, logger: Logger) {
        url = configuration.webhookUrl
        guard !configuration.webhookKeyFile.isEmpty else {
            key = nil
            return
        }
        if let data = FileManager.default.contents(atPath: configuration.webhookKeyFile) {
            key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            logger.error("cannot read mail.webhook_key_file; the mail webhook refuses every post", ["path": configuration.webhookKeyFile])
            key = nil
        }
    }

    /// Without a key nothing can be verified: every post is refused (401), and the provider
    /// keeps retrying until the operator configures the key.
    func verify(_ request: HTTPRequest) -> Verdict {
        guard let key, !key.isEmpty else { return .unauthorized }
        guard let parameters = ProviderWebhook.formParameters(request.body) else { return .unauthorized }
        guard ProviderWebhook.verify(signature: request.header("x-mandrill-signature"), key: key, url: url, parameters: parameters) else {
            return .unauthorized
        }
        guard let json = parameters.first(where: { $0.0 == "mandrill_events" })?.1, let events = ProviderWebhook.events(json) else {
            return .malformed
        }
        return .verified(events)
    }
}
