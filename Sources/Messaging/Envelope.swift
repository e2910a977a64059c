import Foundation
import MDMECore

/// The one JSON envelope every message travels in (DESIGN.md, "Messages").
public struct Envelope: Codable, Sendable {
    public var id: UUID
    public var type: String
    public var version: Int
    public var sentAt: Date
    public var correlationID: UUID
    /// The caller's `Idempotency-Key`, if any; scoped to `actorID` by the inbox.
    public var idempotencyKey: String?
    /// The caller's bearer token, for commands from the gateway; workers check revocation.
    public var auth: String?
    /// The account the gateway verified the token for (used to scope idempotency keys).
    public var actorID: UUID?
    public var payload: JSONValue

    public init(id: UUID = UUID(), type: String, version: Int = 1, sentAt: Date = Date(),
                correlationID: UUID? = nil, idempotencyKey: String? = nil, auth: String? = nil,
                actorID: UUID? = nil, payload: JSONValue) {
        self.id = id
        self.type = type
        self.version = version
        self.sentAt = sentAt
        self.correlationID = correlationID ?? id
        self.idempotencyKey = idempotencyKey
        self.auth = auth
        self.actorID = actorID
        self.payload = payload
    }

    public func encoded() throws -> [UInt8] {
        try MDMEJSON.encode(self)
    }

    public static func decode(_ bytes: [UInt8]) throws -> Envelope {
        do {
            return try MDMEJSON.decoder().decode(Envelope.self, from: Data(bytes))
        } catch {
            throw MessagingError(.undecodableMessage, "message body is not an MDME envelope", underlying: error)
        }
    }

    /// Decodes the payload as `T`.
    public func payload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try payload.decode(as: T.self)
    }
}
