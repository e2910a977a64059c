/// Why a questionnaire's answers were rejected: a wrong number of answers and every offending
/// item, all at once, so the client can correct them in one go.
public struct QuestionnaireAnswerError: Error, Sendable, Equatable {
    /// One rejected answer; `item` is the 1-based item number.
    public struct ItemProblem: Sendable, Equatable {
        public var item: Int
        public var problem: String

        public init(item: Int, problem: String) {
            self.item = item
            self.problem = problem
        }
    }

    /// Set when the answers are not a list of exactly one answer per item.
    public var countProblem: String?
    /// The rejected answers in item order.
    public var problems: [ItemProblem]

    public init(countProblem: String? = nil, problems: [ItemProblem] = []) {
        self.countProblem = countProblem
        self.problems = problems
    }

    /// The numbers of the rejected items, in order.
    public var items: [Int] { problems.map(\.item) }

    /// The problems as API.md's `details`: `answers` for the count, and `answers[i]` for item
    /// `i + 1` — the same 0-based path a decoding error in that list gets — with the item
    /// number also in the text, so the client is told which item in its own terms.
    public var fieldProblems: [FieldProblem] {
        let count = countProblem.map { [FieldProblem(field: "answers", problem: $0)] } ?? []
        return count + problems.map { FieldProblem(field: "answers[\($0.item - 1)]", problem: "item \($0.item): \($0.problem)") }
    }

    /// The `validation_failed` answer (HTTP 400) naming every problem.
    public var apiError: APIError { .validation(fieldProblems) }
}

extension QuestionnaireAnswerError {
    /// Checks that there is one answer per item and that every given answer passes `accept`;
    /// nil answers (unanswered items) always pass. Every entry is checked even when the count
    /// is wrong, so one answer reports everything.
    static func check<Answer>(_ answers: [Answer?], itemCount: Int, problem: String,
                              accept: (Answer) -> Bool) throws(QuestionnaireAnswerError) {
        var error = QuestionnaireAnswerError()
        if answers.count != itemCount {
            error.countProblem = countProblem(itemCount: itemCount, got: answers.count)
        }
        for (index, answer) in answers.enumerated() {
            if let answer, !accept(answer) { error.problems.append(ItemProblem(item: index + 1, problem: problem)) }
        }
        if error.countProblem != nil || !error.problems.isEmpty { throw error }
    }

    /// Turns the raw JSON `answers` into typed answers: `null` is unanswered, a number goes
    /// through `convert` (nil when it is not allowed), anything else is rejected.
    static func decode<Answer>(_ json: JSONValue, itemCount: Int, problem: String,
                               convert: (Double) -> Answer?) throws(QuestionnaireAnswerError) -> [Answer?] {
        guard case .array(let values) = json else {
            throw QuestionnaireAnswerError(countProblem: "must be a list of \(itemCount) answers, item 1 first (null for unanswered)")
        }
        var answers: [Answer?] = []
        var error = QuestionnaireAnswerError()
        if values.count != itemCount {
            error.countProblem = countProblem(itemCount: itemCount, got: values.count)
        }
        for (index, value) in values.enumerated() {
            if case .null = value {
                answers.append(nil)
            } else if case .number(let number) = value, let answer = convert(number) {
                answers.append(answer)
            } else {
                error.problems.append(ItemProblem(item: index + 1, problem: problem))
            }
        }
        if error.countProblem != nil || !error.problems.isEmpty { throw error }
        return answers
    }

    private static func countProblem(itemCount: Int, got count: Int) -> String {
        "must have exactly \(itemCount) answers, one per item (null for unanswered); got \(count)"
    }
}
