import Foundation
import Mail
import Testing

@Suite struct MailTemplateTests {
    static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    @Test(arguments: MailKind.allCases)
    func everyTemplateGreetsLinksAndCloses(kind: MailKind) {
        let fields = MailFields(recipientName: "Åse <Ø>", link: "https://mdme.example/accept?token=abc&x=1",
                                expiresAt: DanishDate(Date(timeIntervalSince1970: 1_800_000_000), in: Self.copenhagen),
                                clientReference: "1a2b3c4d", deletionOn: DanishDate(day: "2027-02-01"))
        let content = MailTemplates.render(kind, fields)
        #expect(content.text.hasPrefix("Hej Åse <Ø>\n\n"))
        #expect(content.text.contains("https://mdme.example/accept?token=abc&x=1"))
        #expect(content.text.contains("Venlig hilsen"))
        #expect(content.html.contains("Hej Åse &lt;Ø&gt;"))
        #expect(content.html.contains(#"href="https://mdme.example/accept?token=abc&amp;x=1""#))
        #expect(!content.html.contains("<Ø>"))
        if kind.isRetentionNotice {
            #expect(content.subject.contains("1a2b3c4d"))
        }
    }

    @Test func invitationsSayWhenTheLinkExpires() {
        let expires = DanishDate(Date(timeIntervalSince1970: 1_800_000_000), in: Self.copenhagen)
        let content = MailTemplates.render(.clientInvitation, MailFields(recipientName: "Bo", link: "l", expiresAt: expires))
        #expect(content.subject == "Din invitation til Min Dag | Min Energi")
        #expect(content.text.contains("til og med 15. januar 2027 kl. 09.00"))
    }

    @Test func retentionWarningsNameTheDay() {
        let content = MailTemplates.render(.retentionSecondWarning,
                                           MailFields(recipientName: "Tina", link: "l", clientReference: "1a2b3c4d", deletionOn: DanishDate(day: "2027-02-01")))
        #expect(content.text.contains("Klient 1a2b3c4d bliver slettet 1. februar 2027"))
    }

    @Test func danishDates() {
        #expect(DanishDate(day: "2026-12-24")?.day == "24. december 2026")
        #expect(DanishDate(day: "2026-13-01") == nil)
        let summer = DanishDate(Date(timeIntervalSince1970: 1_782_900_000), in: Self.copenhagen)
        #expect(summer.dayAndTime == "1. juli 2026 kl. 12.00")
    }
}
