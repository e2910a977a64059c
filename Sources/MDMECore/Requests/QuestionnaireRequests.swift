/// `POST /clients/{id}/questionnaires`: assigns an instrument to the client. Decoding already
/// refuses an unknown instrument (a 400 naming `instrument`), so there is nothing more to check.
public struct AssignQuestionnaireRequest: Codable, Sendable {
    public var instrument: QuestionnaireInstrument

    public init(instrument: QuestionnaireInstrument) {
        self.instrument = instrument
    }
}
