/// How far ahead a goal looks (DOMAIN.md, "Goals and agreements").
public enum GoalKind: String, Codable, Sendable, CaseIterable {
    case shortTerm = "short_term"
    case longTerm = "long_term"
}
