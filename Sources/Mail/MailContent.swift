import Foundation

/// A rendered mail: subject, plain text and simple HTML, all UTF-8.
public struct MailContent: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// What a template may use: the recipient's name where it greets them, a link, dates, and a
/// client's short reference. Nothing else exists here, so no template can leak more
/// (DESIGN.md, "Mail sub-processor data minimisation").
public struct MailFields: Sendable {
    public var recipientName: String
    public var link: String
    /// When an invitation or reset link stops working.
    public var expiresAt: DanishDate?
    /// `NotificationText.shortReference` of the client a retention notice is about.
    public var clientReference: String?
    /// The day a retention warning announces.
    public var deletionOn: DanishDate?

    public init(recipientName: String, link: String, expiresAt: DanishDate? = nil, clientReference: String? = nil, deletionOn: DanishDate? = nil) {
        self.recipientName = recipientName
        self.link = link
        self.expiresAt = expiresAt
        self.clientReference = clientReference
        self.deletionOn = deletionOn
    }
}
