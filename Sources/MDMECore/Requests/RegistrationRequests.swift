import Foundation

/// `POST /me/registrations`: one entry in the client's activity diary.
public struct CreateRegistrationRequest: Codable, Sendable {
    public var activity: String
    public var startedAt: Date
    public var durationMinutes: Int
    /// Index into the client's colour scale; 0 is the most restoring level.
    public var level: Int
    public var statements: [String]?
    public var symptoms: [String]?
    public var note: String?

    public init(activity: String, startedAt: Date, durationMinutes: Int, level: Int,
                statements: [String]? = nil, symptoms: [String]? = nil, note: String? = nil) {
        self.activity = activity
        self.startedAt = startedAt
        self.durationMinutes = durationMinutes
        self.level = level
        self.statements = statements
        self.symptoms = symptoms
        self.note = note
    }

    /// `levelCount` is the size of the client's colour scale.
    public func validate(now: Date, levelCount: Int = ColorScale.standard.levels.count) -> APIError? {
        var check = FieldChecker()
        check.text(activity, "activity", max: 500)
        check.require(startedAt <= now.addingTimeInterval(24 * 3600), "started_at", "must not be more than a day ahead")
        check.require(startedAt >= now.addingTimeInterval(-366 * 24 * 3600), "started_at", "must be within the last year")
        check.require((1...1440).contains(durationMinutes), "duration_minutes", "must be 1…1440")
        check.require((0..<levelCount).contains(level), "level", "must be 0…\(levelCount - 1), an index into the colour scale")
        check.list(statements, "statements", maxItems: 20, maxLength: 300)
        check.list(symptoms, "symptoms", maxItems: 20, maxLength: 300)
        if let note { check.text(note, "note", max: 5000, allowEmpty: true) }
        return check.result()
    }
}

/// The `from`/`to` query of the registration lists: inclusive dates in the tenant's time zone.
public struct DateRange: Codable, Sendable, Equatable {
    public var from: CalendarDate?
    public var to: CalendarDate?

    public init(from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.from = from
        self.to = to
    }

    /// Parses the query parameters; problems name the parameter.
    public static func parse(query: [String: String]) -> Result<DateRange, APIError> {
        var check = FieldChecker()
        var range = DateRange()
        for name in ["from", "to"] {
            guard let text = query[name] else { continue }
            let date = CalendarDate(text)
            check.require(date != nil, name, "must be a date YYYY-MM-DD")
            if name == "from" { range.from = date } else { range.to = date }
        }
        if let from = range.from, let to = range.to {
            check.require(from <= to, "to", "must not be before from")
        }
        if let error = check.result() { return .failure(error) }
        return .success(range)
    }
}
