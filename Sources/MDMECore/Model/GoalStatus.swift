/// Where a goal stands; a new goal is `active`.
public enum GoalStatus: String, Codable, Sendable, CaseIterable {
    case active
    case achieved
    case dropped
}
