import Foundation
import MDMECore

/// The provider's `messages/send` request (MAIL_PROVIDER.md, "Sending"): one recipient,
/// tracking and the view-content link off, a fixed tag, the opaque id as metadata.
public struct ProviderSendRequest: Encodable, Sendable {
    public struct Message: Encodable, Sendable {
        public struct Recipient: Encodable, Sendable {
            let email: String
            let name: String?
            let type = "to"
        }

        let fromEmail: String
        let fromName: String
        let subject: String
        let text: String
        let html: String
        let to: [Recipient]
        let tags: [String]
        let metadata: [String: String]
        let trackOpens = false
        let trackClicks = false
        let viewContentLink = false
        let preserveRecipients = false
    }

    let key: String
    let message: Message

    public init(key: String, from: MIMEMessage.Address, to: MIMEMessage.Address, content: MailContent, tag: String, mailID: UUID) {
        self.key = key
        message = Message(
            fromEmail: from.email, fromName: from.name ?? "", subject: content.subject, text: content.text, html: content.html,
            to: [.init(email: to.email, name: to.name)], tags: [tag], metadata: [ProviderWire.metadataKey: mailID.lowercasedText]
        )
    }
}

/// The provider's `messages/search` request: finds a message by our opaque id after a crash
/// left its outcome unknown.
public struct ProviderSearchRequest: Encodable, Sendable {
    let key: String
    let query: String
    let limit = 1

    public init(key: String, mailID: UUID) {
        self.key = key
        query = "u_\(ProviderWire.metadataKey):\(mailID.lowercasedText)"
    }
}

public enum ProviderWire {
    /// The metadata field holding our opaque mail id.
    public static let metadataKey = "mdme_id"

    /// One recipient's result of `messages/send`, or one hit of `messages/search` (which names
    /// the status `state`).
    public struct RecipientResult: Decodable, Sendable {
        public let id: String?
        public let status: String?
        public let state: String?
        public let rejectReason: String?

        enum CodingKeys: String, CodingKey {
            case id = "_id", status, state, rejectReason = "reject_reason"
        }
    }

    /// `{"status": "error", "code": -1, "name": "Invalid_Key", "message": "…"}`.
    public struct ErrorBody: Decodable, Sendable {
        public let status: String
        public let name: String?
    }

    /// What a send came to, for the mail's record.
    public enum Outcome: Equatable, Sendable {
        /// Accepted: `sent`, `queued` or `scheduled` (→ `queued`), with the provider's id.
        case accepted(status: String, providerID: String?)
        /// Refused for this recipient: `rejected` or `invalid`, with the reason.
        case refused(status: String, providerID: String?, reason: String?)
        /// Failed for good (bad key, invalid data…): recorded as `failed`, not retried.
        case failed(reason: String)
        /// May succeed later (`ServiceUnavailable`, 429, 5xx, network): retried with backoff.
        case retryable(reason: String)
    }

    /// Reads the answer to `messages/send`: per-recipient status even on HTTP 200, error
    /// bodies by `name` otherwise.
    public static func outcome(httpStatus: Int, body: [UInt8]) -> Outcome {
        let decoder = JSONDecoder()
        if httpStatus == 200, let results = try? decoder.decode([RecipientResult].self, from: Data(body)), let first = results.first {
            switch first.status ?? "" {
            case "sent": return .accepted(status: "sent", providerID: first.id)
            case "queued", "scheduled": return .accepted(status: "queued", providerID: first.id)
            case "rejected": return .refused(status: "rejected", providerID: first.id, reason: first.rejectReason)
            case "invalid": return .refused(status: "invalid", providerID: first.id, reason: first.rejectReason ?? "invalid")
            default: return .retryable(reason: "unknown recipient status \(first.status ?? "none")")
            }
        }
        let name = (try? decoder.decode(ErrorBody.self, from: Data(body)))?.name
        if name == "ServiceUnavailable" || httpStatus == 429 || httpStatus >= 500 && name == nil {
            return .retryable(reason: "provider answered \(httpStatus) \(name ?? "")")
        }
        if httpStatus >= 500, let name, !permanentErrors.contains(name) {
            // Older deployments answer 500 for everything: only known names are final.
            return .retryable(reason: "provider answered \(httpStatus) \(name)")
        }
        return .failed(reason: name ?? "http_\(httpStatus)")
    }

    /// Errors that cannot succeed by trying again.
    static let permanentErrors: Set<String> = ["ValidationError", "Invalid_Key", "PaymentRequired", "Unknown_Template",
                                               "Unknown_Subaccount", "Unknown_Sender"]
}
