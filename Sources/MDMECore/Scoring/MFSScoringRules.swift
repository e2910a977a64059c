/// The MFS cut-off and band limits: configuration, with DOMAIN.md's values as defaults.
///
/// Each band starts at its limit and runs up to the next one: with the defaults, totals below
/// 10.5 are `none`, 10.5–14.5 `mild`, 15–20 `moderate` and 20.5 or more `severe` (totals move in
/// half points, so nothing falls between 14.5 and 15).
public struct MFSScoringRules: Codable, Sendable, Equatable {
    /// Mental fatigue is indicated when the total is at least this.
    public var cutOff: Double
    /// The lowest total in the mild band.
    public var mildFrom: Double
    /// The lowest total in the moderate band.
    public var moderateFrom: Double
    /// The lowest total in the severe band.
    public var severeFrom: Double

    public init(cutOff: Double = 10.5, mildFrom: Double = 10.5, moderateFrom: Double = 15, severeFrom: Double = 20.5) {
        self.cutOff = cutOff
        self.mildFrom = mildFrom
        self.moderateFrom = moderateFrom
        self.severeFrom = severeFrom
    }

    /// What is wrong with these rules, for a start-up check; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        let limits = [cutOff, mildFrom, moderateFrom, severeFrom]
        if !limits.allSatisfy({ (0...MFSScorer.maximumTotal).contains($0) }) {
            problems.append("the MFS cut-off and band limits must be between 0 and \(Int(MFSScorer.maximumTotal))")
        }
        if !(mildFrom <= moderateFrom && moderateFrom <= severeFrom) {
            problems.append("the MFS band limits must rise: mild ≤ moderate ≤ severe")
        }
        return problems
    }

    /// The band of a total.
    public func band(for total: Double) -> MFSBand {
        if total >= severeFrom { return .severe }
        if total >= moderateFrom { return .moderate }
        if total >= mildFrom { return .mild }
        return .noFatigue
    }
}
