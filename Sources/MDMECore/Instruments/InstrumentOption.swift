/// One answer a questionnaire item offers: the value the client sends and its label.
public struct InstrumentOption: Sendable, Equatable {
    /// The number sent in `answers`; whole for the MFI-20, half steps for the MFS.
    public var value: Double
    public var label: LocalizedText

    public init(value: Double, label: LocalizedText) {
        self.value = value
        self.label = label
    }

    /// The option as `GET /me/questionnaires/{id}` serves it: `{value, label}`.
    public struct Localized: Codable, Sendable, Equatable {
        public var value: Double
        public var label: String
    }

    /// This option in one language, ready to serve.
    public func localized(_ language: InstrumentLanguage) -> Localized {
        Localized(value: value, label: label[language])
    }
}
