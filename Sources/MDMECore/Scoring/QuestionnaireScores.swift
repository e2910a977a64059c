/// The scores of a questionnaire submission, whichever instrument it was.
///
/// JSON: the instrument's own scores object (`MFI20Scores` or `MFSScores`), as API.md lists
/// them under `scores`; the assignment beside it says which instrument it is.
public enum QuestionnaireScores: Encodable, Sendable, Equatable {
    case mfi20(MFI20Scores)
    case mfs(MFSScores)

    /// Whether every item was answered.
    public var complete: Bool {
        switch self {
        case .mfi20(let scores): scores.complete
        case .mfs(let scores): scores.complete
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .mfi20(let scores): try scores.encode(to: encoder)
        case .mfs(let scores): try scores.encode(to: encoder)
        }
    }
}
