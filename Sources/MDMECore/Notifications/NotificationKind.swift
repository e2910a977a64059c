/// What an in-app notice is about. Stored as the raw value; front ends pick icons and
/// wording by it, the sealed text is the readable fallback.
public enum NotificationKind: String, Codable, Sendable, CaseIterable {
    /// A colleague offers the recipient one of their clients.
    case handoverOffered = "handover.offered"
    /// The recipient's offer was accepted: the client is the colleague's now.
    case handoverAccepted = "handover.accepted"
    /// The recipient's offer was declined: the client stays with them.
    case handoverDeclined = "handover.declined"
    /// The client has been inactive for a while and will be deleted in about a month.
    case retentionFirstWarning = "retention.first_warning"
    /// The client will be deleted in a week unless they register.
    case retentionSecondWarning = "retention.second_warning"
    /// The client was deleted for inactivity.
    case retentionClientDeleted = "retention.client_deleted"
    /// Mail to the client bounced for good: their address needs checking.
    case mailBounced = "mail.bounced"
    /// A mail to the client was not sent because the tenant's mail is off: hand them a new link.
    case mailNotSent = "mail.not_sent"
}
