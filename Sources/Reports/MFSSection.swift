import Foundation
import MDMECore
import PDFRendering

/// The MFS report: total against the cut-off and bands, the answers item by item (item 15
/// shown, not counted), and the change since the previous answers.
struct MFSSection: ReportSection {
    let input: ReportInput

    static func name(_ band: MFSBand) -> String {
        switch band {
        case .noFatigue: "Ingen mental træthed"
        case .mild: "Let mental træthed"
        case .moderate: "Moderat mental træthed"
        case .severe: "Svær mental træthed"
        }
    }

    static let bandColors: [MFSBand: PDFColor] = [
        .noFatigue: PDFColor(hex: "#2E7D32")!, .mild: PDFColor(hex: "#F9A825")!,
        .moderate: PDFColor(hex: "#EF6C00")!, .severe: PDFColor(hex: "#C62828")!,
    ]

    func write(to document: PDFDocument) {
        let timeZone = input.subject.timeZone
        let rules = input.mfsRules
        guard let (current, previous) = ReportComposer.questionnaires(.mfs, input), case .mfs(let scores) = current.scores else {
            document.note("Klienten har endnu ingen scoret besvarelse af MFS.")
            return
        }
        let cutOff = DanishFormat.number(rules.cutOff)
        document.keyValues([
            ("Besvaret", DanishFormat.date(current.submittedAt, in: timeZone)),
            ("Skemaversion", QuestionnaireInstrument.mfs.version),
            ("Samlet score", scores.total.map { "\(DanishFormat.number($0)) af 42" } ?? "kan ikke beregnes – et af udsagn 1–14 er ikke besvaret"),
            ("Grænseværdi", "\(cutOff) (mental træthed ved \(cutOff) eller derover)"),
            ("Vurdering", scores.band.map(Self.name) ?? "–"),
        ])
        if let indicated = scores.indicated {
            document.note(indicated
                ? "Scoren ligger på eller over grænseværdien: mental træthed er sandsynlig."
                : "Scoren ligger under grænseværdien.",
                color: scores.band.flatMap { Self.bandColors[$0] } ?? .accent)
        }
        document.heading("Score i forhold til grænseværdi og grader", level: 2, keepWithNext: 110)
        var previousTotal: Double?
        if let previous, case .mfs(let earlier) = previous.scores { previousTotal = earlier.total }
        let bands = [
            BarChart.Band(from: 0, to: rules.mildFrom, label: "Ingen", color: Self.bandColors[.noFatigue]!),
            BarChart.Band(from: rules.mildFrom, to: rules.moderateFrom, label: "Let", color: Self.bandColors[.mild]!),
            BarChart.Band(from: rules.moderateFrom, to: rules.severeFrom, label: "Moderat", color: Self.bandColors[.moderate]!),
            BarChart.Band(from: rules.severeFrom, to: MFSScorer.maximumTotal, label: "Svær", color: Self.bandColors[.severe]!),
        ]
        document.barChart(BarChart(
            scale: 0...MFSScorer.maximumTotal, ticks: [0, 7, 14, 21, 28, 35, 42],
            bars: [BarChart.Bar(label: "Samlet score", value: scores.total, previous: previousTotal,
                                valueText: scores.total.map { DanishFormat.number($0) } ?? "–")],
            bands: bands, markers: [BarChart.Marker(value: rules.cutOff, label: "Grænseværdi \(cutOff)")],
            currentLabel: "Denne besvarelse",
            previousLabel: previous.map { "Forrige besvarelse (\(DanishFormat.date($0.submittedAt, in: timeZone)))" } ?? "",
            color: .text
        ))
        if let previous, case .mfs(let earlier) = previous.scores {
            document.heading("Ændring siden \(DanishFormat.date(previous.submittedAt, in: timeZone))", level: 2)
            let change = scores.total.flatMap { now in earlier.total.map { now - $0 } }
            document.table(Table(
                columns: [Table.Column("", weight: 1.6), Table.Column("Forrige", alignment: .right),
                          Table.Column("Nu", alignment: .right), Table.Column("Ændring", alignment: .right)],
                rows: [
                    [Table.Cell("Samlet score", bold: true), Table.Cell(earlier.total.map { DanishFormat.number($0) } ?? "–"),
                     Table.Cell(scores.total.map { DanishFormat.number($0) } ?? "–"),
                     Table.Cell(change.map { DanishFormat.number($0, signed: true) } ?? "–")],
                    ["Vurdering", Table.Cell(earlier.band.map(Self.name) ?? "–"), Table.Cell(scores.band.map(Self.name) ?? "–"), ""],
                ]
            ))
        }
        writeItems(current, to: document)
    }

    private func writeItems(_ result: QuestionnaireResult, to document: PDFDocument) {
        document.heading("Svar udsagn for udsagn", level: 2)
        let rows: [[Table.Cell]] = QuestionnaireInstrument.mfs.items.map { item in
            let answer = item.number <= result.answers.count ? result.answers[item.number - 1] : nil
            let label = answer.flatMap { value in item.options.first { $0.value == value }?.label.danish }
            let counted = MFSScorer.countedItems.contains(item.number)
            return [
                Table.Cell("\(item.number)"),
                Table.Cell(item.text.danish),
                Table.Cell(answer.map { "\(DanishFormat.number($0)) – \(label ?? "")" } ?? "Ikke besvaret"),
                counted ? Table.Cell("Ja") : Table.Cell("Tælles ikke med", color: .muted),
            ]
        }
        document.table(Table(
            columns: [Table.Column("Nr.", weight: 0.35), Table.Column("Udsagn", weight: 4), Table.Column("Svar", weight: 1.7),
                      Table.Column("Tæller", weight: 1)],
            rows: rows, compact: true
        ))
        document.paragraph("Svar 0–3 i halve trin. Udsagn 15 (døgnvariation) registreres, men indgår ikke i den samlede score.",
                           style: .small, color: .muted)
    }
}
