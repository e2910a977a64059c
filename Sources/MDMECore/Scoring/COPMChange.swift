/// The change of both COPM scores between two assessments.
///
/// JSON: `{"performance": {value, display, clinically_important}, "satisfaction": {…}}`.
public struct COPMChange: Encodable, Sendable, Equatable {
    public let performance: COPMScoreChange
    public let satisfaction: COPMScoreChange
}
