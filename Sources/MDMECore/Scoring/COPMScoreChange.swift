/// The change of one COPM score between two assessments (later − earlier), as an exact
/// fraction in lowest terms.
///
/// JSON: `{"value": 2, "display": "2.0", "clinically_important": true}`.
public struct COPMScoreChange: Encodable, Sendable, Equatable {
    public let numerator: Int
    /// Always positive.
    public let denominator: Int

    init(from earlier: COPMScore, to later: COPMScore) {
        // a/b − c/d = (a·d − c·b) / (b·d); counts are at most 5 and sums at most 50, so no overflow.
        let numerator = later.ratingSum * earlier.ratingCount - earlier.ratingSum * later.ratingCount
        let denominator = later.ratingCount * earlier.ratingCount
        let divisor = Self.greatestCommonDivisor(numerator.magnitude, UInt(denominator))
        self.numerator = numerator / Int(divisor)
        self.denominator = denominator / Int(divisor)
    }

    /// The change, for arithmetic and charts.
    public var value: Double { Double(numerator) / Double(denominator) }

    /// The change with one decimal (`"2.0"`, `"-0.5"`). Only the display is rounded: a change
    /// of 1.95 (possible when the assessments rate different numbers of problems) reads "2.0"
    /// but is not clinically important.
    public var display: String { OneDecimal.text(numerator, over: denominator) }

    /// Whether the score rose by 2.0 points or more (DOMAIN.md), decided on the exact fraction:
    /// `n/d ≥ 2 ⇔ n ≥ 2d` for a positive `d`. A fall is never "important" by this rule.
    public var clinicallyImportant: Bool { numerator >= COPMScorer.clinicallyImportantChange * denominator }

    private static func greatestCommonDivisor(_ a: UInt, _ b: UInt) -> UInt {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }

    private enum CodingKeys: String, CodingKey { case value, display, clinicallyImportant }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(display, forKey: .display)
        try container.encode(clinicallyImportant, forKey: .clinicallyImportant)
    }
}
