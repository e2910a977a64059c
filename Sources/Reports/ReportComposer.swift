import Foundation
import MDMECore
import PDFRendering

/// Turns a client's records into the PDF of one report kind, in Danish.
public enum ReportComposer {
    /// The PDF of `input.kind`.
    public static func render(_ input: ReportInput) throws -> [UInt8] {
        try PDFRenderer.render(title: "\(title(of: input.kind)) – MDME") { document in
            document.footerNote = "Fortroligt – indeholder helbredsoplysninger · MDME"
            document.runningHeader = ("\(title(of: input.kind)) · \(input.subject.clientName)",
                                      "Udskrevet \(DanishFormat.date(input.printedAt, in: input.subject.timeZone))")
            if input.kind == .export {
                writeExport(input, to: document)
            } else {
                writeTitleBlock(input, to: document)
                write(input.kind, input, to: document, asSection: false)
            }
        }
    }

    /// The document title of a kind.
    public static func title(of kind: ReportKind) -> String {
        switch kind {
        case .mfi20: "MFI-20 – Træthed i hverdagen"
        case .mfs: "MFS – Mental træthed"
        case .registrations: "Aktivitetsdagbog"
        case .copm: "COPM – Aktivitetsudførelse"
        case .colorScale: "Farveskala"
        case .export: "Samlet dokumentation"
        }
    }

    static func facts(_ input: ReportInput) -> [(String, String)] {
        let subject = input.subject
        var facts = [
            ("Klient", subject.clientName),
            ("Fødselsdato", DanishFormat.date(subject.birthDate)),
        ]
        if let therapist = subject.therapistName { facts.append(("Ansvarlig behandler", therapist)) }
        facts.append(("Organisation", subject.organisation))
        facts.append(("Udskrevet", "\(DanishFormat.date(input.printedAt, in: subject.timeZone)) kl. \(DanishFormat.time(input.printedAt, in: subject.timeZone))"))
        return facts
    }

    private static func writeTitleBlock(_ input: ReportInput, to document: PDFDocument) {
        document.title(title(of: input.kind), subtitle: "MDME · Min Dag | Min Energi")
        document.keyValues(facts(input))
    }

    /// `export`: a cover page, a table of contents, then every kind as a section of its own.
    private static func writeExport(_ input: ReportInput, to document: PDFDocument) {
        var facts = facts(input)
        if let period = input.period, let from = period.from, let to = period.to {
            facts.append(("Dagbogens periode", "\(DanishFormat.date(from)) – \(DanishFormat.date(to))"))
        }
        document.coverPage(
            title: "Samlet dokumentation",
            subtitle: "Spørgeskemaer, aktivitetsdagbog, COPM, mål og farveskala",
            facts: facts,
            closingNote: "Udskriften samler alt, hvad MDME har registreret om klienten, til journalføring. "
                + "Den indeholder helbredsoplysninger og skal opbevares fortroligt."
        )
        let sections: [ReportKind] = [.mfi20, .mfs, .registrations, .copm, .colorScale]
        document.tableOfContents(sections.map { sectionTitle(of: $0) })
        for kind in sections {
            document.newPage()
            write(kind, input, to: document, asSection: true)
        }
    }

    static func sectionTitle(of kind: ReportKind) -> String {
        kind == .copm ? "COPM og mål" : title(of: kind)
    }

    private static func write(_ kind: ReportKind, _ input: ReportInput, to document: PDFDocument, asSection: Bool) {
        if asSection { document.heading(sectionTitle(of: kind)) }
        switch kind {
        case .mfi20: MFI20Section(input: input).write(to: document)
        case .mfs: MFSSection(input: input).write(to: document)
        case .registrations: RegistrationsSection(input: input).write(to: document)
        case .copm:
            COPMSection(input: input).write(to: document)
            if asSection { GoalsSection(goals: input.goals).write(to: document) }
        case .colorScale: ColorScaleSection(input: input).write(to: document)
        case .export: break
        }
    }

    /// The questionnaire an `mfi20`/`mfs` report is about and the one before it of the same
    /// instrument (for the change), from the client's scored questionnaires.
    static func questionnaires(_ instrument: QuestionnaireInstrument, _ input: ReportInput)
        -> (current: QuestionnaireResult, previous: QuestionnaireResult?)? {
        let same = input.questionnaires.filter { $0.instrument == instrument }.sorted { $0.submittedAt < $1.submittedAt }
        let index = input.kind == instrument.reportKind ? input.questionnaireID.flatMap { id in same.firstIndex { $0.id == id } } : nil
        guard let position = index ?? (same.isEmpty ? nil : same.count - 1) else { return nil }
        return (same[position], position > 0 ? same[position - 1] : nil)
    }
}

extension QuestionnaireInstrument {
    var reportKind: ReportKind {
        switch self {
        case .mfi20: .mfi20
        case .mfs: .mfs
        }
    }
}
