import Foundation
import MDMECore
import Reports
import Testing

/// Every report kind rendered from known records: a PDF poppler accepts, holding the
/// expected figures and Danish text (æ, ø, å intact).
@Suite struct ReportRenderingTests {
    /// pdftotext's text with line breaks as spaces, so phrases that wrap still match.
    private func render(_ kind: ReportKind, diaryCount: Int = 120) throws -> (pages: Int, text: String) {
        let pdf = try ReportComposer.render(try DemoData.input(kind, diaryCount: diaryCount))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let text = try PopplerTools.text(pdf).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (try PopplerTools.pageCount(pdf), text)
    }

    @Test func mfi20ShowsSubscalesItemsAndChange() throws {
        let (pages, text) = try render(.mfi20)
        #expect(pages >= 2)
        for expected in ["MFI-20 – Træthed i hverdagen", "Søren Ærø Ødegård", "Åse Ørnbøl", "Skemaversion", "mfi20-mdme-1",
                         "Generel træthed", "Nedsat motivation", "55 af 100", "Min krop løber hurtigt tør for kræfter",
                         "Ændring siden", "+2", "+3", "(vendt)", "Side 1 af \(pages)"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func mfsShowsTotalCutOffBandAndItem15NotCounted() throws {
        let (_, text) = try render(.mfs)
        for expected in ["MFS – Mental træthed", "17 af 42", "Grænseværdi 10,5", "Moderat mental træthed",
                         "Svær mental træthed", "Tælles ikke med", "Døgnvariation", "−6"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func registrationsShowDiaryChartsAndTopActivities() throws {
        let (pages, text) = try render(.registrations)
        #expect(pages >= 3)
        for expected in ["Aktivitetsdagbog", "Registreringer", "137 t 30 min", "Energi pr. dag", "Hvornår dræner aktiviteterne?",
                         "Giver oftest energi", "Dræner oftest", "Middagslur", "Gåtur ved søen", "Indkøb i Føtex",
                         "Lør", "Søn", "Bedre end i går – måtte dog holde pause to gange."] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func copmShowsScoresAndClinicallyImportantChange() throws {
        let (_, text) = try render(.copm)
        // Performance 4,0 → 6,0 (+2,0, important); satisfaction 3,0 → 5,3 (+2,3, important).
        for expected in ["COPM", "At lave aftensmad til familien", "4,0", "6,0", "5,3", "+2,0", "+2,3", "klinisk betydende", "Vigtighed"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func colorScaleShowsLevelsStatementsAndSymptoms() throws {
        let (_, text) = try render(.colorScale)
        for expected in ["Farveskala", "Giver energi", "Dræner", "Jeg må hvile bagefter", "Lydfølsomhed", "Træthed i øjnene", "#C62828"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func exportHasCoverContentsAndEverySection() throws {
        let (pages, text) = try render(.export)
        #expect(pages >= 8)
        for expected in ["Samlet dokumentation", "Indhold", "MFI-20 – Træthed i hverdagen", "MFS – Mental træthed",
                         "Aktivitetsdagbog", "COPM og mål", "Farveskala", "Mål og aftaler",
                         "Vende tilbage til arbejdet som pædagog", "Side \(pages) af \(pages)"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func aClientWithoutRecordsGetsAReportSayingSo() throws {
        let input = ReportInput(kind: .export, subject: DemoData.subject, printedAt: DemoData.printedAt)
        let text = try PopplerTools.text(try ReportComposer.render(input)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("endnu ingen scoret besvarelse af MFI-20"))
        #expect(text.contains("Klienten har endnu ingen COPM-vurdering"))
        #expect(text.contains("standardskalaen gælder"))
    }
}
