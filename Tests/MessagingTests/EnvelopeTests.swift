import Foundation
import MDMECore
import Messaging
import Testing

@Suite("Envelope JSON")
struct EnvelopeTests {
    /// Whole seconds: API.md's times (and so `sent_at`) carry no fraction.
    static let sentAt = Date(timeIntervalSince1970: 1_801_387_800) // 2027-01-31T09:30:00Z

    static func sample() -> Envelope {
        Envelope(
            id: UUID(uuidString: "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01")!,
            type: "registration.create",
            version: 2,
            sentAt: sentAt,
            correlationID: UUID(uuidString: "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c")!,
            idempotencyKey: "key-123",
            auth: "token.abc",
            actorID: UUID(uuidString: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f")!,
            payload: .object(["activity": .string("walk"), "energy": .number(-3), "tags": .array([.bool(true), .null])])
        )
    }

    @Test func roundTripKeepsEveryField() throws {
        let original = Self.sample()
        let decoded = try Envelope.decode(try original.encoded())
        #expect(decoded.id == original.id)
        #expect(decoded.type == original.type)
        #expect(decoded.version == original.version)
        #expect(decoded.sentAt == original.sentAt)
        #expect(decoded.correlationID == original.correlationID)
        #expect(decoded.idempotencyKey == original.idempotencyKey)
        #expect(decoded.auth == original.auth)
        #expect(decoded.actorID == original.actorID)
        #expect(try decoded.payload == original.payload)
    }

    @Test func roundTripWithoutOptionalFields() throws {
        let original = Envelope(type: "account.get", sentAt: Self.sentAt, payload: .object([:]))
        #expect(original.correlationID == original.id, "the correlation id defaults to the message id")
        let decoded = try Envelope.decode(try original.encoded())
        #expect(decoded.id == original.id)
        #expect(decoded.correlationID == original.id)
        #expect(decoded.idempotencyKey == nil)
        #expect(decoded.auth == nil)
        #expect(decoded.actorID == nil)
        #expect(try decoded.payload == .object([:]))
    }

    @Test func keysAreSnakeCase() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.sample().encoded())) as? [String: Any])
        #expect(Set(object.keys) == ["id", "type", "version", "sent_at", "correlation_id", "idempotency_key", "auth", "actor_id", "payload"])
        #expect(object["sent_at"] as? String == "2027-01-31T09:30:00Z")
        #expect((object["correlation_id"] as? String)?.lowercased() == "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c")
        #expect((object["actor_id"] as? String)?.lowercased() == "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f")
        #expect(object["idempotency_key"] as? String == "key-123")
    }

    @Test func decodesAHandWrittenSnakeCaseEnvelope() throws {
        let text = """
            {"id": "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01", "type": "goal.create", "version": 1,
             "sent_at": "2027-01-31T09:30:00.250Z", "correlation_id": "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c",
             "idempotency_key": "k", "actor_id": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "payload": {"n": 1}}
            """
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.id == UUID(uuidString: "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01"))
        #expect(envelope.correlationID == UUID(uuidString: "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c"))
        #expect(envelope.actorID == UUID(uuidString: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"))
        #expect(envelope.idempotencyKey == "k")
        #expect(envelope.sentAt == Self.sentAt.addingTimeInterval(0.25))
        #expect(try envelope.payload == .object(["n": .number(1)]))
    }

    /// Envelopes are read by scanning when they are as the gateway writes them, and parsed in
    /// full when not; both ways read the same.
    @Test(arguments: [
        #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"goal.create","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","auth":"t.k","actor_id":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f","idempotency_key":"k","payload":{"n":1}}"#,
        // An escape in a string, null optional members, an unknown member, a camel-cased key:
        #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"goal.create","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","auth":"t.\u006b","actor_id":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f","idempotency_key":"k","payload":{"n":1}}"#,
        #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"goal.create","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","auth":"t.k","actor_id":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f","idempotency_key":"k","payload":{"n":1},"extra":[1,{"x":null}]}"#,
        #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"goal.create","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","auth":"t.k","actorID":"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f","idempotency_key":"k","payload":{"n":1}}"#,
    ])
    func scannedAndParsedEnvelopesReadAlike(text: String) throws {
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.id == UUID(uuidString: "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01"))
        #expect(envelope.type == "goal.create")
        #expect(envelope.version == 1)
        #expect(envelope.sentAt == Self.sentAt)
        #expect(envelope.correlationID == UUID(uuidString: "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c"))
        #expect(envelope.auth == "t.k")
        #expect(envelope.actorID == UUID(uuidString: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"))
        #expect(envelope.idempotencyKey == "k")
        #expect(try envelope.payload == .object(["n": .number(1)]))
    }

    @Test func nullOptionalMembersReadAsAbsent() throws {
        let text = #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"x","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","auth":null,"actor_id":null,"idempotency_key":null,"payload":[1,"two",null]}"#
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.auth == nil && envelope.actorID == nil && envelope.idempotencyKey == nil)
        #expect(try envelope.payload == .array([.number(1), .string("two"), .null]))
        #expect(try envelope.payload(as: [JSONValue].self).count == 3)
    }

    /// A payload that is not UTF-8 reads as it did before envelopes were scanned: the scan
    /// leaves such a body to the full parse, which takes the envelope, and the payload fails
    /// when the handler asks for it.
    @Test func aPayloadThatIsNotUTF8FailsWhenRead() throws {
        let head = #"{"id":"0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01","type":"x","version":1,"sent_at":"2027-01-31T09:30:00Z","correlation_id":"5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c","payload":{"a":""#
        let envelope = try Envelope.decode(Array(head.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8))
        #expect(envelope.type == "x")
        #expect(throws: DecodingError.self) { try envelope.payload(as: [String: String].self) }
    }

    @Test func anEnvelopeWithoutPayloadIsUndecodable() throws {
        let text = """
            {"id": "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01", "type": "goal.create", "version": 1,
             "sent_at": "2027-01-31T09:30:00Z", "correlation_id": "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c"}
            """
        #expect(throws: MessagingError.self) { try Envelope.decode(Array(text.utf8)) }
    }

    @Test func aReceivedPayloadIsReadFromTheBodyWhenAskedFor() throws {
        // The payload is left as text on decoding; the body keeps it, with its numbers and
        // nested values, for `payload` and `payload(as:)` alike.
        let original = Envelope(type: "x", sentAt: Self.sentAt, payload: .object([
            "nested": .array([.object(["a": .number(1.5)]), .null, .bool(false)]), "text": .string("æ\n"),
        ]))
        let received = try Envelope.decode(try original.encoded())
        #expect(try received.payload == original.payload)
        #expect(try received.payload(as: JSONValue.self) == original.payload)
        #expect(try JSONSerialization.jsonObject(with: Data(try received.encoded())) as? NSDictionary
                == JSONSerialization.jsonObject(with: Data(try original.encoded())) as? NSDictionary)
    }

    /// The hand-written text says what Foundation's encoder says, as JSON (ids aside, which it
    /// writes in lower case).
    @Test(arguments: [
        JSONValue.object([
            "quote \" backslash \\ slash / tab \t newline \n bell \u{7} nul \u{0} del \u{7F}": .string("æøå — 🧠 \u{1F}\r\u{8}\u{C}"),
            "numbers": .array([.number(0), .number(-0.0), .number(42), .number(-17), .number(0.1), .number(-2.5e-7),
                               .number(1e15), .number(123_456_789_012_345), .number(1.5e300)]),
            "nested": .object(["empty": .object([:]), "list": .array([]), "flags": .array([.bool(true), .bool(false), .null])]),
        ]),
        .string("just text"),
        .null,
    ])
    func encodedAsFoundationWouldWriteIt(payload: JSONValue) throws {
        for envelope in [Envelope(type: "x.y", payload: payload), Self.sample()] {
            let handWritten = try JSONSerialization.jsonObject(with: Data(try envelope.encoded())) as? NSDictionary
            var reference = try #require(try JSONSerialization.jsonObject(with: Data(MDMEJSON.encode(envelope))) as? [String: Any])
            for key in ["id", "correlation_id", "actor_id"] {
                reference[key] = (reference[key] as? String)?.lowercased()
            }
            #expect(handWritten == NSDictionary(dictionary: reference))
        }
    }

    @Test func aNumberJSONCannotHoldIsNotWritten() {
        #expect(throws: EncodingError.self) { try Envelope(type: "x", payload: .number(.infinity)).encoded() }
    }

    struct Visit: Decodable, Equatable {
        struct Stop: Decodable, Equatable { let placeID: UUID }
        let activity: String
        let startedAt: Date
        let stops: [Stop]
    }

    @Test func aTypedPayloadReadsTheSameFromTheWireAsFromAValue() throws {
        let payload: JSONValue = .object([
            "activity": .string("walk"), "started_at": .string("2027-01-31T09:30:00Z"),
            "stops": .array([.object(["place_id": .string("0B1E6C5E-3F0A-4D3C-9A41-7D1F2E9B8C01")])]),
        ])
        let built = Envelope(type: "registration.create", payload: payload)
        let received = try Envelope.decode(try built.encoded())
        let expected = Visit(activity: "walk", startedAt: Self.sentAt,
                             stops: [.init(placeID: UUID(uuidString: "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01")!)])
        #expect(try built.payload(as: Visit.self) == expected)
        #expect(try received.payload(as: Visit.self) == expected)
    }

    /// Field problems name the payload's own fields, whichever way the payload is read.
    @Test func aTypedPayloadsErrorsArePathedInsideThePayload() throws {
        let payload: JSONValue = .object([
            "activity": .number(3), "started_at": .string("2027-01-31T09:30:00Z"),
            "stops": .array([.object(["place_id": .string("nope")])]),
        ])
        for envelope in [Envelope(type: "x", payload: payload), try Envelope.decode(try Envelope(type: "x", payload: payload).encoded())] {
            let error = #expect(throws: DecodingError.self) { try envelope.payload(as: Visit.self) }
            #expect(error.map(RequestDecoding.problem(for:))?.field == "activity")
        }
        let missing: JSONValue = .object(["activity": .string("walk"), "started_at": .string("2027-01-31T09:30:00Z"), "stops": .array([.object([:])])])
        let error = #expect(throws: DecodingError.self) {
            try Envelope.decode(try Envelope(type: "x", payload: missing).encoded()).payload(as: Visit.self)
        }
        #expect(error.map(RequestDecoding.problem(for:))?.field == "stops[0].place_id")
    }

    @Test(arguments: [
        "not json at all",
        "",
        "[1, 2, 3]",
        #"{"id": "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01"}"#,
        #"{"id": "nope", "type": "x", "version": 1, "sent_at": "2027-01-31T09:30:00Z", "correlation_id": "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c", "payload": {}}"#,
        #"{"id": "0b1e6c5e-3f0a-4d3c-9a41-7d1f2e9b8c01", "type": "x", "version": 1, "sent_at": "yesterday", "correlation_id": "5a9d2f3e-8c7b-4e6a-b1d0-2c3e4f5a6b7c", "payload": {}}"#,
    ])
    func garbageIsUndecodable(text: String) {
        let error = #expect(throws: MessagingError.self) {
            try Envelope.decode(Array(text.utf8))
        }
        #expect(error?.code == .undecodableMessage)
    }

    @Test func invalidUTF8IsUndecodable() {
        let error = #expect(throws: MessagingError.self) {
            try Envelope.decode([0xFF, 0xFE, 0x00, 0x7B])
        }
        #expect(error?.code == .undecodableMessage)
    }
}
