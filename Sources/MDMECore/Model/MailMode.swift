/// How a tenant lets mail leave the system, matching its data-processing agreement.
public enum MailMode: String, Codable, Sendable, CaseIterable {
    /// A Mailchimp Transactional-compatible provider is the sub-processor.
    case provider
    /// The tenant's own SMTP relay; no third-party sub-processor.
    case smtp
    /// No mail at all: links are handed to the therapist, notices are in-app.
    case none

    public var sendsMail: Bool { self != .none }
}
