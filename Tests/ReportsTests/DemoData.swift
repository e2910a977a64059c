import Foundation
import MDMECore
import Reports

/// Known records of one invented client, for the report tests, the samples and the benchmark.
enum DemoData {
    static let timeZone = TimeZone(identifier: "Europe/Copenhagen")!
    static let printedAt = Date(timeIntervalSince1970: 1_796_380_200) // 2026-12-04 09:50 UTC

    static let subject = ReportSubject(
        clientName: "Søren Ærø Ødegård", birthDate: CalendarDate("1968-04-12")!,
        therapistName: "Åse Ørnbøl", organisation: "Demo Kommune – Hjerneskadecenter", timeZone: timeZone
    )

    static let colorScale = ColorScale(levels: [
        .init(color: "#2E7D32", label: "Giver energi", statements: ["Jeg får ny energi", "Jeg kan tænke klart"], symptoms: []),
        .init(color: "#9CCC65", label: "Lidt energi", statements: ["Det går fint"], symptoms: []),
        .init(color: "#F9A825", label: "Neutral", statements: ["Hverken eller"], symptoms: ["Let hovedpine"]),
        .init(color: "#C62828", label: "Dræner", statements: ["Jeg må hvile bagefter"], symptoms: ["Svimmelhed", "Lydfølsomhed", "Træthed i øjnene"]),
    ])

    /// MFI-20 answers: general fatigue 9, physical 10, reduced activity 13, reduced motivation 11, mental 12 (total 55).
    static let mfi20Answers: [Double?] = [2, 4, 3, 2, 4, 3, 4, 3, 2, 3, 3, 3, 4, 3, 2, 4, 2, 3, 3, 2]
    static let mfi20Earlier: [Double?] = [2, 5, 2, 2, 5, 2, 4, 4, 3, 3, 4, 4, 5, 3, 3, 4, 2, 3, 4, 2]
    /// MFS answers: total 17 (moderate); item 15 answered 3 but not counted. Earlier: 23 (severe).
    static let mfsAnswers: [Double?] = [2, 1.5, 2, 1, 1.5, 1, 1.5, 1, 1, 0.5, 1, 2, 0.5, 0.5, 3]
    static let mfsEarlier: [Double?] = [2.5, 2, 2.5, 2, 2, 1.5, 2, 1.5, 1, 1, 1.5, 2, 1, 0.5, 2]

    static func questionnaire(_ instrument: QuestionnaireInstrument, _ answers: [Double?], daysAgo: Double) throws -> QuestionnaireResult {
        let scores: QuestionnaireScores = switch instrument {
        case .mfi20: .mfi20(try MFI20Scorer.score(answers.map { $0.map(Int.init) }))
        case .mfs: .mfs(try MFSScorer().score(answers))
        }
        return QuestionnaireResult(id: UUID(), instrument: instrument, submittedAt: printedAt.addingTimeInterval(-daysAgo * 86_400),
                                   answers: answers, scores: scores)
    }

    static let activities = ["Indkøb i Føtex", "Gåtur ved søen", "Madlavning", "Møde på jobcentret", "Læsning", "Yoga",
                             "Støvsugning", "Kaffe med Åse", "Bus til byen", "Computerarbejde", "Havearbejde", "Middagslur"]

    /// `count` registrations spread over the `days` days before `printedAt`, deterministic.
    static func diary(count: Int, days: Int) -> [DiaryEntry] {
        var generator = SplitMix(seed: 42)
        let start = CalendarDate(printedAt, in: timeZone).adding(days: -days).startOfDay(in: timeZone)
        return (0..<count).map { index in
            let day = Double(index * days / count)
            let hour = 7 + Double(generator.next() % 15)
            let activity = activities[Int(generator.next() % UInt64(activities.count))]
            let level = activity == "Middagslur" || activity == "Gåtur ved søen" ? 0 : Int(generator.next() % 4)
            return DiaryEntry(
                activity: activity, startedAt: start.addingTimeInterval(day * 86_400 + hour * 3600 + Double(generator.next() % 4) * 900),
                durationMinutes: 15 + Int(generator.next() % 8) * 15, level: level,
                statements: level == 3 ? ["Jeg må hvile bagefter"] : [],
                symptoms: level == 3 ? ["Svimmelhed"] : [],
                note: index % 7 == 0 ? "Bedre end i går – måtte dog holde pause to gange." : nil
            )
        }
    }

    static let copm = [
        COPMAssessment(assessedOn: CalendarDate("2026-06-02")!, problems: [
            COPMProblem(description: "At lave aftensmad til familien", importance: 9, performance: 3, satisfaction: 2),
            COPMProblem(description: "At gå til fødselsdage uden at blive udmattet", importance: 8, performance: 4, satisfaction: 3),
            COPMProblem(description: "At læse en avis", importance: 6, performance: 5, satisfaction: 4),
        ]),
        COPMAssessment(assessedOn: CalendarDate("2026-11-20")!, problems: [
            COPMProblem(description: "At lave aftensmad til familien", importance: 9, performance: 6, satisfaction: 5),
            COPMProblem(description: "At gå til fødselsdage uden at blive udmattet", importance: 8, performance: 5, satisfaction: 5),
            COPMProblem(description: "At læse en avis", importance: 6, performance: 7, satisfaction: 6),
        ]),
    ]

    static let goals = [
        GoalEntry(kind: .shortTerm, text: "Gå en tur på 20 minutter tre gange om ugen", status: .achieved, targetDate: CalendarDate("2026-09-01")),
        GoalEntry(kind: .longTerm, text: "Vende tilbage til arbejdet som pædagog 10 timer om ugen", status: .active, targetDate: CalendarDate("2027-06-01")),
    ]

    /// A full input of `kind` with every record above.
    static func input(_ kind: ReportKind, diaryCount: Int = 120, days: Int = 30) throws -> ReportInput {
        let to = CalendarDate(printedAt, in: timeZone)
        return ReportInput(
            kind: kind, subject: subject, printedAt: printedAt,
            questionnaires: [try questionnaire(.mfi20, mfi20Earlier, daysAgo: 120), try questionnaire(.mfs, mfsEarlier, daysAgo: 119),
                             try questionnaire(.mfi20, mfi20Answers, daysAgo: 3), try questionnaire(.mfs, mfsAnswers, daysAgo: 2)],
            period: DateRange(from: to.adding(days: -days), to: to),
            diary: diary(count: diaryCount, days: days),
            colorScale: colorScale, colorScaleIsStandard: false, copm: copm, goals: goals
        )
    }
}

/// A small deterministic random number generator, so the demo data is the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
