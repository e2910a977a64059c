import Foundation
import MDMECore
import PDFRendering

/// Turns a client's records into the PDF of one report kind, in Danish.
public enum ReportComposer {
    /// The PDF of `input.kind`.
    public static func render(_ input: ReportInput) throws -> [UInt8] {
        // Sections do their arithmetic once, here; the renderer lays the pages out twice.
        let kinds: [ReportKind] = input.kind == .export ? exportSections : [input.kind]
        let sections = kinds.map { kind in (kind, section(kind, input, partOfExport: input.kind == .export)) }
        return try PDFRenderer.render(title: "\(title(of: input.kind)) – MDME") { document in
            document.footerNote = "Fortroligt – indeholder helbredsoplysninger · MDME"
            document.runningHeader = ("\(title(of: input.kind)) · \(input.subject.clientName)",
                                      "Udskrevet \(DanishFormat.date(input.printedAt, in: input.subject.timeZone))")
            if input.kind == .export {
                writeCover(input, to: document)
                for (kind, section) in sections {
                    document.newPage()
                    document.heading(sectionTitle(of: kind))
                    section.write(to: document)
                }
            } else {
                writeTitleBlock(input, to: document)
                sections.forEach { $0.1.write(to: document) }
            }
        }
    }

    /// The kinds `export` holds, in order.
    static let exportSections: [ReportKind] = [.mfi20, .mfs, .registrations, .copm, .colorScale]

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

    /// The cover page and table of contents of `export`.
    private static func writeCover(_ input: ReportInput, to document: PDFDocument) {
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
        document.tableOfContents(exportSections.map { sectionTitle(of: $0) })
    }

    static func sectionTitle(of kind: ReportKind) -> String {
        kind == .copm ? "COPM og mål" : title(of: kind)
    }

    private static func section(_ kind: ReportKind, _ input: ReportInput, partOfExport: Bool) -> any ReportSection {
        switch kind {
        case .mfi20: MFI20Section(input: input)
        case .mfs: MFSSection(input: input)
        case .registrations: RegistrationsSection(input: input)
        case .copm: COPMSection(input: input, goals: partOfExport ? input.goals : nil)
        // `export` is made of the other kinds and never asked for as a section of itself.
        case .colorScale, .export: ColorScaleSection(input: input)
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

/// One part of a report, written top to bottom into the document.
protocol ReportSection {
    func write(to document: PDFDocument)
}

extension QuestionnaireInstrument {
    var reportKind: ReportKind {
        switch self {
        case .mfi20: .mfi20
        case .mfs: .mfs
        }
    }
}
