import MDMECore
import PDFRendering

/// The colour-scale report: the client's levels, from most restoring to most draining, with
/// their colours, statements and symptoms.
struct ColorScaleSection: ReportSection {
    let input: ReportInput

    func write(to document: PDFDocument) {
        document.paragraph(input.colorScaleIsStandard
            ? "Klienten har endnu ikke lavet sin egen farveskala; standardskalaen gælder."
            : "Klientens egen farveskala, lavet sammen med behandleren. Niveauerne går fra mest energigivende til mest drænende.")
        document.space(6)
        for (index, level) in input.colorScale.levels.enumerated() {
            document.swatchEntry(
                color: PDFColor(hex: level.color) ?? .muted,
                title: "\(index + 1). \(level.label)",
                lines: [("Farve", level.color.uppercased()),
                        ("Udsagn", level.statements.isEmpty ? "–" : level.statements.joined(separator: "\n")),
                        ("Symptomer", level.symptoms.isEmpty ? "–" : level.symptoms.joined(separator: "\n"))]
            )
        }
    }
}
