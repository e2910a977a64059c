import Foundation

/// The Danish texts of every mail, plain and HTML. Retention notices name the client by
/// short reference only; no template holds health data, because `MailFields` carries none.
public enum MailTemplates {
    static let product = "Min Dag | Min Energi"

    public static func render(_ kind: MailKind, _ fields: MailFields) -> MailContent {
        let expires = fields.expiresAt.map(\.dayAndTime) ?? "den angivne dato"
        let reference = fields.clientReference ?? "?"
        let deletion = fields.deletionOn.map(\.day) ?? "snart"
        let subject: String
        let paragraphs: [Paragraph]
        switch kind {
        case .clientInvitation:
            subject = "Din invitation til \(product)"
            paragraphs = [
                .text("Din ergoterapeut har oprettet en konto til dig i \(product)."),
                .text("Vælg din adgangskode via linket herunder:"),
                .link,
                .text("Linket virker én gang og til og med \(expires)."),
            ]
        case .therapistInvitation:
            subject = "Du er inviteret til \(product)"
            paragraphs = [
                .text("Du er blevet oprettet som bruger i \(product)."),
                .text("Vælg din adgangskode via linket herunder:"),
                .link,
                .text("Linket virker én gang og til og med \(expires)."),
            ]
        case .passwordReset:
            subject = "Nulstil din adgangskode til \(product)"
            paragraphs = [
                .text("Der er bedt om at nulstille adgangskoden til din konto."),
                .text("Vælg en ny adgangskode via linket herunder:"),
                .link,
                .text("Linket virker én gang og til og med \(expires). Har du ikke bedt om det, kan du se bort fra denne mail."),
            ]
        case .retentionFirstWarning:
            subject = "Klient \(reference) slettes snart"
            paragraphs = [
                .text("Klient \(reference) har ikke været aktiv i længere tid og bliver slettet \(deletion)."),
                .text("Hent klientens dokumentation til journalen nu, hvis du har brug for den:"),
                .link,
            ]
        case .retentionSecondWarning:
            subject = "Klient \(reference) slettes om en uge"
            paragraphs = [
                .text("Klient \(reference) bliver slettet \(deletion), medmindre klienten registrerer en aktivitet inden da."),
                .text("Hent klientens dokumentation til journalen nu, hvis du har brug for den:"),
                .link,
            ]
        case .retentionClientDeleted:
            subject = "Klient \(reference) er slettet"
            paragraphs = [
                .text("Klient \(reference) er slettet efter en længere periode uden aktivitet."),
                .link,
            ]
        }
        let greeting = Paragraph.text("Hej \(fields.recipientName)")
        let closing = Paragraph.text("Venlig hilsen\n\(product)")
        let all = [greeting] + paragraphs + [closing]
        return MailContent(subject: subject, text: plain(all, link: fields.link), html: html(all, subject: subject, link: fields.link))
    }

    enum Paragraph {
        case text(String)
        case link
    }

    static func plain(_ paragraphs: [Paragraph], link: String) -> String {
        paragraphs.map { paragraph in
            switch paragraph {
            case .text(let text): text
            case .link: link
            }
        }.joined(separator: "\n\n") + "\n"
    }

    static func html(_ paragraphs: [Paragraph], subject: String, link: String) -> String {
        let body = paragraphs.map { paragraph in
            switch paragraph {
            case .text(let text): "<p>\(escape(text).replacingOccurrences(of: "\n", with: "<br>"))</p>"
            case .link: "<p><a href=\"\(escape(link))\">\(escape(link))</a></p>"
            }
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><title>\(escape(subject))</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            \(body)
            </body></html>

            """
    }

    /// HTML-escapes text (names come from users).
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
