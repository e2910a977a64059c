/// The languages instrument texts are written in. Danish is the default; English is offered
/// for clients and therapists who prefer it.
public enum InstrumentLanguage: String, Codable, Sendable, CaseIterable {
    case danish = "da"
    case english = "en"

    /// The language used when none is asked for.
    public static let standard = InstrumentLanguage.danish
}
