/// Where a questionnaire assignment is: waiting for the client's answers, answered, or scored.
public enum QuestionnaireStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case submitted
    case scored
}
