/// `POST /me/questionnaires/{id}/answers`: `{answers: [number|null, …]}`, item 1 first.
///
/// The gateway checks only the shape; the worker knows the instrument and checks the count
/// and every value (`QuestionnaireInstrument.validate(answers:)`), naming the items.
public struct SubmitAnswersRequest: Codable, Sendable {
    /// More than either instrument has, so a wrong count is reported by the worker with the
    /// instrument's own number; far fewer than would cost anything to read.
    public static let maximumAnswers = 50

    public var answers: JSONValue

    public init(answers: JSONValue) {
        self.answers = answers
    }

    public func validate() -> APIError? {
        guard case .array(let values) = answers else {
            return .validation([FieldProblem(field: "answers", problem: "must be a list of numbers or null, item 1 first")])
        }
        var check = FieldChecker()
        check.require(values.count <= Self.maximumAnswers, "answers", "must have at most \(Self.maximumAnswers) entries")
        return check.result()
    }
}
