import Foundation
import MDMECore

/// An RFC 5322 message with a multipart/alternative body (plain text and HTML), as the SMTP
/// relay gets it: UTF-8 headers encoded per RFC 2047, bodies in base64.
public struct MIMEMessage: Sendable {
    public struct Address: Sendable {
        public var email: String
        public var name: String?

        public init(email: String, name: String? = nil) {
            self.email = email
            self.name = name
        }
    }

    public var from: Address
    public var to: Address
    public var content: MailContent
    /// The opaque mail id; the Message-ID is `<id@domain of from>`.
    public var id: UUID
    public var date: Date

    public init(from: Address, to: Address, content: MailContent, id: UUID, date: Date) {
        self.from = from
        self.to = to
        self.content = content
        self.id = id
        self.date = date
    }

    public var messageID: String {
        let domain = from.email.split(separator: "@").last.map(String.init) ?? "mdme.invalid"
        return "<\(id.lowercasedText)@\(domain)>"
    }

    /// Whether an address can go into a header and an SMTP envelope as it is.
    public static func isSafe(_ email: String) -> Bool {
        !email.isEmpty && email.count <= 254 && email.contains("@")
            && email.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// The whole message, CRLF line ends.
    public func rendered() -> String {
        let boundary = "mdme-" + id.lowercasedText
        var lines = [
            "From: " + Self.header(from),
            "To: " + Self.header(to),
            "Subject: " + Self.encodedWord(content.subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", content.text), ("text/html", content.html)] {
            lines += [
                "--" + boundary,
                "Content-Type: \(type); charset=UTF-8",
                "Content-Transfer-Encoding: base64",
                "",
            ]
            lines += Self.base64Lines(body)
        }
        lines += ["--" + boundary + "--", ""]
        return lines.joined(separator: "\r\n")
    }

    static func header(_ address: Address) -> String {
        guard let name = address.name, !name.isEmpty else { return "<\(address.email)>" }
        // A display name with RFC 5322 specials (a comma, say) would not parse as a phrase.
        let specials = name.unicodeScalars.contains { "()<>[]:;@\\,.\"".unicodeScalars.contains($0) }
        return Self.encodedWord(name, force: specials) + " <\(address.email)>"
    }

    /// RFC 2047 `=?UTF-8?B?…?=` for anything that is not plain printable ASCII; line breaks
    /// in user input can never reach the header.
    public static func encodedWord(_ text: String, force: Bool = false) -> String {
        let cleaned = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        let plain = cleaned.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 && !"\"=?".unicodeScalars.contains($0) }
        if plain && !force { return cleaned }
        // Encoded words are at most 75 characters: split on character boundaries.
        var words: [String] = []
        var chunk = ""
        for character in cleaned {
            if Data((chunk + String(character)).utf8).count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let to = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<to])
        }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(months[c.month! - 1]) \(c.year!) \(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) +0000"
    }
}
