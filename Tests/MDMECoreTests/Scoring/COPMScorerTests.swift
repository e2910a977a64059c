@testable import MDMECore
import Testing

@Suite("COPM scoring")
struct COPMScorerTests {
    /// Problems with these ratings, in order; satisfaction defaults to the performance ratings.
    static func problems(performance: [Int], satisfaction: [Int]? = nil, importance: Int = 8) -> [COPMProblem] {
        zip(performance, satisfaction ?? performance).enumerated().map { index, ratings in
            COPMProblem(description: "Problem \(index + 1)", importance: importance, performance: ratings.0, satisfaction: ratings.1)
        }
    }

    static func score(_ performance: [Int], _ satisfaction: [Int]? = nil) throws -> COPMScores {
        try COPMScorer.score(problems(performance: performance, satisfaction: satisfaction))
    }

    /// The performance change from one set of ratings to another.
    static func performanceChange(_ earlier: [Int], _ later: [Int]) throws -> COPMScoreChange {
        COPMScorer.change(from: try score(earlier), to: try score(later)).performance
    }

    // MARK: Scores

    @Test func scoresAreTheMeansOfTheRatings() throws {
        let scores = try Self.score([7, 7, 8], [5, 6, 4])
        #expect(scores.performance.ratingSum == 22 && scores.performance.ratingCount == 3)
        #expect(scores.performance.value == 22.0 / 3)
        #expect(scores.performance.display == "7.3")
        #expect(scores.satisfaction.value == 5)
        #expect(scores.satisfaction.display == "5.0")
    }

    @Test(arguments: [
        ([10], "10.0"),
        ([1], "1.0"),
        ([5, 6], "5.5"),
        ([7, 7, 7, 8], "7.3"),   // 7.25 rounds half up
        ([7, 7, 7, 6], "6.8"),   // 6.75
        ([7, 8, 8], "7.7"),      // 7.666…
        ([1, 2, 2, 2, 2], "1.8"),
        ([10, 10, 10, 10, 9], "9.8"),
    ])
    func scoresAreShownWithOneDecimal(ratings: [Int], display: String) throws {
        #expect(try Self.score(ratings).performance.display == display)
    }

    @Test func importanceIsValidatedButNotScored() throws {
        let low = try COPMScorer.score(Self.problems(performance: [4, 6], importance: 1))
        let high = try COPMScorer.score(Self.problems(performance: [4, 6], importance: 10))
        #expect(low == high)
    }

    // MARK: Change

    @Test func aChangeOfExactlyTwoIsClinicallyImportant() throws {
        let change = try Self.performanceChange([5, 6], [7, 8])
        #expect(change.value == 2)
        #expect(change.display == "2.0")
        #expect(change.clinicallyImportant)
    }

    /// Means with thirds: subtracting the Doubles 13/3 − 7/3 gives 1.9999999999999996, which
    /// a floating point comparison would call "not important". The exact fraction is 2.
    @Test(arguments: [
        ([2, 2, 3], [4, 4, 5]),     // 7/3 → 13/3
        ([7, 7, 8], [9, 9, 10]),    // 22/3 → 28/3
        ([1, 2, 2], [3, 4, 4]),     // 5/3 → 11/3
        ([3, 3, 4], [5, 5, 6]),     // 10/3 → 16/3
        ([6, 7], [8, 9, 8, 9]),     // 6.5 → 8.5, different numbers of problems
    ])
    func aChangeOfExactlyTwoFromNonTerminatingMeansIsImportant(earlier: [Int], later: [Int]) throws {
        let change = try Self.performanceChange(earlier, later)
        #expect(change.numerator == 2 && change.denominator == 1)
        #expect(change.display == "2.0")
        #expect(change.clinicallyImportant)
    }

    @Test func theThirdsCaseReallyIsAFloatingPointTrap() {
        #expect(13.0 / 3 - 7.0 / 3 < 2)
    }

    @Test(arguments: [
        ([5, 6], [7, 7, 8, 8, 7], "1.9"),   // 5.5 → 7.4
        ([5, 5, 5, 5], [7, 7, 6, 7], "1.8"), // 5 → 6.75: 1.75 rounds up
        ([5, 5, 5], [7, 7, 6], "1.7"),      // 5/3
        ([5, 5, 5, 5, 5], [7, 7, 7, 7, 6], "1.8"),
    ])
    func aChangeJustBelowTwoIsNotImportant(earlier: [Int], later: [Int], display: String) throws {
        let change = try Self.performanceChange(earlier, later)
        #expect(change.value < 2)
        #expect(change.display == display)
        #expect(!change.clinicallyImportant)
    }

    /// 7.25 → 9.2 is a change of 1.95: shown rounded as "2.0", yet below 2.0 and so not
    /// important — only the display is rounded, never the comparison.
    @Test func aChangeThatOnlyRoundsToTwoIsNotImportant() throws {
        let change = try Self.performanceChange([7, 7, 7, 8], [9, 9, 9, 9, 10])
        #expect(change.numerator == 39 && change.denominator == 20)
        #expect(change.display == "2.0")
        #expect(!change.clinicallyImportant)
    }

    @Test func largerChangesAreImportant() throws {
        let change = try Self.performanceChange([1, 1, 1, 1, 1], [10, 10, 10, 10, 10])
        #expect(change.value == 9)
        #expect(change.display == "9.0")
        #expect(change.clinicallyImportant)
    }

    /// DOMAIN.md counts a change of 2.0 "or more": a fall of 2 is not an important change.
    @Test func aFallIsNeverImportant() throws {
        let change = try Self.performanceChange([8, 9], [6, 7])
        #expect(change.value == -2)
        #expect(change.display == "-2.0")
        #expect(!change.clinicallyImportant)
    }

    @Test func noChange() throws {
        let change = try Self.performanceChange([4, 6, 8], [6, 6, 6])
        #expect(change.numerator == 0 && change.denominator == 1)
        #expect(change.display == "0.0")
        #expect(!change.clinicallyImportant)
    }

    @Test func smallChangesRoundHalfAwayFromZero() throws {
        // 5/4 − 6/5 = 1/20 = 0.05
        let rise = try Self.performanceChange([1, 1, 1, 1, 2], [1, 1, 1, 2])
        #expect(rise.numerator == 1 && rise.denominator == 20)
        #expect(rise.display == "0.1")
        #expect(try Self.performanceChange([1, 1, 1, 2], [1, 1, 1, 1, 2]).display == "-0.1")
    }

    @Test func performanceAndSatisfactionChangeSeparately() throws {
        let earlier = try Self.score([4, 5, 6], [3, 3, 3])
        let later = try Self.score([6, 7, 8], [4, 4, 5])
        let change = COPMScorer.change(from: earlier, to: later)
        #expect(change.performance.clinicallyImportant && change.performance.display == "2.0")
        #expect(!change.satisfaction.clinicallyImportant && change.satisfaction.display == "1.3")
    }

    @Test(arguments: [
        (1, 25, "0.0"), (-1, 25, "0.0"), (1, 20, "0.1"), (-1, 20, "-0.1"), (29, 4, "7.3"), (-29, 4, "-7.3"),
        (22, 3, "7.3"), (23, 3, "7.7"), (10, 1, "10.0"), (0, 7, "0.0"), (19, 10, "1.9"), (39, 20, "2.0"),
    ])
    func oneDecimalRoundsExactFractions(numerator: Int, denominator: Int, text: String) {
        #expect(OneDecimal.text(numerator, over: denominator) == text)
    }

    // MARK: Validation

    @Test(arguments: 1...5)
    func oneToFiveProblemsAreAccepted(count: Int) {
        #expect(COPMScorer.validate(Self.problems(performance: Array(repeating: 5, count: count))) == nil)
    }

    @Test(arguments: [0, 6])
    func otherNumbersOfProblemsAreRejected(count: Int) throws {
        let error = try #require(COPMScorer.validate(Self.problems(performance: Array(repeating: 5, count: count))))
        #expect(error.code == .validationFailed)
        #expect(error.details == [FieldProblem(field: "problems", problem: "must have 1 to 5 problems")])
    }

    @Test(arguments: [0, 11, -1, 100])
    func ratingsOutsideOneToTenAreRejectedByField(rating: Int) throws {
        var problems = Self.problems(performance: [5, 5, 5])
        problems[2].performance = rating
        problems[0].satisfaction = rating
        problems[1].importance = rating
        let error = try #require(COPMScorer.validate(problems))
        #expect(error.fields == ["problems[0].satisfaction", "problems[1].importance", "problems[2].performance"])
        #expect(error.details?.first?.problem == "must be a whole number from 1 to 10")
    }

    @Test func ratingsOfOneAndTenAreAccepted() {
        #expect(COPMScorer.validate(Self.problems(performance: [1, 10], satisfaction: [10, 1], importance: 1)) == nil)
        #expect(COPMScorer.validate(Self.problems(performance: [1, 10], importance: 10)) == nil)
    }

    @Test func descriptionsMustBeShortAndNotBlank() throws {
        var problems = Self.problems(performance: [5, 5, 5, 5])
        problems[0].description = ""
        problems[1].description = " \n\t"
        problems[2].description = String(repeating: "æ", count: 501)
        problems[3].description = String(repeating: "æ", count: 500)
        let error = try #require(COPMScorer.validate(problems))
        #expect(error.fields == ["problems[0].description", "problems[1].description", "problems[2].description"])
        #expect(error.details?.map(\.problem) == ["must not be empty", "must not be empty", "must be at most 500 characters"])
    }

    @Test func scoringRejectsWhatValidationRejects() throws {
        var problems = Self.problems(performance: [5, 5])
        problems[1].performance = 0
        let error = try #require(throws: APIError.self) { try COPMScorer.score(problems) }
        #expect(error == COPMScorer.validate(problems))
        #expect(throws: APIError.self) { try COPMScorer.score([]) }
    }

    // MARK: JSON

    @Test func scoresAndChangesEncodeWithValuesAndDisplays() throws {
        let earlier = try Self.score([2, 2, 3], [5, 5, 5])
        let later = try Self.score([4, 4, 5], [6, 6, 6])
        #expect(try JSONValue(encoding: later) == .object([
            "performance": .object(["value": .number(13.0 / 3), "display": .string("4.3")]),
            "satisfaction": .object(["value": .number(6), "display": .string("6.0")]),
        ]))
        #expect(try JSONValue(encoding: COPMScorer.change(from: earlier, to: later)) == .object([
            "performance": .object(["value": .number(2), "display": .string("2.0"), "clinically_important": .bool(true)]),
            "satisfaction": .object(["value": .number(1), "display": .string("1.0"), "clinically_important": .bool(false)]),
        ]))
    }

    @Test func problemsDecodeFromTheRequestBody() throws {
        let json: JSONValue = .object([
            "description": .string("Handle dagens indkøb"), "importance": .number(9), "performance": .number(4), "satisfaction": .number(3),
        ])
        #expect(try json.decode(as: COPMProblem.self)
            == COPMProblem(description: "Handle dagens indkøb", importance: 9, performance: 4, satisfaction: 3))
    }
}
