import Foundation
import MDMECore
import PDFRendering

/// The COPM report: every assessment's problems with importance, performance and
/// satisfaction, its scores, and the change against the first assessment, flagged when it is
/// clinically important (2,0 points or more, decided exactly by `COPMScorer`).
struct COPMSection: ReportSection {
    let input: ReportInput
    /// The goals shown after the assessments (in `export`); nil leaves them out.
    let goals: [GoalEntry]?

    func write(to document: PDFDocument) {
        writeAssessments(to: document)
        if let goals { GoalsSection(goals: goals).write(to: document) }
    }

    private func writeAssessments(to document: PDFDocument) {
        guard !input.copm.isEmpty else {
            document.note("Klienten har endnu ingen COPM-vurdering.")
            return
        }
        let scored = input.copm.compactMap { assessment in (try? COPMScorer.score(assessment.problems)).map { (assessment, $0) } }
        guard let baseline = scored.first?.1 else {
            document.note("De gemte COPM-vurderinger kunne ikke scores.")
            return
        }
        document.heading("Scorer og ændring", level: 2)
        document.paragraph("Score = gennemsnittet af problemernes vurderinger (1–10). Ændringen måles mod første vurdering; "
            + "en stigning på 2,0 point eller mere er klinisk betydende.", style: .small, color: .muted)
        var rows: [[Table.Cell]] = []
        for (index, (assessment, scores)) in scored.enumerated() {
            let change = index == 0 ? nil : COPMScorer.change(from: baseline, to: scores)
            func changeCell(_ value: COPMScoreChange?) -> Table.Cell {
                guard let value else { return Table.Cell("Udgangspunkt", color: .muted) }
                return Table.Cell(DanishFormat.decimal(value.display, signed: true) + (value.clinicallyImportant ? " ✓ klinisk betydende" : ""),
                                  bold: value.clinicallyImportant, color: value.clinicallyImportant ? PDFColor(hex: "#2E7D32") : nil)
            }
            rows.append([Table.Cell(DanishFormat.shortDate(assessment.assessedOn)),
                         Table.Cell(DanishFormat.decimal(scores.performance.display), bold: true),
                         Table.Cell(DanishFormat.decimal(scores.satisfaction.display), bold: true),
                         changeCell(change?.performance), changeCell(change?.satisfaction)])
        }
        document.table(Table(
            columns: [Table.Column("Vurderet", weight: 1), Table.Column("Udførelse", weight: 1.1, alignment: .right),
                      Table.Column("Tilfredshed", weight: 1.2, alignment: .right),
                      Table.Column("Ændring udførelse", weight: 1.5), Table.Column("Ændring tilfredshed", weight: 1.5)],
            rows: rows
        ))
        document.barChart(BarChart(
            scale: 0...10, ticks: [0, 2, 4, 6, 8, 10],
            bars: scored.map { assessment, scores in
                BarChart.Bar(label: DanishFormat.shortDate(assessment.assessedOn), value: scores.performance.value,
                             previous: scores.satisfaction.value,
                             valueText: "\(DanishFormat.decimal(scores.performance.display)) / \(DanishFormat.decimal(scores.satisfaction.display))")
            },
            currentLabel: "Udførelse", previousLabel: "Tilfredshed"
        ))
        for (assessment, _) in scored.reversed() {
            document.heading("Vurdering \(DanishFormat.date(assessment.assessedOn))", level: 2)
            document.table(Table(
                columns: [Table.Column("Aktivitetsproblem", weight: 3), Table.Column("Vigtighed", weight: 1.2, alignment: .right),
                          Table.Column("Udførelse", weight: 1.2, alignment: .right), Table.Column("Tilfredshed", weight: 1.3, alignment: .right)],
                rows: assessment.problems.map { problem in
                    [Table.Cell(problem.description), Table.Cell("\(problem.importance)"),
                     Table.Cell("\(problem.performance)"), Table.Cell("\(problem.satisfaction)")]
                }
            ))
        }
    }
}
