/// The result of scoring an MFS submission.
///
/// JSON (API.md): `{total, indicated, band, complete}` with `band` one of
/// `none|mild|moderate|severe`; a missing value is written as `null` rather than left out.
public struct MFSScores: Codable, Sendable, Equatable {
    /// The sum of items 1–14 (0–42); nil when one of them is unanswered.
    public var total: Double?
    /// Whether the total reaches the cut-off; nil without a total.
    public var indicated: Bool?
    /// nil without a total.
    public var band: MFSBand?
    /// Whether all 15 items were answered, item 15 included.
    public var complete: Bool

    public init(total: Double?, indicated: Bool?, band: MFSBand?, complete: Bool) {
        self.total = total
        self.indicated = indicated
        self.band = band
        self.complete = complete
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // `encode` of an Optional writes null; the synthesized `encodeIfPresent` would drop the key.
        try container.encode(total, forKey: .total)
        try container.encode(indicated, forKey: .indicated)
        try container.encode(band, forKey: .band)
        try container.encode(complete, forKey: .complete)
    }
}
