import Foundation

/// `GET /audit?client_id=…&limit=…&before=…`: newest first, paged by row id.
public struct AuditQuery: Codable, Sendable, Equatable {
    public static let defaultLimit = 200
    public static let maximumLimit = 1000

    public var clientID: UUID?
    public var limit: Int
    /// Only rows with a smaller id: the `id` of the last row of the previous page.
    public var before: Int64?

    public init(clientID: UUID? = nil, limit: Int = AuditQuery.defaultLimit, before: Int64? = nil) {
        self.clientID = clientID
        self.limit = limit
        self.before = before
    }

    public static func parse(query: [String: String]) -> Result<AuditQuery, APIError> {
        var check = FieldChecker()
        var parsed = AuditQuery()
        if let text = query["client_id"] {
            parsed.clientID = UUID(uuidString: text)
            check.require(parsed.clientID != nil, "client_id", "must be a client id (UUID)")
        }
        if let text = query["limit"] {
            let limit = Int(text)
            check.require(limit.map { (1...maximumLimit).contains($0) } ?? false, "limit", "must be 1…\(maximumLimit)")
            parsed.limit = limit ?? defaultLimit
        }
        if let text = query["before"] {
            parsed.before = Int64(text)
            check.require(parsed.before.map { $0 > 0 } ?? false, "before", "must be a positive row id")
        }
        if let error = check.result() { return .failure(error) }
        return .success(parsed)
    }
}
