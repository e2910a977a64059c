import ClientRecords
import DataProtection
import Foundation
import MDMECore
import Postgres
import Reports

/// Reads what a report of one kind shows, through the same stores mdme-storage uses, and
/// opens it with the client's data key.
struct ReportLoader {
    let database: PostgresConnection
    let keys: KeyStore
    let rules: MFSScoringRules

    /// The most registrations one report reads: a very busy client's year several times over.
    static let diaryLimit = 20_000

    func input(for report: ReportRecord, printedAt: Date) throws -> ReportInput {
        guard let subject = try ReportSubjectStore(database: database, keys: keys).subject(clientID: report.clientID, tenantID: report.tenantID) else {
            throw APIError(.notFound, "The report's client is gone.")
        }
        let kind = report.kind
        let clientID = report.clientID, tenantID = report.tenantID
        let cipher = try keys.cipher(for: clientID)
        var input = ReportInput(
            kind: kind,
            subject: ReportSubject(clientName: subject.clientName, birthDate: subject.birthDate, therapistName: subject.therapistName,
                                   organisation: subject.tenantName, timeZone: subject.timeZone),
            printedAt: printedAt, questionnaireID: report.questionnaireID, mfsRules: rules
        )
        if kind == .mfi20 || kind == .mfs || kind == .export {
            input.questionnaires = try questionnaires(clientID: clientID, tenantID: tenantID)
        }
        if kind == .registrations || kind == .colorScale || kind == .export {
            let scale = try ColorScaleStore(database: database, cipher: cipher).get(clientID: clientID, tenantID: tenantID)
            input.colorScale = ColorScale(levels: scale.levels)
            input.colorScaleIsStandard = scale.isDefault
        }
        if kind == .registrations || kind == .export {
            let period = report.period.from == nil ? nil : report.period
            input.period = period
            input.diary = try RegistrationStore(database: database, cipher: cipher)
                .list(clientID: clientID, tenantID: tenantID, range: report.period, timeZone: subject.timeZone, limit: Self.diaryLimit)
                .map { DiaryEntry(activity: $0.activity, startedAt: $0.startedAt, durationMinutes: $0.durationMinutes, level: $0.level,
                                  statements: $0.statements, symptoms: $0.symptoms, note: $0.note) }
        }
        if kind == .copm || kind == .export {
            input.copm = try COPMStore(database: database, cipher: cipher).list(clientID: clientID, tenantID: tenantID)
                .map { COPMAssessment(assessedOn: $0.assessedOn, problems: $0.problems) }
        }
        if kind == .export {
            input.goals = try GoalStore(database: database, cipher: cipher).list(clientID: clientID, tenantID: tenantID)
                .map { GoalEntry(kind: $0.kind, text: $0.text, status: $0.status, targetDate: $0.targetDate) }
        }
        return input
    }

    /// The scored questionnaires, oldest first, with the answers they were scored from.
    private func questionnaires(clientID: UUID, tenantID: UUID) throws -> [QuestionnaireResult] {
        let store = QuestionnaireStore(database: database, keys: keys)
        return try store.list(clientID: clientID, tenantID: tenantID).compactMap { assignment in
            guard assignment.status == .scored, let scores = assignment.scores, let submittedAt = assignment.submittedAt,
                  let raw = try store.answers(of: assignment.id, clientID: clientID, tenantID: tenantID) else { return nil }
            let answers: [Double?] = switch assignment.instrument {
            case .mfi20: try MFI20Scorer.answers(from: raw).map { $0.map(Double.init) }
            case .mfs: try MFSScorer.answers(from: raw)
            }
            return QuestionnaireResult(id: assignment.id, instrument: assignment.instrument, submittedAt: submittedAt,
                                       answers: answers, scores: scores)
        }
    }
}
