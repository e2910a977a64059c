/// Scores the MFS (Mental Fatigue Scale) by the rules in DOMAIN.md.
///
/// Each of the 15 items is answered 0–3 in half steps. The total is the sum of items 1–14;
/// item 15 (24-hour variation) is recorded but never counted.
///
/// Completeness: `complete` means all 15 items were answered, while the total needs only items
/// 1–14. So a submission missing only item 15 has a total, an indication and a band, and is
/// still marked incomplete — the total is exact without item 15, and the flag keeps the gap
/// visible to the therapist.
public struct MFSScorer: Sendable {
    /// The number of items; answers come item 1 first.
    public static let itemCount = 15
    /// The items summed into the total.
    public static let countedItems = 1...14
    /// The answers an item accepts, lowest first.
    public static let allowedAnswers: [Double] = [0, 0.5, 1, 1.5, 2, 2.5, 3]
    /// The highest possible total: 3 on each of the 14 counted items.
    public static let maximumTotal: Double = 42

    static let answerProblem = "must be one of 0, 0.5, 1, 1.5, 2, 2.5, 3, or null"

    public var rules: MFSScoringRules

    public init(rules: MFSScoringRules = MFSScoringRules()) {
        self.rules = rules
    }

    /// Validates the raw `answers` of a submission: a list of exactly 15 entries, each `null`
    /// or one of the allowed steps. Throws every problem at once.
    public static func answers(from json: JSONValue) throws(QuestionnaireAnswerError) -> [Double?] {
        try QuestionnaireAnswerError.decode(json, itemCount: itemCount, problem: answerProblem) { number in
            isAllowed(number) ? number : nil
        }
    }

    /// Scores 15 answers, item 1 first; `nil` is an unanswered item.
    /// Throws when the count is not 15 or an answer is not one of the allowed steps.
    public func score(_ answers: [Double?]) throws(QuestionnaireAnswerError) -> MFSScores {
        try QuestionnaireAnswerError.check(answers, itemCount: Self.itemCount, problem: Self.answerProblem, accept: Self.isAllowed)
        let complete = answers.allSatisfy { $0 != nil }
        let counted = Self.countedItems.map { answers[$0 - 1] }
        guard !counted.contains(nil) else {
            return MFSScores(total: nil, indicated: nil, band: nil, complete: complete)
        }
        // Halves and their sums up to 42 are exact in binary floating point: no rounding here.
        let total = counted.reduce(0) { $0 + $1! }
        return MFSScores(total: total, indicated: total >= rules.cutOff, band: rules.band(for: total), complete: complete)
    }

    /// Whether `value` is one of 0, 0.5, …, 3 exactly; doubling a binary float is exact, so
    /// 0.25 or 2.4 never pass as a half step.
    private static func isAllowed(_ value: Double) -> Bool {
        let halves = value * 2
        return halves.rounded() == halves && (0...6).contains(halves)
    }
}
