/// Writes an exact fraction with one decimal, rounding half away from zero (`29/4` → `"7.3"`,
/// `-1/20` → `"-0.1"`), from integers so no binary floating point error can tip a half.
enum OneDecimal {
    static func text(_ numerator: Int, over denominator: Int) -> String {
        precondition(denominator > 0, "a score's denominator is a count of ratings")
        let tenths = 10 * numerator.magnitude
        let rounded = (2 * tenths + denominator.magnitude) / (2 * denominator.magnitude)
        let sign = numerator < 0 && rounded > 0 ? "-" : ""
        return "\(sign)\(rounded / 10).\(rounded % 10)"
    }
}
