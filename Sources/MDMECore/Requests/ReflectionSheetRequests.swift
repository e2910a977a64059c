/// What a reflection sheet may hold.
public enum ReflectionSheetRules {
    public static let maximumTitleLength = 200
    public static let itemCounts = 1...50
    public static let maximumQuestionLength = 1000
    public static let maximumAnswerLength = 5000

    static func check(title: String?, items: [ReflectionItem]?, _ check: inout FieldChecker) {
        if let title { check.text(title, "title", max: maximumTitleLength) }
        guard let items else { return }
        check.require(itemCounts.contains(items.count), "items", "must have \(itemCounts.lowerBound)–\(itemCounts.upperBound) questions")
        for (index, item) in items.enumerated() {
            check.text(item.question, "items[\(index)].question", max: maximumQuestionLength)
            // An unanswered question is a normal state of a sheet being filled in.
            check.text(item.answer, "items[\(index)].answer", max: maximumAnswerLength, allowEmpty: true)
        }
    }
}

/// `POST /clients/{id}/reflection-sheets`.
public struct CreateReflectionSheetRequest: Codable, Sendable {
    public var title: String
    public var items: [ReflectionItem]

    public init(title: String, items: [ReflectionItem]) {
        self.title = title
        self.items = items
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        ReflectionSheetRules.check(title: title, items: items, &check)
        return check.result()
    }
}

/// `PATCH /clients/{id}/reflection-sheets/{sheet_id}`: a new title, new items (replacing all), or both.
public struct UpdateReflectionSheetRequest: Codable, Sendable {
    public var title: String?
    public var items: [ReflectionItem]?

    public init(title: String? = nil, items: [ReflectionItem]? = nil) {
        self.title = title
        self.items = items
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        ReflectionSheetRules.check(title: title, items: items, &check)
        check.require(title != nil || items != nil, "body", "must change title, items or both")
        return check.result()
    }
}
