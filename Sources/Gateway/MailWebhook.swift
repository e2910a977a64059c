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
        /// No webhook key configured (or it could not be read): the provider retries later.
        case notConfigured
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
            logger.error("cannot read mail.webhook_key_file; the mail webhook answers 503", ["path": configuration.webhookKeyFile])
            key = nil
        }
    }

    func verify(_ request: HTTPRequest) -> Verdict {
        guard let key, !key.isEmpty else { return .notConfigured }
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
