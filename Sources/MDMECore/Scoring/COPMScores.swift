/// The two scores of one COPM assessment.
///
/// JSON: `{"performance": {value, display}, "satisfaction": {value, display}}`.
public struct COPMScores: Encodable, Sendable, Equatable {
    /// The mean of the problems' performance ratings.
    public let performance: COPMScore
    /// The mean of the problems' satisfaction ratings.
    public let satisfaction: COPMScore
}
