/// A COPM score: the mean of one kind of rating over an assessment's problems, kept as the
/// exact sum and count so comparisons never suffer rounding.
///
/// JSON: `{"value": 7.333333333333333, "display": "7.3"}`.
public struct COPMScore: Encodable, Sendable, Equatable {
    /// The sum of the ratings.
    public let ratingSum: Int
    /// How many ratings were averaged (1–5).
    public let ratingCount: Int

    init(ratings: [Int]) {
        ratingSum = ratings.reduce(0, +)
        ratingCount = ratings.count
    }

    /// The mean, for arithmetic and charts; compare scores with `COPMScoreChange`, not this.
    public var value: Double { Double(ratingSum) / Double(ratingCount) }

    /// The mean with one decimal, as DOMAIN.md says to show it (`"7.3"`).
    public var display: String { OneDecimal.text(ratingSum, over: ratingCount) }

    private enum CodingKeys: String, CodingKey { case value, display }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(display, forKey: .display)
    }
}
