import Foundation
import Mail
import Testing

@Suite struct MIMEMessageTests {
    let id = UUID(uuidString: "0b0c0d0e-1111-4222-8333-444455556666")!

    func message(name: String = "Søren Ærø", subject: String = "Nulstil din adgangskode – Min Dag") -> MIMEMessage {
        MIMEMessage(from: .init(email: "no-reply@mdme.example", name: "Min Dag | Min Energi"), to: .init(email: "soren@example.org", name: name),
                    content: MailContent(subject: subject, text: "Hej Søren\n\nhttps://x/accept?token=t\n", html: "<p>Hej Søren</p>"),
                    id: id, date: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func headersAreEncodedAndComplete() {
        let text = message().rendered()
        let headers = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("Subject: =?UTF-8?B?"))
        #expect(headers.contains("To: =?UTF-8?B?" + Data("Søren Ærø".utf8).base64EncodedString() + "?= <soren@example.org>"))
        #expect(headers.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"))
        #expect(headers.contains("Message-ID: <0b0c0d0e-1111-4222-8333-444455556666@mdme.example>"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("From: Min Dag | Min Energi <no-reply@mdme.example>"))
        #expect(MIMEMessage.encodedWord("Hansen, Anne", force: true).hasPrefix("=?UTF-8?B?"))
        #expect(headers.contains(#"Content-Type: multipart/alternative; boundary="mdme-0b0c0d0e-1111-4222-8333-444455556666""#))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func bodiesAreBase64InShortLines() throws {
        let text = message().rendered()
        #expect(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"))
        #expect(text.contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 998 })
        let part = try #require(text.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().first)
        let encoded = part.components(separatedBy: "\r\n--")[0].replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self).contains("token=t"))
        #expect(text.hasSuffix("--mdme-0b0c0d0e-1111-4222-8333-444455556666--\r\n"))
    }

    @Test func headerInjectionIsImpossible() {
        let text = message(name: "Eve\r\nBcc: victim@example.org", subject: "x\nBcc: a@b.c").rendered()
        #expect(!text.contains("\r\nBcc:"))
        #expect(MIMEMessage.encodedWord("plain") == "plain")
        #expect(!MIMEMessage.isSafe("a@b.c>\r\nRCPT TO:<x@y.z"))
        #expect(MIMEMessage.isSafe("anne.hansen+mdme@kommune.dk"))
    }

    @Test func longSubjectsAreSplitIntoShortEncodedWords() {
        let word = MIMEMessage.encodedWord(String(repeating: "æøå ", count: 30))
        #expect(word.components(separatedBy: "\r\n ").allSatisfy { $0.count <= 75 })
    }
}
