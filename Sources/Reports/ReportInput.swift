import Foundation
import MDMECore

/// Who a report is about and who prints it, for its header.
public struct ReportSubject: Sendable {
    public var clientName: String
    public var birthDate: CalendarDate
    public var therapistName: String?
    public var organisation: String
    /// The tenant's time zone: days and hours in the report are local.
    public var timeZone: TimeZone

    public init(clientName: String, birthDate: CalendarDate, therapistName: String?, organisation: String, timeZone: TimeZone) {
        self.clientName = clientName
        self.birthDate = birthDate
        self.therapistName = therapistName
        self.organisation = organisation
        self.timeZone = timeZone
    }
}

/// A scored questionnaire with the answers it was scored from.
public struct QuestionnaireResult: Sendable {
    public var id: UUID
    public var instrument: QuestionnaireInstrument
    public var submittedAt: Date
    /// Item 1 first; nil for an unanswered item.
    public var answers: [Double?]
    public var scores: QuestionnaireScores

    public init(id: UUID, instrument: QuestionnaireInstrument, submittedAt: Date, answers: [Double?], scores: QuestionnaireScores) {
        self.id = id
        self.instrument = instrument
        self.submittedAt = submittedAt
        self.answers = answers
        self.scores = scores
    }
}

/// One activity registration of the client's diary.
public struct DiaryEntry: Sendable {
    public var activity: String
    public var startedAt: Date
    public var durationMinutes: Int
    /// Index into the colour scale, 0 = most restoring.
    public var level: Int
    public var statements: [String]
    public var symptoms: [String]
    public var note: String?

    public init(activity: String, startedAt: Date, durationMinutes: Int, level: Int,
                statements: [String] = [], symptoms: [String] = [], note: String? = nil) {
        self.activity = activity
        self.startedAt = startedAt
        self.durationMinutes = durationMinutes
        self.level = level
        self.statements = statements
        self.symptoms = symptoms
        self.note = note
    }
}

/// One COPM assessment.
public struct COPMAssessment: Sendable {
    public var assessedOn: CalendarDate
    public var problems: [COPMProblem]

    public init(assessedOn: CalendarDate, problems: [COPMProblem]) {
        self.assessedOn = assessedOn
        self.problems = problems
    }
}

/// One goal or agreement.
public struct GoalEntry: Sendable {
    public var kind: GoalKind
    public var text: String
    public var status: GoalStatus
    public var targetDate: CalendarDate?

    public init(kind: GoalKind, text: String, status: GoalStatus, targetDate: CalendarDate?) {
        self.kind = kind
        self.text = text
        self.status = status
        self.targetDate = targetDate
    }
}

/// Everything a report is made from. The loader fills what the kind needs (all of it for
/// `export`); the composer reads nothing else.
public struct ReportInput: Sendable {
    public var kind: ReportKind
    public var subject: ReportSubject
    public var printedAt: Date
    /// Every scored questionnaire of the client, oldest first.
    public var questionnaires: [QuestionnaireResult]
    /// The questionnaire an `mfi20`/`mfs` report is about; nil means the latest of its instrument.
    public var questionnaireID: UUID?
    /// The diary's period; nil for `export` over all registrations.
    public var period: DateRange?
    /// The registrations of the period, in any order.
    public var diary: [DiaryEntry]
    public var colorScale: ColorScale
    /// Whether the client has no scale of their own and the standard one applies.
    public var colorScaleIsStandard: Bool
    /// Oldest first; the first is the baseline of every change.
    public var copm: [COPMAssessment]
    public var goals: [GoalEntry]
    public var mfsRules: MFSScoringRules

    public init(kind: ReportKind, subject: ReportSubject, printedAt: Date, questionnaires: [QuestionnaireResult] = [],
                questionnaireID: UUID? = nil, period: DateRange? = nil, diary: [DiaryEntry] = [],
                colorScale: ColorScale = .standard, colorScaleIsStandard: Bool = true, copm: [COPMAssessment] = [],
                goals: [GoalEntry] = [], mfsRules: MFSScoringRules = MFSScoringRules()) {
        self.kind = kind
        self.subject = subject
        self.printedAt = printedAt
        self.questionnaires = questionnaires
        self.questionnaireID = questionnaireID
        self.period = period
        self.diary = diary
        self.colorScale = colorScale
        self.colorScaleIsStandard = colorScaleIsStandard
        self.copm = copm
        self.goals = goals
        self.mfsRules = mfsRules
    }
}
