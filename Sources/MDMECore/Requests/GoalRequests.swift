/// What a goal's free text and target date may be.
public enum GoalRules {
    public static let maximumTextLength = 2000
    /// Target dates outside this range are typing mistakes, not plans.
    public static let targetDates = CalendarDate("2000-01-01")!...CalendarDate("2100-12-31")!

    static func check(text: String?, targetDate: CalendarDate?, _ check: inout FieldChecker) {
        if let text { check.text(text, "text", max: maximumTextLength) }
        if let targetDate {
            check.require(targetDates.contains(targetDate), "target_date",
                          "must be between \(targetDates.lowerBound) and \(targetDates.upperBound)")
        }
    }
}

/// `POST /clients/{id}/goals`: a new goal, `active` until changed.
public struct CreateGoalRequest: Codable, Sendable {
    public var kind: GoalKind
    public var text: String
    public var targetDate: CalendarDate?

    public init(kind: GoalKind, text: String, targetDate: CalendarDate? = nil) {
        self.kind = kind
        self.text = text
        self.targetDate = targetDate
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        GoalRules.check(text: text, targetDate: targetDate, &check)
        return check.result()
    }
}

/// `PATCH /clients/{id}/goals/{goal_id}`: absent fields stay, `"target_date": null` removes the date.
public struct UpdateGoalRequest: Codable, Sendable {
    public var text: String?
    public var status: GoalStatus?
    /// nil: unchanged; `.some(nil)`: remove.
    public var targetDate: CalendarDate??

    public init(text: String? = nil, status: GoalStatus? = nil, targetDate: CalendarDate?? = nil) {
        self.text = text
        self.status = status
        self.targetDate = targetDate
    }

    enum CodingKeys: String, CodingKey {
        case text, status, targetDate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        status = try container.decodeIfPresent(GoalStatus.self, forKey: .status)
        // Present-but-null is a removal, which decodeIfPresent cannot tell from absent.
        targetDate = container.contains(.targetDate)
            ? .some(try container.decodeNil(forKey: .targetDate) ? nil : try container.decode(CalendarDate.self, forKey: .targetDate))
            : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(status, forKey: .status)
        if let targetDate {
            if let date = targetDate { try container.encode(date, forKey: .targetDate) } else { try container.encodeNil(forKey: .targetDate) }
        }
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        GoalRules.check(text: text, targetDate: targetDate ?? nil, &check)
        check.require(text != nil || status != nil || targetDate != nil, "body", "must change at least one of text, status, target_date")
        return check.result()
    }
}
