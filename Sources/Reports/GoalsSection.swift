import MDMECore
import PDFRendering

/// The client's goals and agreements, in the export next to COPM.
struct GoalsSection {
    let goals: [GoalEntry]

    static func name(_ status: GoalStatus) -> String {
        switch status {
        case .active: "Aktivt"
        case .achieved: "Nået"
        case .dropped: "Opgivet"
        }
    }

    func write(to document: PDFDocument) {
        document.heading("Mål og aftaler", level: 2)
        guard !goals.isEmpty else {
            document.note("Der er ingen mål eller aftaler.")
            return
        }
        document.table(Table(
            columns: [Table.Column("Type", weight: 0.9), Table.Column("Mål", weight: 4), Table.Column("Status", weight: 0.7),
                      Table.Column("Måldato", weight: 0.9)],
            rows: goals.map { goal in
                [Table.Cell(goal.kind == .shortTerm ? "Kortsigtet" : "Langsigtet"), Table.Cell(goal.text),
                 Table.Cell(Self.name(goal.status)), Table.Cell(goal.targetDate.map(DanishFormat.shortDate) ?? "–")]
            }
        ))
    }
}
