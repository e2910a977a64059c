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
    private let payloadSource: PayloadSource

    /// Where the payload is: the value the gateway built, or the message body the envelope was
    /// decoded from, whose payload stays text until asked for — with its place in the body
    /// when the body was scanned rather than parsed. A handler's typed payload is decoded
    /// straight from the body: through a `JSONValue` it would be built, encoded and decoded
    /// again.
    private enum PayloadSource: Sendable {
        case built(JSONValue)
        case received(body: [UInt8], payload: Range<Int>?)
    }

    /// Where `decode` hands the message body to `init(from:)`.
    private static let bodyKey = CodingUserInfoKey(rawValue: "mdme.envelope.body")!

    enum CodingKeys: String, CodingKey {
        case id, type, version, sentAt, correlationID, idempotencyKey, auth, actorID, payload
    }

    public init(id: UUID = UUID.random(), type: String, version: Int = 1, sentAt: Date = Date(),
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
        payloadSource = .built(payload)
    }

    /// Every field but the payload, which must be there but is left as text: only `decode`
    /// decodes an envelope, with the body at hand.
    public init(from decoder: any Decoder) throws {
        guard let body = decoder.userInfo[Self.bodyKey] as? [UInt8] else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "decoded without its body (Envelope.decode)"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        version = try container.decode(Int.self, forKey: .version)
        sentAt = try container.decode(Date.self, forKey: .sentAt)
        correlationID = try container.decode(UUID.self, forKey: .correlationID)
        idempotencyKey = try container.decodeIfPresent(String.self, forKey: .idempotencyKey)
        auth = try container.decodeIfPresent(String.self, forKey: .auth)
        actorID = try container.decodeIfPresent(UUID.self, forKey: .actorID)
        guard container.contains(.payload) else {
            throw DecodingError.keyNotFound(CodingKeys.payload, .init(codingPath: decoder.codingPath, debugDescription: "no payload"))
        }
        payloadSource = .received(body: body, payload: nil)
    }

    /// The envelope read by scanning its body (`JSONMembers`) instead of parsing it all: every
    /// message a worker takes starts here, and the payload is parsed anyway, by the handler.
    /// Nil for a body the scan does not take on — a member it does not know, a string with an
    /// escape, a value of another kind — which `decode` then parses in full.
    private init?(scanning body: [UInt8]) {
        guard let document = JSONMembers(body) else { return nil }
        var id: UUID?, type: String?, version: Int?, sentAt: Date?, correlationID: UUID?
        var idempotencyKey: String?, auth: String?, actorID: UUID?, payload: Range<Int>?
        for (key, range) in document.members {
            let value = body[range]
            // The optional members may be null; anything else must read.
            if JSONMembers.isNull(value), ["idempotency_key", "auth", "actor_id"].contains(key) { continue }
            let text = JSONMembers.plainString(value)
            func uuid() -> UUID? { text.flatMap(UUID.init(text:)) }
            switch key {
            case "payload": payload = range
            case "id": id = uuid()
            case "type": type = text
            case "version": version = JSONMembers.integer(value)
            case "sent_at": sentAt = text.flatMap(RFC3339.parse)
            case "correlation_id": correlationID = uuid()
            case "idempotency_key" where text != nil: idempotencyKey = text
            case "auth" where text != nil: auth = text
            case "actor_id" where uuid() != nil: actorID = uuid()
            default: return nil
            }
        }
        guard let id, let type, let version, let sentAt, let correlationID, let payload else { return nil }
        self.id = id
        self.type = type
        self.version = version
        self.sentAt = sentAt
        self.correlationID = correlationID
        self.idempotencyKey = idempotencyKey
        self.auth = auth
        self.actorID = actorID
        payloadSource = .received(body: body, payload: payload)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(version, forKey: .version)
        try container.encode(sentAt, forKey: .sentAt)
        try container.encode(correlationID, forKey: .correlationID)
        try container.encodeIfPresent(idempotencyKey, forKey: .idempotencyKey)
        try container.encodeIfPresent(auth, forKey: .auth)
        try container.encodeIfPresent(actorID, forKey: .actorID)
        try container.encode(try payload, forKey: .payload)
    }

    /// The payload as a JSON value, for the few who need it untyped (a fingerprint, a listing).
    public var payload: JSONValue {
        get throws {
            switch payloadSource {
            case .built(let value): value
            case .received: try payload(as: JSONValue.self)
            }
        }
    }

    /// The envelope's JSON, written by hand: every request the gateway takes becomes one, and
    /// Foundation's encoder was its largest cost. Keys as `MDMEJSON` spells and sorts them; a
    /// field without a value is left out, ids are in lower case, `sent_at` in whole seconds.
    public func encoded() throws -> [UInt8] {
        var json = JSONWriter(capacity: 384 + (auth?.utf8.count ?? 0))
        json.raw("{")
        if let actorID {
            json.raw(#""actor_id":"#)
            json.write(string: actorID.lowercasedText)
            json.raw(",")
        }
        if let auth {
            json.raw(#""auth":"#)
            json.write(string: auth)
            json.raw(",")
        }
        json.raw(#""correlation_id":"#)
        json.write(string: correlationID.lowercasedText)
        json.raw(#","id":"#)
        json.write(string: id.lowercasedText)
        if let idempotencyKey {
            json.raw(#","idempotency_key":"#)
            json.write(string: idempotencyKey)
        }
        json.raw(#","payload":"#)
        try json.write(try payload)
        json.raw(#","sent_at":"#)
        json.write(string: RFC3339.format(sentAt))
        json.raw(#","type":"#)
        json.write(string: type)
        json.raw(#","version":"#)
        try json.write(number: Double(version))
        json.raw("}")
        return json.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> Envelope {
        if let envelope = Envelope(scanning: bytes) { return envelope }
        do {
            let decoder = MDMEJSON.decoder()
            decoder.userInfo[bodyKey] = bytes
            return try decoder.decode(Envelope.self, from: Data(bytes))
        } catch {
            throw MessagingError(.undecodableMessage, "message body is not an MDME envelope", underlying: error)
        }
    }

    /// Decodes the payload as `T`. A `DecodingError`'s coding path starts inside the payload,
    /// as if the payload were the whole document.
    public func payload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        guard case .received(let body, let range) = payloadSource else {
            return try payload.decode(as: T.self)
        }
        if let range {
            return try MDMEJSON.decode(T.self, from: Data(body[range]))
        }
        do {
            return try MDMEJSON.decode(TypedPayload<T>.self, from: Data(body)).payload
        } catch let error as DecodingError {
            throw error.insidePayload
        }
    }

    private struct TypedPayload<T: Decodable>: Decodable {
        let payload: T
    }
}

extension DecodingError {
    /// The same error with the envelope's `payload` key taken off the front of its path.
    fileprivate var insidePayload: DecodingError {
        func inside(_ context: Context) -> Context {
            let path = context.codingPath
            return Context(codingPath: path.first?.stringValue == "payload" ? Array(path.dropFirst()) : path,
                           debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch self {
        case .keyNotFound(let key, let context): return .keyNotFound(key, inside(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, inside(context))
        case .typeMismatch(let type, let context): return .typeMismatch(type, inside(context))
        case .dataCorrupted(let context): return .dataCorrupted(inside(context))
        @unknown default: return self
        }
    }
}
