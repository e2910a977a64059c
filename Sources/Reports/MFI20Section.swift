import Foundation
import MDMECore
import PDFRendering

/// The MFI-20 report: subscale scores and total, a chart on the 4–20 range, what each
/// subscale means, the answers item by item, and the change since the previous answers.
struct MFI20Section: ReportSection {
    let input: ReportInput

    static func name(_ subscale: MFI20Scorer.Subscale) -> String {
        switch subscale {
        case .generalFatigue: "Generel træthed"
        case .physicalFatigue: "Fysisk træthed"
        case .reducedActivity: "Nedsat aktivitet"
        case .reducedMotivation: "Nedsat motivation"
        case .mentalFatigue: "Mental træthed"
        }
    }

    static func explanation(_ subscale: MFI20Scorer.Subscale) -> String {
        switch subscale {
        case .generalFatigue: "Hvor træt klienten føler sig i det hele taget, og hvor meget energi der er i hverdagen."
        case .physicalFatigue: "Træthed i kroppen: hvor hurtigt kræfterne slipper op ved fysisk aktivitet."
        case .reducedActivity: "Hvor lidt klienten når at lave i løbet af dagen og ugen."
        case .reducedMotivation: "Manglende lyst til at gå i gang med ting og glæde ved det, der er planlagt."
        case .mentalFatigue: "Besvær med at koncentrere sig, holde tråden og tænke klart."
        }
    }

    static func subscale(of item: Int) -> MFI20Scorer.Subscale {
        MFI20Scorer.Subscale.allCases.first { $0.items.contains(item) }!
    }

    func write(to document: PDFDocument) {
        let timeZone = input.subject.timeZone
        guard let (current, previous) = ReportComposer.questionnaires(.mfi20, input), case .mfi20(let scores) = current.scores else {
            document.note("Klienten har endnu ingen scoret besvarelse af MFI-20.")
            return
        }
        var previousScores: MFI20Scores?
        if let previous, case .mfi20(let earlier) = previous.scores { previousScores = earlier }
        document.keyValues([
            ("Besvaret", DanishFormat.date(current.submittedAt, in: timeZone)),
            ("Skemaversion", QuestionnaireInstrument.mfi20.version),
            ("Samlet score", scores.total.map { "\($0) af 100 (mindst 20)" } ?? "kan ikke beregnes – ikke alle delskalaer er besvaret"),
            ("Besvarelse", scores.complete ? "Alle 20 udsagn er besvaret" : "Ufuldstændig – en delskala med et ubesvaret udsagn får ingen score"),
        ])
        document.heading("Delskalaer", level: 2, keepWithNext: 190)
        let bars = MFI20Scorer.Subscale.allCases.map { subscale in
            BarChart.Bar(label: Self.name(subscale), value: scores[subscale].map(Double.init),
                         previous: previousScores?[subscale].map(Double.init),
                         valueText: scores[subscale].map { "\($0)" } ?? "–")
        }
        document.barChart(BarChart(
            scale: 4...20, ticks: [4, 8, 12, 16, 20], bars: bars,
            currentLabel: "Denne besvarelse",
            previousLabel: previous.map { "Forrige besvarelse (\(DanishFormat.date($0.submittedAt, in: timeZone)))" } ?? ""
        ))
        document.paragraph("Hver delskala går fra 4 til 20 point; jo højere score, desto mere træthed. "
            + "Totalen (20–100) er summen af de fem delskalaer.", style: .small, color: .muted)
        document.table(Table(
            columns: [Table.Column("Delskala", weight: 1.1), Table.Column("Hvad den måler", weight: 3),
                      Table.Column("Score", weight: 0.55, alignment: .right)],
            rows: MFI20Scorer.Subscale.allCases.map { subscale in
                [Table.Cell(Self.name(subscale), bold: true), Table.Cell(Self.explanation(subscale)),
                 Table.Cell(scores[subscale].map { "\($0)" } ?? "–")]
            }
        ))
        if let previous, let previousScores {
            writeChange(scores, since: previousScores, at: previous.submittedAt, to: document)
        }
        writeItems(current, to: document)
    }

    private func writeChange(_ scores: MFI20Scores, since earlier: MFI20Scores, at date: Date, to document: PDFDocument) {
        document.heading("Ændring siden \(DanishFormat.date(date, in: input.subject.timeZone))", level: 2)
        var rows: [[Table.Cell]] = MFI20Scorer.Subscale.allCases.map { subscale in
            row(Self.name(subscale), now: scores[subscale], before: earlier[subscale])
        }
        rows.append(row("Samlet", now: scores.total, before: earlier.total, bold: true))
        document.table(Table(
            columns: [Table.Column("Delskala", weight: 2), Table.Column("Forrige", alignment: .right),
                      Table.Column("Nu", alignment: .right), Table.Column("Ændring", alignment: .right)],
            rows: rows
        ))
        document.paragraph("En negativ ændring betyder mindre træthed end sidst.", style: .small, color: .muted)
    }

    private func row(_ label: String, now: Int?, before: Int?, bold: Bool = false) -> [Table.Cell] {
        let change = now.flatMap { now in before.map { now - $0 } }
        return [Table.Cell(label, bold: bold), Table.Cell(before.map { "\($0)" } ?? "–"), Table.Cell(now.map { "\($0)" } ?? "–", bold: bold),
                Table.Cell(change.map { DanishFormat.number(Double($0), signed: true) } ?? "–", bold: bold)]
    }

    private func writeItems(_ result: QuestionnaireResult, to document: PDFDocument) {
        document.heading("Svar udsagn for udsagn", level: 2)
        let items = QuestionnaireInstrument.mfi20.items
        let rows: [[Table.Cell]] = items.map { item in
            let answer = item.number <= result.answers.count ? result.answers[item.number - 1] : nil
            let reversed = MFI20Scorer.reversedItems.contains(item.number)
            let label = answer.flatMap { value in item.options.first { $0.value == value }?.label.danish }
            let points = answer.map { reversed ? 6 - Int($0) : Int($0) }
            return [
                Table.Cell("\(item.number)"),
                Table.Cell(item.text.danish),
                Table.Cell(answer.map { "\(Int($0)) – \(label ?? "")" } ?? "Ikke besvaret"),
                Table.Cell(points.map { "\($0)\(reversed ? " (vendt)" : "")" } ?? "–"),
                Table.Cell(Self.name(Self.subscale(of: item.number))),
            ]
        }
        document.table(Table(
            columns: [Table.Column("Nr.", weight: 0.35), Table.Column("Udsagn", weight: 3.2), Table.Column("Svar", weight: 1.6),
                      Table.Column("Point", weight: 0.8), Table.Column("Delskala", weight: 1.3)],
            rows: rows, compact: true
        ))
        document.paragraph("Svar: 1 = »ja, det passer« … 5 = »nej, det passer ikke«. Vendte udsagn tæller 6 − svar, "
            + "så flere point altid betyder mere træthed.", style: .small, color: .muted)
    }
}
