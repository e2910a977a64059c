/// Scores the MFI-20 (Multidimensional Fatigue Inventory) by the rules in DOMAIN.md.
///
/// Each item is answered 1 ("yes, that is true") to 5 ("no, that is not true"). The items in
/// `reversedItems` are scored `6 − x` so that a higher score always means more fatigue; every
/// subscale is the plain sum of its four scored items (4–20), and the total (20–100) the sum of
/// the subscales. A subscale with an unanswered item has no score — never a guessed one.
public enum MFI20Scorer {
    /// The number of items; answers come item 1 first.
    public static let itemCount = 20
    /// The answers an item accepts.
    public static let allowedAnswers = 1...5
    /// The items scored `6 − x`.
    public static let reversedItems: Set<Int> = [2, 5, 9, 10, 13, 14, 16, 17, 18, 19]

    /// The five subscales, with their items as DOMAIN.md lists them.
    public enum Subscale: Sendable, CaseIterable {
        case generalFatigue, physicalFatigue, reducedActivity, reducedMotivation, mentalFatigue

        /// The four item numbers summed into this subscale.
        public var items: [Int] {
            switch self {
            case .generalFatigue: [1, 5, 12, 16]
            case .physicalFatigue: [2, 8, 14, 20]
            case .reducedActivity: [3, 6, 10, 17]
            case .reducedMotivation: [4, 9, 15, 18]
            case .mentalFatigue: [7, 11, 13, 19]
            }
        }
    }

    static let answerProblem = "must be a whole number from 1 to 5, or null"

    /// Validates the raw `answers` of a submission: a list of exactly 20 entries, each `null`
    /// or a whole number 1–5 (`2.0` is the number 2; `2.5`, strings and booleans are rejected).
    /// Throws every problem at once.
    public static func answers(from json: JSONValue) throws(QuestionnaireAnswerError) -> [Int?] {
        try QuestionnaireAnswerError.decode(json, itemCount: itemCount, problem: answerProblem) { number in
            guard let whole = Int(exactly: number), allowedAnswers.contains(whole) else { return nil }
            return whole
        }
    }

    /// Scores 20 answers, item 1 first; `nil` is an unanswered item.
    /// Throws when the count is not 20 or an answer is outside 1–5.
    public static func score(_ answers: [Int?]) throws(QuestionnaireAnswerError) -> MFI20Scores {
        try QuestionnaireAnswerError.check(answers, itemCount: itemCount, problem: answerProblem) { allowedAnswers.contains($0) }
        func sum(_ subscale: Subscale) -> Int? {
            var sum = 0
            for item in subscale.items {
                guard let answer = answers[item - 1] else { return nil }
                sum += reversedItems.contains(item) ? 6 - answer : answer
            }
            return sum
        }
        return MFI20Scores(
            generalFatigue: sum(.generalFatigue),
            physicalFatigue: sum(.physicalFatigue),
            reducedActivity: sum(.reducedActivity),
            reducedMotivation: sum(.reducedMotivation),
            mentalFatigue: sum(.mentalFatigue),
            complete: answers.allSatisfy { $0 != nil }
        )
    }
}
