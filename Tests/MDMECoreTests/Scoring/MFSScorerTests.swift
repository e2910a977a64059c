import Foundation
import MDMECore
import Testing

@Suite("MFS scoring")
struct MFSScorerTests {
    static let scorer = MFSScorer()
    static let unanswered: Double? = nil

    /// Items 1–14 from `counted` (the rest 0), then item 15, which is 3 unless said otherwise
    /// so that a scorer counting it would be off by 3.
    static func answers(_ counted: [Double?], item15: Double? = 3) -> [Double?] {
        counted + Array(repeating: 0, count: 14 - counted.count) + [item15]
    }

    static func json(_ text: String) throws -> JSONValue {
        try MDMEJSON.decoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    // MARK: Totals, cut-off and bands

    /// The boundaries of DOMAIN.md, each total added up by hand.
    @Test(arguments: [
        (10, [3, 3, 3, 1], MFSBand.noFatigue, false),
        (10.5, [3, 3, 3, 1.5], .mild, true),
        (14.5, [3, 3, 3, 3, 2.5], .mild, true),
        (15, [3, 3, 3, 3, 3], .moderate, true),
        (20, [3, 3, 3, 3, 3, 3, 2], .moderate, true),
        (20.5, [3, 3, 3, 3, 3, 3, 2.5], .severe, true),
        (0, [], .noFatigue, false),
        (42, Array(repeating: 3, count: 14), .severe, true),
        // 7 × 1 + 7 × 0.5: half steps add up exactly to the cut-off.
        (10.5, [1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], .mild, true),
        (9.5, [0.5, 1.5, 2.5, 0.5, 1.5, 2.5, 0.5], .noFatigue, false),
    ] as [(Double, [Double], MFSBand, Bool)])
    func boundaries(total: Double, counted: [Double], band: MFSBand, indicated: Bool) throws {
        let scores = try Self.scorer.score(Self.answers(counted))
        #expect(scores == MFSScores(total: total, indicated: indicated, band: band, complete: true))
    }

    @Test(arguments: 1...14)
    func everyItemFromOneToFourteenCounts(item: Int) throws {
        var answers = Self.answers([], item15: 0)
        answers[item - 1] = 2.5
        #expect(try Self.scorer.score(answers).total == 2.5)
    }

    /// Item 15 (24-hour variation) is recorded but never counted, whatever its answer.
    @Test(arguments: MFSScorer.allowedAnswers)
    func itemFifteenIsNeverCounted(item15: Double) throws {
        let scores = try Self.scorer.score(Self.answers(Array(repeating: 1, count: 14), item15: item15))
        #expect(scores == MFSScores(total: 14, indicated: true, band: .mild, complete: true))
    }

    @Test func allThreesTotalFortyTwoNotFortyFive() throws {
        #expect(try Self.scorer.score(Array(repeating: 3, count: 15)).total == 42)
    }

    // MARK: Missing answers

    @Test(arguments: 1...14)
    func aMissingCountedItemLeavesNoTotal(item: Int) throws {
        var answers = Self.answers(Array(repeating: 3, count: 14))
        answers[item - 1] = nil
        #expect(try Self.scorer.score(answers) == MFSScores(total: nil, indicated: nil, band: nil, complete: false))
    }

    /// The total needs items 1–14 only; `complete` still tells that item 15 was skipped.
    @Test func aMissingItemFifteenKeepsTheTotalButIsIncomplete() throws {
        let scores = try Self.scorer.score(Self.answers(Array(repeating: 1, count: 14), item15: nil))
        #expect(scores == MFSScores(total: 14, indicated: true, band: .mild, complete: false))
    }

    @Test func nothingAnsweredScoresNothing() throws {
        let scores = try Self.scorer.score(Array(repeating: Self.unanswered, count: 15))
        #expect(scores == MFSScores(total: nil, indicated: nil, band: nil, complete: false))
    }

    // MARK: Invalid answers

    @Test(arguments: [0.25, 3.5, -0.5, 4, 0.1, 2.4, 2.75, -3, 1e300, .nan, .infinity, -.infinity])
    func aValueOffTheStepsIsRejectedWithItsItem(value: Double) throws {
        var answers = Self.answers(Array(repeating: 1, count: 14))
        answers[4] = value
        let error = try #require(throws: QuestionnaireAnswerError.self) { try Self.scorer.score(answers) }
        #expect(error.items == [5])
        #expect(error.countProblem == nil)
    }

    @Test(arguments: [0, 14, 16])
    func aWrongCountIsRejected(count: Int) throws {
        let error = try #require(throws: QuestionnaireAnswerError.self) {
            try Self.scorer.score(Array(repeating: 1, count: count))
        }
        #expect(error.countProblem == "must have exactly 15 answers, one per item (null for unanswered); got \(count)")
    }

    @Test func everyStepIsAcceptedFromJSON() throws {
        let json = try Self.json("[0, 0.5, 1, 1.5, 2, 2.5, 3, 3.0, 0.0, 5e-1, null, 1, 1, 1, null]")
        #expect(try MFSScorer.answers(from: json) == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3, 0, 0.5, nil, 1, 1, 1, nil])
    }

    @Test(arguments: ["0.25", "3.5", "-0.5", "4", "-1", "0.49", "\"1\"", "false", "[1]", "{}"])
    func aBadJSONValueIsRejectedWithItsItem(value: String) throws {
        var entries = Array(repeating: "1", count: 15)
        entries[14] = value
        let error = try #require(throws: QuestionnaireAnswerError.self) {
            try MFSScorer.answers(from: Self.json("[\(entries.joined(separator: ","))]"))
        }
        #expect(error.items == [15])
        #expect(error.fieldProblems == [FieldProblem(field: "answers[14]", problem: "item 15: must be one of 0, 0.5, 1, 1.5, 2, 2.5, 3, or null")])
    }

    @Test func everyBadJSONValueAndTheCountAreReportedAtOnce() throws {
        let json = try Self.json("[0.25, 1, 1, 3.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, -0.5]")
        let error = try #require(throws: QuestionnaireAnswerError.self) { try MFSScorer.answers(from: json) }
        #expect(error.countProblem == "must have exactly 15 answers, one per item (null for unanswered); got 14")
        #expect(error.items == [1, 4, 14])
        #expect(error.fieldProblems.map(\.field) == ["answers", "answers[0]", "answers[3]", "answers[13]"])
    }

    @Test func answersThatAreNotAListAreRejected() throws {
        let error = try #require(throws: QuestionnaireAnswerError.self) { try MFSScorer.answers(from: .object([:])) }
        #expect(error.countProblem == "must be a list of 15 answers, item 1 first (null for unanswered)")
    }

    // MARK: Configured rules

    @Test func bandsFollowTheDefaultLimits() {
        let rules = MFSScoringRules()
        #expect(rules == MFSScoringRules(cutOff: 10.5, mildFrom: 10.5, moderateFrom: 15, severeFrom: 20.5))
        let bands = [0, 10, 10.5, 14.5, 15, 20, 20.5, 42].map(rules.band(for:))
        #expect(bands == [.noFatigue, .noFatigue, .mild, .mild, .moderate, .moderate, .severe, .severe])
    }

    @Test(arguments: [
        (11.5, MFSBand.noFatigue, false),
        (12, .mild, true),
        (15.5, .mild, true),
        (16, .moderate, true),
        (21.5, .moderate, true),
        (22, .severe, true),
    ] as [(Double, MFSBand, Bool)])
    func customRulesMoveTheCutOffAndBands(total: Double, band: MFSBand, indicated: Bool) throws {
        let scorer = MFSScorer(rules: MFSScoringRules(cutOff: 12, mildFrom: 12, moderateFrom: 16, severeFrom: 22))
        // Total in half steps spread over the first items: 3, 3, …, remainder.
        var counted: [Double] = []
        var remaining = total
        while remaining > 0 {
            counted.append(min(3, remaining))
            remaining -= min(3, remaining)
        }
        #expect(try scorer.score(Self.answers(counted)) == MFSScores(total: total, indicated: indicated, band: band, complete: true))
    }

    /// The cut-off is its own setting: a total can be in the mild band without being indicated.
    @Test func theCutOffIsIndependentOfTheBands() throws {
        let scorer = MFSScorer(rules: MFSScoringRules(cutOff: 15))
        #expect(try scorer.score(Self.answers([3, 3, 3, 3])) == MFSScores(total: 12, indicated: false, band: .mild, complete: true))
        #expect(try scorer.score(Self.answers([3, 3, 3, 3, 3]))
            == MFSScores(total: 15, indicated: true, band: .moderate, complete: true))
    }

    @Test func inconsistentRulesAreReported() {
        #expect(MFSScoringRules().problems.isEmpty)
        #expect(MFSScoringRules(mildFrom: 16).problems == ["the MFS band limits must rise: mild ≤ moderate ≤ severe"])
        #expect(MFSScoringRules(moderateFrom: 21).problems == ["the MFS band limits must rise: mild ≤ moderate ≤ severe"])
        #expect(MFSScoringRules(cutOff: -1).problems == ["the MFS cut-off and band limits must be between 0 and 42"])
        #expect(MFSScoringRules(severeFrom: 42.5).problems == ["the MFS cut-off and band limits must be between 0 and 42"])
        #expect(MFSScoringRules(mildFrom: .nan).problems.count == 2)
    }

    @Test func rulesAreConfigurationWithSnakeCaseKeys() throws {
        #expect(try JSONValue(encoding: MFSScoringRules()) == .object([
            "cut_off": .number(10.5), "mild_from": .number(10.5), "moderate_from": .number(15), "severe_from": .number(20.5),
        ]))
        let decoded: MFSScoringRules = try Self.json(#"{"cut_off": 12, "mild_from": 12, "moderate_from": 16, "severe_from": 22}"#).decode()
        #expect(decoded == MFSScoringRules(cutOff: 12, mildFrom: 12, moderateFrom: 16, severeFrom: 22))
    }

    // MARK: JSON of the scores

    @Test func bandsAreWrittenAsAPIMdNamesThem() throws {
        #expect(MFSBand.allCases.map(\.rawValue) == ["none", "mild", "moderate", "severe"])
    }

    @Test func scoresEncodeAsAPIMdLists() throws {
        let scores = try Self.scorer.score(Self.answers([3, 3, 3, 1.5]))
        #expect(String(decoding: try MDMEJSON.encode(scores), as: UTF8.self) == #"{"band":"mild","complete":true,"indicated":true,"total":10.5}"#)
        let none = try Self.scorer.score(Self.answers([3, 3, 3, 1]))
        #expect(String(decoding: try MDMEJSON.encode(none), as: UTF8.self) == #"{"band":"none","complete":true,"indicated":false,"total":10}"#)
    }

    @Test func missingScoresAreWrittenAsNull() throws {
        let scores = try Self.scorer.score(Self.answers([nil]))
        #expect(String(decoding: try MDMEJSON.encode(scores), as: UTF8.self) == #"{"band":null,"complete":false,"indicated":null,"total":null}"#)
        #expect(try JSONValue(encoding: scores).decode(as: MFSScores.self) == scores)
    }
}
