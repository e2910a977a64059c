/// `POST /clients/{id}/copm`: one COPM assessment (DOMAIN.md, "COPM").
public struct CreateCOPMAssessmentRequest: Codable, Sendable {
    /// The day the client was assessed.
    public var assessedOn: CalendarDate
    public var problems: [COPMProblem]

    /// The earliest plausible assessment date: the COPM was published in 1991.
    public static let earliestDate = CalendarDate("1991-01-01")!

    public init(assessedOn: CalendarDate, problems: [COPMProblem]) {
        self.assessedOn = assessedOn
        self.problems = problems
    }

    /// `today` is the current date in the tenant's time zone. The problems are checked by
    /// `COPMScorer.validate`, the one place that knows what an assessment may hold.
    public func validate(today: CalendarDate) -> APIError? {
        var check = FieldChecker()
        check.require(assessedOn <= today, "assessed_on", "must not be in the future")
        check.require(assessedOn >= Self.earliestDate, "assessed_on", "must not be before \(Self.earliestDate)")
        let problems = check.problems + (COPMScorer.validate(problems)?.details ?? [])
        return problems.isEmpty ? nil : .validation(problems)
    }
}
