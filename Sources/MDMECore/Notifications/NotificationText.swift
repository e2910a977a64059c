import Foundation

/// The readable text of in-app notices. A notice names a client only by a short reference,
/// never by name (DOMAIN.md, "Retention"): the text travels to wherever notices are shown.
public enum NotificationText {
    /// The first eight hex digits of the client's id: enough to tell clients apart in a
    /// therapist's list, meaningless to anyone else.
    public static func shortReference(_ clientID: UUID) -> String {
        String(clientID.lowercasedText.prefix(8))
    }

    /// `deletionOn` is the day a retention warning announces, in the tenant's time zone.
    public static func text(_ kind: NotificationKind, client clientID: UUID, deletionOn: CalendarDate? = nil) -> String {
        let reference = shortReference(clientID)
        switch kind {
        case .handoverOffered:
            return "A colleague offers to hand client \(reference) over to you. Accept or decline the handover."
        case .handoverAccepted:
            return "Your handover of client \(reference) was accepted; your colleague is now responsible."
        case .handoverDeclined:
            return "Your handover of client \(reference) was declined; you are still responsible."
        case .retentionFirstWarning:
            let when = deletionOn.map { " on \($0)" } ?? " in about a month"
            return "Client \(reference) has been inactive for a long time and will be deleted\(when). Download their documentation now if you need it."
        case .retentionSecondWarning:
            let when = deletionOn.map { " on \($0)" } ?? " in a week"
            return "Client \(reference) will be deleted\(when) unless they register. Download their documentation now if you need it."
        case .retentionClientDeleted:
            return "Client \(reference) was deleted after a long period of inactivity."
        case .mailBounced:
            return "Mail to client \(reference) bounced. Check the client's email address."
        case .mailNotSent:
            return "A mail to client \(reference) was not sent because mail is turned off. Give the client a new link yourself."
        }
    }
}
