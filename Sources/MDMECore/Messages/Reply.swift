import Foundation

/// A worker's answer to a command or query, sent on the caller's reply-to queue and kept in
/// the inbox so a redelivered message gets the same answer.
///
/// The result is kept as the JSON the HTTP response carries, encoded once by the worker: the
/// gateway passes it through without parsing it (`wireBody`, `init(wireType:body:)`).
public struct Reply: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case ok, created, accepted, noContent = "no_content", error
    }

    public var outcome: Outcome
    /// The result as encoded JSON, nil for none.
    public var resultJSON: [UInt8]?
    public var error: APIError?

    public init(outcome: Outcome, resultJSON: [UInt8]?, error: APIError? = nil) {
        self.outcome = outcome
        self.resultJSON = resultJSON
        self.error = error
    }

    public init(outcome: Outcome, result: JSONValue? = nil, error: APIError? = nil) {
        self.init(outcome: outcome, resultJSON: result.flatMap { try? MDMEJSON.encode($0) }, error: error)
    }

    /// The result parsed, for the few places that look inside it.
    public var result: JSONValue? {
        resultJSON.flatMap { try? MDMEJSON.decode(JSONValue.self, from: Data($0)) }
    }

    public static func ok(_ value: some Encodable) throws -> Reply { Reply(outcome: .ok, resultJSON: try MDMEJSON.encodeAnswer(value)) }
    public static func created(_ value: some Encodable) throws -> Reply { Reply(outcome: .created, resultJSON: try MDMEJSON.encodeAnswer(value)) }
    public static func accepted(_ value: some Encodable) throws -> Reply { Reply(outcome: .accepted, resultJSON: try MDMEJSON.encodeAnswer(value)) }
    public static let noContent = Reply(outcome: .noContent, resultJSON: nil)
    public static func failure(_ error: APIError) -> Reply { Reply(outcome: .error, resultJSON: nil, error: error) }

    // MARK: On the wire: the message type names the outcome, the body is the result or the error.

    /// The reply message's type.
    public var wireType: String { outcome.rawValue }

    /// The reply message's body: the result's JSON, the error's JSON, or nothing.
    public func wireBody() throws -> [UInt8] {
        if outcome == .error { return try MDMEJSON.encode(error ?? APIError(.internalError, "The worker failed without details.")) }
        return resultJSON ?? []
    }

    /// A reply message read back.
    public init(wireType: String, body: [UInt8]) throws {
        guard let outcome = Outcome(rawValue: wireType) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown reply type \(wireType)"))
        }
        if outcome == .error {
            self.init(outcome: .error, resultJSON: nil, error: try MDMEJSON.decode(APIError.self, from: Data(body)))
        } else {
            self.init(outcome: outcome, resultJSON: body.isEmpty ? nil : body)
        }
    }

    // MARK: As JSON (tests, `GET /commands/{id}`): `{outcome, result, error}`.

    private enum CodingKeys: String, CodingKey {
        case outcome, result, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(outcome: try container.decode(Outcome.self, forKey: .outcome),
                  result: try container.decodeIfPresent(JSONValue.self, forKey: .result),
                  error: try container.decodeIfPresent(APIError.self, forKey: .error))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome, forKey: .outcome)
        try container.encodeIfPresent(result, forKey: .result)
        try container.encodeIfPresent(error, forKey: .error)
    }

    /// Equal when they say the same, however the result's JSON was spelled.
    public static func == (lhs: Reply, rhs: Reply) -> Bool {
        lhs.outcome == rhs.outcome && lhs.error == rhs.error && lhs.result == rhs.result
    }
}
