/// A worker's answer to a command or query, sent on the caller's reply-to queue and kept in
/// the inbox so a redelivered message gets the same answer.
public struct Reply: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case ok, created, accepted, noContent = "no_content", error
    }

    public var outcome: Outcome
    public var result: JSONValue?
    public var error: APIError?

    public init(outcome: Outcome, result: JSONValue? = nil, error: APIError? = nil) {
        self.outcome = outcome
        self.result = result
        self.error = error
    }

    public static func ok(_ value: some Encodable) throws -> Reply { Reply(outcome: .ok, result: try JSONValue(encoding: value)) }
    public static func created(_ value: some Encodable) throws -> Reply { Reply(outcome: .created, result: try JSONValue(encoding: value)) }
    public static func accepted(_ value: some Encodable) throws -> Reply { Reply(outcome: .accepted, result: try JSONValue(encoding: value)) }
    public static let noContent = Reply(outcome: .noContent)
    public static func failure(_ error: APIError) -> Reply { Reply(outcome: .error, error: error) }
}
