/// The result of scoring an MFI-20 submission: the five subscales (the result proper) and
/// their total. A subscale is nil when one of its items is unanswered; the total is nil unless
/// every subscale has a score.
///
/// JSON (API.md): `{general_fatigue, physical_fatigue, reduced_activity, reduced_motivation,
/// mental_fatigue, total, complete}`, a missing score written as `null` rather than left out,
/// so every reader sees the same fields.
public struct MFI20Scores: Codable, Sendable, Equatable {
    public var generalFatigue: Int?
    public var physicalFatigue: Int?
    public var reducedActivity: Int?
    public var reducedMotivation: Int?
    public var mentalFatigue: Int?
    public var total: Int?
    /// Whether every one of the 20 items was answered.
    public var complete: Bool

    /// The total is derived: the sum of the subscales when all five have a score.
    public init(generalFatigue: Int?, physicalFatigue: Int?, reducedActivity: Int?,
                reducedMotivation: Int?, mentalFatigue: Int?, complete: Bool) {
        self.generalFatigue = generalFatigue
        self.physicalFatigue = physicalFatigue
        self.reducedActivity = reducedActivity
        self.reducedMotivation = reducedMotivation
        self.mentalFatigue = mentalFatigue
        let subscales = [generalFatigue, physicalFatigue, reducedActivity, reducedMotivation, mentalFatigue]
        self.total = subscales.contains(nil) ? nil : subscales.reduce(0) { $0 + $1! }
        self.complete = complete
    }

    /// The score of one subscale.
    public subscript(subscale: MFI20Scorer.Subscale) -> Int? {
        switch subscale {
        case .generalFatigue: generalFatigue
        case .physicalFatigue: physicalFatigue
        case .reducedActivity: reducedActivity
        case .reducedMotivation: reducedMotivation
        case .mentalFatigue: mentalFatigue
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // `encode` of an Optional writes null; the synthesized `encodeIfPresent` would drop the key.
        try container.encode(generalFatigue, forKey: .generalFatigue)
        try container.encode(physicalFatigue, forKey: .physicalFatigue)
        try container.encode(reducedActivity, forKey: .reducedActivity)
        try container.encode(reducedMotivation, forKey: .reducedMotivation)
        try container.encode(mentalFatigue, forKey: .mentalFatigue)
        try container.encode(total, forKey: .total)
        try container.encode(complete, forKey: .complete)
    }
}
