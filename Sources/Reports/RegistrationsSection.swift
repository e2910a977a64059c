import Foundation
import MDMECore
import PDFRendering

/// The diary report for a period: energy per day stacked by colour-scale level, when draining
/// activities happen (weekday × hour), the activities that most often restore and drain, and
/// the diary itself as a table.
struct RegistrationsSection: ReportSection {
    let input: ReportInput
    let levels: [ColorScale.Level]
    let colors: [PDFColor]
    let statistics: DiaryStatistics
    /// The diary table's rows, oldest first: made once, however often the pages are laid out.
    let diaryRows: [[Table.Cell]]

    init(input: ReportInput) {
        self.input = input
        levels = input.colorScale.levels
        let colors = levels.map { PDFColor(hex: $0.color) ?? .muted }
        self.colors = colors
        statistics = DiaryStatistics(entries: input.diary, levelCount: levels.count, period: input.period, timeZone: input.subject.timeZone)
        let calendar = DanishFormat.calendar(input.subject.timeZone)
        let levels = levels
        diaryRows = input.diary.sorted { $0.startedAt < $1.startedAt }.map { entry in
            let level = min(max(entry.level, 0), levels.count - 1)
            var details: [String] = []
            if !entry.statements.isEmpty { details.append(entry.statements.joined(separator: "; ")) }
            if !entry.symptoms.isEmpty { details.append("Symptomer: " + entry.symptoms.joined(separator: "; ")) }
            if let note = entry.note, !note.isEmpty { details.append("Note: " + note) }
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: entry.startedAt)
            return [Table.Cell(String(format: "%02d.%02d.%04d", parts.day!, parts.month!, parts.year!)),
                    Table.Cell(String(format: "%02d.%02d", parts.hour!, parts.minute!)),
                    Table.Cell(entry.activity),
                    Table.Cell(DanishFormat.duration(minutes: entry.durationMinutes)),
                    Table.Cell(levels[level].label, swatch: colors[level]),
                    Table.Cell(details.joined(separator: "\n"))]
        }
    }

    func write(to document: PDFDocument) {
        let periodText = statistics.days.first.map { first in
            "\(DanishFormat.date(first.date)) – \(DanishFormat.date(statistics.days.last!.date))"
        } ?? "–"
        let totalMinutes = statistics.minutesPerLevel.reduce(0, +)
        document.keyValues([
            ("Periode", periodText),
            ("Registreringer", "\(input.diary.count)"),
            ("Registreret tid i alt", DanishFormat.duration(minutes: totalMinutes)),
        ])
        guard !input.diary.isEmpty else {
            document.note("Klienten har ingen registreringer i perioden.")
            return
        }
        document.table(Table(
            columns: [Table.Column("Niveau", weight: 1.8), Table.Column("Registreringer", weight: 1.3, alignment: .right),
                      Table.Column("Tid", alignment: .right), Table.Column("Andel af tiden", alignment: .right)],
            rows: levels.enumerated().map { index, level in
                [Table.Cell(level.label, swatch: colors[index]), Table.Cell("\(statistics.countPerLevel[index])"),
                 Table.Cell(DanishFormat.duration(minutes: statistics.minutesPerLevel[index])),
                 Table.Cell("\(DanishFormat.number(100 * Double(statistics.minutesPerLevel[index]) / Double(max(totalMinutes, 1)))) %")]
            }
        ))

        document.heading("Energi pr. dag", level: 2, keepWithNext: 240)
        document.paragraph("Timer registreret hver dag, fordelt på klientens egne farveniveauer.", style: .small, color: .muted)
        let long = statistics.days.count > 45
        document.stackedBarChart(StackedBarChart(
            series: levels.enumerated().map { StackedBarChart.Series(label: $1.label, color: colors[$0]) },
            categories: statistics.days.map { day in
                long ? (day.date.day == 1 ? "\(DanishFormat.shortMonths[day.date.month - 1]) \(day.date.year % 100)" : "")
                     : "\(day.date.day)/\(day.date.month)"
            },
            values: statistics.days.map { $0.minutesPerLevel.map { Double($0) / 60 } },
            unit: "timer"
        ))

        document.heading("Hvornår dræner aktiviteterne?", level: 2, keepWithNext: 190)
        document.paragraph("Antal drænende registreringer (niveauer over skalaens midte) efter ugedag og klokkeslæt.",
                           style: .small, color: .muted)
        document.heatMap(HeatMap(
            rowLabels: DanishFormat.weekdays,
            columnLabels: (0..<24).map { String(format: "%02d", $0) },
            values: statistics.drainingByHour,
            color: colors.last ?? .accent,
            legend: "Færre → flere drænende registreringer"
        ))

        document.heading("Aktiviteter der oftest giver og dræner energi", level: 2)
        let rows = max(statistics.mostRestoring.count, statistics.mostDraining.count)
        document.table(Table(
            columns: [Table.Column("Giver oftest energi", weight: 2.2), Table.Column("Antal", weight: 0.6, alignment: .right),
                      Table.Column("Dræner oftest", weight: 2.2), Table.Column("Antal", weight: 0.6, alignment: .right)],
            rows: (0..<rows).map { index in
                let restoring = index < statistics.mostRestoring.count ? statistics.mostRestoring[index] : nil
                let draining = index < statistics.mostDraining.count ? statistics.mostDraining[index] : nil
                return [Table.Cell(restoring?.activity ?? "", swatch: restoring.map { _ in colors.first! }),
                        Table.Cell(restoring.map { "\($0.count)" } ?? ""),
                        Table.Cell(draining?.activity ?? "", swatch: draining.map { _ in colors.last! }),
                        Table.Cell(draining.map { "\($0.count)" } ?? "")]
            }
        ))

        document.heading("Dagbog", level: 2)
        document.table(Table(
            columns: [Table.Column("Dato", weight: 1.2), Table.Column("Kl.", weight: 0.65), Table.Column("Aktivitet", weight: 2),
                      Table.Column("Varighed", weight: 1.1), Table.Column("Niveau", weight: 1.35),
                      Table.Column("Udsagn, symptomer og note", weight: 2.3)],
            rows: diaryRows,
            compact: true
        ))
    }
}
