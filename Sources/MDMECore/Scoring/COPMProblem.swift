/// One occupational performance problem of a COPM assessment, with the client's three ratings
/// (each 1–10).
public struct COPMProblem: Codable, Sendable, Equatable {
    /// The problem in the client's words (1–500 characters).
    public var description: String
    public var importance: Int
    public var performance: Int
    public var satisfaction: Int

    public init(description: String, importance: Int, performance: Int, satisfaction: Int) {
        self.description = description
        self.importance = importance
        self.performance = performance
        self.satisfaction = satisfaction
    }
}
