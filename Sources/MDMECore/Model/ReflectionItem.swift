/// One question of a reflection sheet ("refleksionsark") and the client's answer to it.
public struct ReflectionItem: Codable, Sendable, Equatable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}
