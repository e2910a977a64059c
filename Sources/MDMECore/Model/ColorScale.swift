/// A client's personal energy scale: 2–6 levels from most restoring (index 0) to most draining.
public struct ColorScale: Codable, Sendable, Equatable {
    public struct Level: Codable, Sendable, Equatable {
        public var color: String
        public var label: String
        public var statements: [String]
        public var symptoms: [String]

        public init(color: String, label: String, statements: [String] = [], symptoms: [String] = []) {
            self.color = color
            self.label = label
            self.statements = statements
            self.symptoms = symptoms
        }
    }

    public var levels: [Level]

    /// A scale has at least two levels and at most six (DOMAIN.md, "Colour scale").
    public static let levelCounts = 2...6
    public static var maximumLevels: Int { levelCounts.upperBound }

    public init(levels: [Level]) {
        self.levels = levels
    }

    /// The scale a client has until their therapist and they make their own (DOMAIN.md).
    public static let standard = ColorScale(levels: [
        Level(color: "#2E7D32", label: "Giver energi"),
        Level(color: "#F9A825", label: "Neutral"),
        Level(color: "#C62828", label: "Dræner"),
    ])
}
