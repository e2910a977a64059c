public enum Gender: String, Codable, Sendable, CaseIterable {
    case female, male, other, unspecified
}
