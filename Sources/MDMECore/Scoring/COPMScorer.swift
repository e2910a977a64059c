/// Validates and scores COPM assessments, and compares two of them (DOMAIN.md). Every place
/// that shows a COPM score or change computes it here.
///
/// "Change on the same problems": a reassessment rates the problems of the first assessment
/// again, so the change of a score is the later mean minus the earlier mean. Problems are not
/// matched by description (free text that may be reworded); if the two assessments rate
/// different numbers of problems, their means are still compared, exactly.
public enum COPMScorer {
    /// How many problems an assessment names.
    public static let problemCount = 1...5
    /// The range of every rating.
    public static let ratingRange = 1...10
    /// The longest problem description, in characters.
    public static let maxDescriptionLength = 500
    /// A rise of this many points or more is clinically important.
    public static let clinicallyImportantChange = 2

    static let ratingProblem = "must be a whole number from \(ratingRange.lowerBound) to \(ratingRange.upperBound)"

    /// Checks an assessment's problems; fields are named as in the request body
    /// (`problems`, `problems[2].performance`, 0-based), every problem reported.
    public static func validate(_ problems: [COPMProblem]) -> APIError? {
        var check = FieldChecker()
        check.require(problemCount.contains(problems.count), "problems",
                      "must have \(problemCount.lowerBound) to \(problemCount.upperBound) problems")
        for (index, problem) in problems.enumerated() {
            let field = "problems[\(index)]"
            check.text(problem.description, "\(field).description", max: maxDescriptionLength)
            check.require(ratingRange.contains(problem.importance), "\(field).importance", ratingProblem)
            check.require(ratingRange.contains(problem.performance), "\(field).performance", ratingProblem)
            check.require(ratingRange.contains(problem.satisfaction), "\(field).satisfaction", ratingProblem)
        }
        return check.result()
    }

    /// The performance and satisfaction scores of an assessment; throws what `validate` finds.
    public static func score(_ problems: [COPMProblem]) throws(APIError) -> COPMScores {
        if let error = validate(problems) { throw error }
        return COPMScores(performance: COPMScore(ratings: problems.map(\.performance)),
                          satisfaction: COPMScore(ratings: problems.map(\.satisfaction)))
    }

    /// How the scores changed from the earlier assessment to the later one.
    public static func change(from earlier: COPMScores, to later: COPMScores) -> COPMChange {
        COPMChange(performance: COPMScoreChange(from: earlier.performance, to: later.performance),
                   satisfaction: COPMScoreChange(from: earlier.satisfaction, to: later.satisfaction))
    }
}
