extension QuestionnaireInstrument {
    /// Checks the raw `answers` of `POST /me/questionnaires/{id}/answers` for this instrument:
    /// the count and every value. Throws every problem at once (a 400 naming the items).
    public func validate(answers: JSONValue) throws(QuestionnaireAnswerError) {
        switch self {
        case .mfi20: _ = try MFI20Scorer.answers(from: answers)
        case .mfs: _ = try MFSScorer.answers(from: answers)
        }
    }

    /// Validates and scores raw answers; `mfsRules` applies to the MFS only.
    public func score(answers: JSONValue, mfsRules: MFSScoringRules = MFSScoringRules()) throws(QuestionnaireAnswerError) -> QuestionnaireScores {
        switch self {
        case .mfi20: .mfi20(try MFI20Scorer.score(MFI20Scorer.answers(from: answers)))
        case .mfs: .mfs(try MFSScorer(rules: mfsRules).score(MFSScorer.answers(from: answers)))
        }
    }
}
