/// How severe the mental fatigue an MFS total shows is (DOMAIN.md; limits in `MFSScoringRules`).
public enum MFSBand: String, Codable, Sendable, CaseIterable {
    /// Below the mild band. Not named `none`, which `MFSBand?` would confuse with `Optional.none`.
    case noFatigue = "none"
    case mild
    case moderate
    case severe
}
