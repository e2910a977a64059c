import Foundation
import MDMECore
import Testing

@Suite("MFI-20 scoring")
struct MFI20ScorerTests {
    typealias Subscale = MFI20Scorer.Subscale

    /// Each item's subscale and whether it is reverse-scored, copied by hand from DOMAIN.md.
    static let key: [Int: (subscale: Subscale, reversed: Bool)] = [
        1: (.generalFatigue, false), 2: (.physicalFatigue, true), 3: (.reducedActivity, false),
        4: (.reducedMotivation, false), 5: (.generalFatigue, true), 6: (.reducedActivity, false),
        7: (.mentalFatigue, false), 8: (.physicalFatigue, false), 9: (.reducedMotivation, true),
        10: (.reducedActivity, true), 11: (.mentalFatigue, false), 12: (.generalFatigue, false),
        13: (.mentalFatigue, true), 14: (.physicalFatigue, true), 15: (.reducedMotivation, false),
        16: (.generalFatigue, true), 17: (.reducedActivity, true), 18: (.reducedMotivation, true),
        19: (.mentalFatigue, true), 20: (.physicalFatigue, false),
    ]

    static let unanswered: Int? = nil

    /// 20 answers of `base`, with some items changed (`nil` = unanswered).
    static func answers(_ base: Int? = 3, setting changes: [Int: Int?] = [:]) -> [Int?] {
        (1...20).map { item in changes[item] ?? base }
    }

    static func expect(_ scores: MFI20Scores, _ general: Int?, _ physical: Int?, _ activity: Int?,
                       _ motivation: Int?, _ mental: Int?, total: Int?, complete: Bool,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(scores.generalFatigue == general, sourceLocation: sourceLocation)
        #expect(scores.physicalFatigue == physical, sourceLocation: sourceLocation)
        #expect(scores.reducedActivity == activity, sourceLocation: sourceLocation)
        #expect(scores.reducedMotivation == motivation, sourceLocation: sourceLocation)
        #expect(scores.mentalFatigue == mental, sourceLocation: sourceLocation)
        #expect(scores.total == total, sourceLocation: sourceLocation)
        #expect(scores.complete == complete, sourceLocation: sourceLocation)
    }

    static func json(_ text: String) throws -> JSONValue {
        try MDMEJSON.decoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    // MARK: The scoring key

    @Test func reversedItemsAreThoseOfDOMAIN() {
        #expect(MFI20Scorer.reversedItems == [2, 5, 9, 10, 13, 14, 16, 17, 18, 19])
    }

    @Test func subscalesHoldTheirFourItems() {
        #expect(Subscale.generalFatigue.items == [1, 5, 12, 16])
        #expect(Subscale.physicalFatigue.items == [2, 8, 14, 20])
        #expect(Subscale.reducedActivity.items == [3, 6, 10, 17])
        #expect(Subscale.reducedMotivation.items == [4, 9, 15, 18])
        #expect(Subscale.mentalFatigue.items == [7, 11, 13, 19])
        #expect(Subscale.allCases.flatMap(\.items).sorted() == Array(1...20))
    }

    // MARK: Every item, one at a time

    /// 3 scores 3 either way, so every subscale starts at 12; answering 1 on one item moves
    /// only its subscale: to 14 when reversed (6 − 1 = 5), to 10 when not.
    @Test(arguments: 1...20)
    func answeringOneOnASingleItemMovesOnlyItsSubscale(item: Int) throws {
        let (subscale, reversed) = try #require(Self.key[item])
        let scores = try MFI20Scorer.score(Self.answers(setting: [item: 1]))
        let moved = reversed ? 14 : 10
        for other in Subscale.allCases {
            #expect(scores[other] == (other == subscale ? moved : 12), "subscale \(other)")
        }
        #expect(scores.total == 60 - 12 + moved)
        #expect(scores.complete)
    }

    /// The mirror image: 5 scores 1 when reversed, 5 when not.
    @Test(arguments: 1...20)
    func answeringFiveOnASingleItemMovesOnlyItsSubscale(item: Int) throws {
        let (subscale, reversed) = try #require(Self.key[item])
        let scores = try MFI20Scorer.score(Self.answers(setting: [item: 5]))
        let moved = reversed ? 10 : 14
        for other in Subscale.allCases {
            #expect(scores[other] == (other == subscale ? moved : 12), "subscale \(other)")
        }
        #expect(scores.total == 60 - 12 + moved)
    }

    // MARK: Whole answer sets

    @Test func neutralAnswersScoreTwelveEverywhere() throws {
        Self.expect(try MFI20Scorer.score(Self.answers(3)), 12, 12, 12, 12, 12, total: 60, complete: true)
    }

    /// Every subscale has two reversed items: all 1 gives 1 + 1 + 5 + 5 = 12 each.
    @Test func allOnes() throws {
        Self.expect(try MFI20Scorer.score(Self.answers(1)), 12, 12, 12, 12, 12, total: 60, complete: true)
    }

    /// All 5 gives 5 + 5 + 1 + 1 = 12 each.
    @Test func allFives() throws {
        Self.expect(try MFI20Scorer.score(Self.answers(5)), 12, 12, 12, 12, 12, total: 60, complete: true)
    }

    /// "Not true" (5) to every plain item and "true" (1) to every reversed one: the most fatigue.
    @Test func mostFatigueIsTwentyPerSubscaleAndOneHundredInTotal() throws {
        let answers: [Int?] = [5, 1, 5, 5, 1, 5, 5, 5, 1, 1, 5, 5, 1, 1, 5, 1, 1, 1, 1, 5]
        Self.expect(try MFI20Scorer.score(answers), 20, 20, 20, 20, 20, total: 100, complete: true)
    }

    @Test func leastFatigueIsFourPerSubscaleAndTwentyInTotal() throws {
        let answers: [Int?] = [1, 5, 1, 1, 5, 1, 1, 1, 5, 5, 1, 1, 5, 5, 1, 5, 5, 5, 5, 1]
        Self.expect(try MFI20Scorer.score(answers), 4, 4, 4, 4, 4, total: 20, complete: true)
    }

    /// Answers chosen so that every item of a subscale scores the same value and each subscale
    /// a different one (worked out by hand per item, reversals included). An item counted in
    /// the wrong subscale, or a reversal missed on a subscale not scoring 3, changes two sums.
    @Test(arguments: [
        // scored: general 1s, physical 2s, activity 3s, motivation 4s, mental 5s
        ([1, 4, 3, 4, 5, 3, 5, 2, 2, 3, 5, 1, 1, 4, 4, 5, 3, 2, 1, 2], [4, 8, 12, 16, 20]),
        // scored: general 5s, physical 4s, activity 1s, motivation 3s, mental 2s
        ([5, 2, 1, 3, 1, 1, 2, 4, 3, 5, 2, 5, 4, 2, 3, 1, 5, 3, 4, 4], [20, 16, 4, 12, 8]),
    ])
    func distinctSubscaleSumsCatchAWrongMapping(answers: [Int], expected: [Int]) throws {
        let scores = try MFI20Scorer.score(answers)
        Self.expect(scores, expected[0], expected[1], expected[2], expected[3], expected[4], total: 60, complete: true)
    }

    // MARK: Missing answers

    @Test(arguments: 1...20)
    func aMissingItemLeavesOnlyItsSubscaleWithoutAScore(item: Int) throws {
        let subscale = try #require(Self.key[item]).subscale
        let scores = try MFI20Scorer.score(Self.answers(setting: [item: Self.unanswered]))
        for other in Subscale.allCases {
            #expect(scores[other] == (other == subscale ? nil : 12), "subscale \(other)")
        }
        #expect(scores.total == nil)
        #expect(!scores.complete)
    }

    @Test func nothingAnsweredScoresNothing() throws {
        Self.expect(try MFI20Scorer.score(Self.answers(nil)), nil, nil, nil, nil, nil, total: nil, complete: false)
    }

    @Test func missingItemsInTwoSubscales() throws {
        let scores = try MFI20Scorer.score(Self.answers(setting: [5: Self.unanswered, 16: Self.unanswered, 20: Self.unanswered]))
        Self.expect(scores, nil, nil, 12, 12, 12, total: nil, complete: false)
    }

    // MARK: Invalid answers to the scorer

    @Test func answersOutsideOneToFiveAreRejectedWithTheirItems() {
        #expect(throws: QuestionnaireAnswerError(problems: [
            .init(item: 3, problem: "must be a whole number from 1 to 5, or null"),
            .init(item: 7, problem: "must be a whole number from 1 to 5, or null"),
            .init(item: 20, problem: "must be a whole number from 1 to 5, or null"),
        ])) {
            try MFI20Scorer.score(Self.answers(setting: [3: 0, 7: 6, 20: -1]))
        }
    }

    @Test(arguments: [0, 19, 21])
    func aWrongCountIsRejected(count: Int) throws {
        let error = try #require(throws: QuestionnaireAnswerError.self) {
            try MFI20Scorer.score(Array(repeating: 3, count: count))
        }
        #expect(error.countProblem == "must have exactly 20 answers, one per item (null for unanswered); got \(count)")
        #expect(error.problems.isEmpty)
    }

    // MARK: Raw JSON answers

    @Test func jsonAnswersBecomeTypedAnswers() throws {
        let json = try Self.json("[1, 2.0, null, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5e0]")
        #expect(try MFI20Scorer.answers(from: json) == [1, 2, nil, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
    }

    @Test(arguments: ["0", "6", "2.5", "-1", "0.999", "1e300", "-1e300", "\"3\"", "true", "[3]", "{\"value\": 3}"])
    func aBadJSONValueIsRejectedWithItsItem(value: String) throws {
        var entries = Array(repeating: "3", count: 20)
        entries[11] = value
        let error = try #require(throws: QuestionnaireAnswerError.self) {
            try MFI20Scorer.answers(from: Self.json("[\(entries.joined(separator: ","))]"))
        }
        #expect(error.items == [12])
        #expect(error.countProblem == nil)
        #expect(error.fieldProblems == [FieldProblem(field: "answers[11]", problem: "item 12: must be a whole number from 1 to 5, or null")])
    }

    @Test func everyBadJSONValueIsReportedAtOnceInItemOrder() throws {
        let json = try Self.json("[0, 3, 3, 2.5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, \"x\", 6]")
        let error = try #require(throws: QuestionnaireAnswerError.self) { try MFI20Scorer.answers(from: json) }
        #expect(error.items == [1, 4, 19, 20])
        #expect(error.fieldProblems.map(\.field) == ["answers[0]", "answers[3]", "answers[18]", "answers[19]"])
        #expect(error.apiError.code == .validationFailed)
        #expect(error.apiError.fields == ["answers[0]", "answers[3]", "answers[18]", "answers[19]"])
    }

    @Test(arguments: [19, 21])
    func aWrongJSONCountIsReportedWithTheBadValues(count: Int) throws {
        var entries = Array(repeating: "3", count: count)
        entries[1] = "7"
        let error = try #require(throws: QuestionnaireAnswerError.self) {
            try MFI20Scorer.answers(from: Self.json("[\(entries.joined(separator: ","))]"))
        }
        #expect(error.countProblem == "must have exactly 20 answers, one per item (null for unanswered); got \(count)")
        #expect(error.items == [2])
        #expect(error.fieldProblems.map(\.field) == ["answers", "answers[1]"])
    }

    @Test(arguments: ["3", "null", "\"1,2,3\"", "{\"answers\": []}"])
    func answersThatAreNotAListAreRejected(text: String) throws {
        let error = try #require(throws: QuestionnaireAnswerError.self) { try MFI20Scorer.answers(from: Self.json(text)) }
        #expect(error.countProblem == "must be a list of 20 answers, item 1 first (null for unanswered)")
        #expect(error.fieldProblems.map(\.field) == ["answers"])
    }

    // MARK: JSON of the scores

    @Test func completeScoresEncodeAsAPIMdLists() throws {
        let scores = try MFI20Scorer.score([1, 4, 3, 4, 5, 3, 5, 2, 2, 3, 5, 1, 1, 4, 4, 5, 3, 2, 1, 2])
        #expect(String(decoding: try MDMEJSON.encode(scores), as: UTF8.self) == """
            {"complete":true,"general_fatigue":4,"mental_fatigue":20,"physical_fatigue":8,\
            "reduced_activity":12,"reduced_motivation":16,"total":60}
            """)
    }

    @Test func missingScoresAreWrittenAsNull() throws {
        let scores = try MFI20Scorer.score(Self.answers(setting: [7: Self.unanswered]))
        #expect(String(decoding: try MDMEJSON.encode(scores), as: UTF8.self) == """
            {"complete":false,"general_fatigue":12,"mental_fatigue":null,"physical_fatigue":12,\
            "reduced_activity":12,"reduced_motivation":12,"total":null}
            """)
        #expect(try JSONValue(encoding: scores)["total"] == .null)
    }

    @Test func scoresRoundTrip() throws {
        for answers in [Self.answers(4), Self.answers(setting: [1: Self.unanswered])] {
            let scores = try MFI20Scorer.score(answers)
            #expect(try JSONValue(encoding: scores).decode(as: MFI20Scores.self) == scores)
        }
    }
}
