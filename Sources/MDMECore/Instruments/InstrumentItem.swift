/// One item of a questionnaire: its number, its text and the answers it offers.
public struct InstrumentItem: Sendable, Equatable {
    /// 1-based, the position of its answer in `answers`.
    public var number: Int
    public var text: LocalizedText
    public var options: [InstrumentOption]

    public init(number: Int, text: LocalizedText, options: [InstrumentOption]) {
        self.number = number
        self.text = text
        self.options = options
    }

    /// The item as `GET /me/questionnaires/{id}` serves it: `{number, text, options: [{value, label}]}`.
    public struct Localized: Codable, Sendable, Equatable {
        public var number: Int
        public var text: String
        public var options: [InstrumentOption.Localized]
    }

    /// This item in one language, ready to serve.
    public func localized(_ language: InstrumentLanguage) -> Localized {
        Localized(number: number, text: text[language], options: options.map { $0.localized(language) })
    }
}
