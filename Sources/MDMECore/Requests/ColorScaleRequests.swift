/// `PUT /clients/{id}/color-scale`: the client's whole scale, replacing the one before.
public struct SetColorScaleRequest: Codable, Sendable {
    /// A level as sent; `statements` and `symptoms` may be left out for none.
    public struct Level: Codable, Sendable {
        public var color: String
        public var label: String
        public var statements: [String]?
        public var symptoms: [String]?

        public init(color: String, label: String, statements: [String]? = nil, symptoms: [String]? = nil) {
            self.color = color
            self.label = label
            self.statements = statements
            self.symptoms = symptoms
        }
    }

    public static let maximumLabelLength = 60
    public static let maximumEntries = 20
    public static let maximumEntryLength = 300

    public var levels: [Level]

    public init(levels: [Level]) {
        self.levels = levels
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        let counts = ColorScale.levelCounts
        check.require(counts.contains(levels.count), "levels", "must have \(counts.lowerBound)–\(counts.upperBound) levels")
        for (index, level) in levels.enumerated() {
            let field = "levels[\(index)]"
            check.require(Self.isHexColor(level.color), "\(field).color", "must be a colour #RRGGBB")
            check.text(level.label, "\(field).label", max: Self.maximumLabelLength)
            check.list(level.statements, "\(field).statements", maxItems: Self.maximumEntries, maxLength: Self.maximumEntryLength)
            check.list(level.symptoms, "\(field).symptoms", maxItems: Self.maximumEntries, maxLength: Self.maximumEntryLength)
        }
        return check.result()
    }

    /// The scale to store, colours in upper case so equal colours compare equal.
    public var scale: ColorScale {
        ColorScale(levels: levels.map { level in
            ColorScale.Level(color: level.color.uppercased(), label: level.label,
                             statements: level.statements ?? [], symptoms: level.symptoms ?? [])
        })
    }

    /// Exactly `#` and six hexadecimal digits.
    static func isHexColor(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        return characters.count == 7 && characters[0] == UInt8(ascii: "#")
            && characters.dropFirst().allSatisfy { (48...57).contains($0) || (65...70).contains($0) || (97...102).contains($0) }
    }
}
