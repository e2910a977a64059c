extension InstrumentLanguage {
    /// The `lang` query parameter of `GET /me/questionnaires/{id}`: `da` or `en`, Danish when
    /// absent; anything else is a 400 naming `lang`.
    public static func parse(query: [String: String]) -> Result<InstrumentLanguage, APIError> {
        guard let text = query["lang"] else { return .success(.standard) }
        guard let language = InstrumentLanguage(rawValue: text) else {
            let allowed = allCases.map(\.rawValue).joined(separator: " or ")
            return .failure(.validation([FieldProblem(field: "lang", problem: "must be \(allowed)")]))
        }
        return .success(language)
    }
}
