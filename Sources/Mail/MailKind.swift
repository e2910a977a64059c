import Foundation

/// The mails MDME sends, one per outbox event type (and retention warning), each with the
/// fixed tag the provider sees: never unique per message (MAIL_PROVIDER.md, "Tags").
public enum MailKind: String, Sendable, CaseIterable, Codable {
    case clientInvitation = "client_invitation"
    case therapistInvitation = "therapist_invitation"
    case passwordReset = "password_reset"
    case retentionFirstWarning = "retention_first_warning"
    case retentionSecondWarning = "retention_second_warning"
    case retentionClientDeleted = "retention_client_deleted"

    /// The outbox events the mailer listens to.
    public static let eventTypes = ["client.invited", "therapist.invited", "password_reset.requested",
                                    "retention.warning_due", "retention.client_deleted"]

    /// The kind for an event; `warning` is the `warning` field of `retention.warning_due`.
    public init?(eventType: String, warning: String? = nil) {
        switch eventType {
        case "client.invited": self = .clientInvitation
        case "therapist.invited": self = .therapistInvitation
        case "password_reset.requested": self = .passwordReset
        case "retention.warning_due" where warning == "first_warning": self = .retentionFirstWarning
        case "retention.warning_due" where warning == "second_warning": self = .retentionSecondWarning
        case "retention.client_deleted": self = .retentionClientDeleted
        default: return nil
        }
    }

    /// The provider's tag: fixed per template, at most 50 characters, not starting with `_`.
    public var tag: String { "mdme-" + rawValue.replacingOccurrences(of: "_", with: "-") }

    /// Whether the mail goes to the therapist (about a client) rather than the account holder.
    public var isRetentionNotice: Bool {
        switch self {
        case .retentionFirstWarning, .retentionSecondWarning, .retentionClientDeleted: true
        default: false
        }
    }
}
