import Foundation
@testable import MDMECore
import Testing

@Suite("Project JSON conventions")
struct MDMEJSONTests {
    struct Account: Codable, Equatable {
        var accountID: UUID
        var responsibleTherapistID: UUID?
        var publicURL: String
        var displayName: String
        var createdAt: Date
    }

    static let account = Account(
        accountID: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!,
        responsibleTherapistID: UUID(uuidString: "66666666-7777-8888-9999-000000000000")!,
        publicURL: "https://mdme.example/c/1",
        displayName: "x",
        createdAt: Date(timeIntervalSince1970: 1_801_387_800)
    )

    @Test func encodesSnakeCaseKeysAndRFC3339Dates() throws {
        let text = String(decoding: try MDMEJSON.encode(Self.account), as: UTF8.self)
        #expect(text == """
            {"account_id":"11111111-2222-3333-4444-555555555555","created_at":"2027-01-31T09:30:00Z",\
            "display_name":"x","public_url":"https://mdme.example/c/1",\
            "responsible_therapist_id":"66666666-7777-8888-9999-000000000000"}
            """)
    }

    @Test func decodesSnakeCaseKeysWithAcronyms() throws {
        let json = """
            {"account_id":"11111111-2222-3333-4444-555555555555","created_at":"2027-01-31T10:30:00+01:00",\
            "display_name":"x","public_url":"https://mdme.example/c/1",\
            "responsible_therapist_id":"66666666-7777-8888-9999-000000000000"}
            """
        let decoded = try MDMEJSON.decoder().decode(Account.self, from: Data(json.utf8))
        #expect(decoded == Self.account)
    }

    @Test func roundTrip() throws {
        let data = try MDMEJSON.encoder().encode(Self.account)
        #expect(try MDMEJSON.decoder().decode(Account.self, from: data) == Self.account)
    }

    @Test(arguments: ["2027-01-31", "1801387800", "2027-01-31T09:30:00"])
    func rejectsDatesThatAreNotRFC3339(text: String) {
        struct Stamp: Decodable { var at: Date }
        #expect(throws: DecodingError.self) {
            try MDMEJSON.decoder().decode(Stamp.self, from: Data(#"{"at":"\#(text)"}"#.utf8))
        }
    }

    @Test(arguments: [
        ("responsible_therapist_id", "responsibleTherapistID"),
        ("public_url", "publicURL"),
        ("redirect_uri", "redirectURI"),
        ("account_id", "accountID"),
        ("birth_date", "birthDate"),
        ("duration_minutes", "durationMinutes"),
        ("email", "email"),
        ("id", "id"),
        ("url", "url"),
        ("idle_timeout", "idleTimeout"),
    ])
    func snakeCaseKeysBecomeSwiftNames(snake: String, camel: String) {
        #expect(SnakeCaseKey(camelCasing: snake).stringValue == camel)
    }

    @Test func snakeCaseEncodingAndDecodingAgree() throws {
        // Every name the encoder writes must be read back into the same property.
        struct Names: Codable, Equatable {
            var clientID = 1, reportURL = 2, sessionTtlMinutes = 3, mfaRequired = 4, level = 5
        }
        let data = try MDMEJSON.encoder().encode(Names())
        #expect(String(decoding: data, as: UTF8.self)
            == #"{"client_id":1,"level":5,"mfa_required":4,"report_url":2,"session_ttl_minutes":3}"#)
        #expect(try MDMEJSON.decoder().decode(Names.self, from: data) == Names())
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    static func decode(_ json: String) throws -> JSONValue {
        try MDMEJSON.decoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    static func encode(_ value: JSONValue) throws -> String {
        String(decoding: try MDMEJSON.encode(value), as: UTF8.self)
    }

    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .number(0)),
        ("42", .number(42)),
        ("-7", .number(-7)),
        ("1.5", .number(1.5)),
        (#""text""#, .string("text")),
        (#""""#, .string("")),
        ("[]", .array([])),
        (#"[1,"a",null,[true]]"#, .array([.number(1), .string("a"), .null, .array([.bool(true)])])),
        ("{}", .object([:])),
        (#"{"a":{"b":[2.25]}}"#, .object(["a": .object(["b": .array([.number(2.25)])])])),
    ])
    func decodesAndEncodesEveryKind(json: String, value: JSONValue) throws {
        #expect(try Self.decode(json) == value)
        #expect(try Self.encode(value) == json)
    }

    @Test func booleansStayBooleansAndNumbersStayNumbers() throws {
        #expect(try Self.decode("1") == .number(1))
        #expect(try Self.decode("true") == .bool(true))
        #expect(try Self.decode(#""1""#) == .string("1"))
    }

    @Test(arguments: [
        (JSONValue.number(3), "3"),
        (.number(-12), "-12"),
        (.number(1_801_387_800), "1801387800"),
        (.number(0.5), "0.5"),
        (.number(-0.25), "-0.25"),
        (.number(2.0), "2"),
        (.number(10.5), "10.5"),
    ])
    func wholeNumbersAreEncodedWithoutAFraction(value: JSONValue, json: String) throws {
        #expect(try Self.encode(value) == json)
    }

    @Test func hugeNumbersStillEncode() throws {
        let text = try Self.encode(.number(1e20))
        #expect(try Self.decode(text) == .number(1e20))
    }

    @Test func objectKeysAreKeptAsWritten() throws {
        // Payloads travel as JSONValue; their keys are data and must not be renamed.
        let value = try Self.decode(#"{"account_id":1,"publicURL":2,"plain":3}"#)
        #expect(value == .object(["account_id": .number(1), "publicURL": .number(2), "plain": .number(3)]))
        #expect(try Self.encode(value) == #"{"account_id":1,"plain":3,"publicURL":2}"#)
    }

    @Test func subscriptAndStringValue() throws {
        let value = try Self.decode(#"{"name":"Anna","n":1}"#)
        #expect(value["name"]?.stringValue == "Anna")
        #expect(value["n"]?.stringValue == nil)
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([.string("a")])["name"] == nil)
    }

    struct Registration: Codable, Equatable {
        var clientID: UUID
        var startedAt: Date
        var durationMinutes: Int
        var statements: [String]?
        var publicURL: String
    }

    static let registration = Registration(
        clientID: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!,
        startedAt: Date(timeIntervalSince1970: 1_801_387_800),
        durationMinutes: 45,
        statements: ["tired", "ok"],
        publicURL: "https://x.example/r"
    )

    @Test func encodingATypedValueUsesTheProjectConventions() throws {
        let value = try JSONValue(encoding: Self.registration)
        #expect(value == .object([
            "client_id": .string("11111111-2222-3333-4444-555555555555"),
            "started_at": .string("2027-01-31T09:30:00Z"),
            "duration_minutes": .number(45),
            "statements": .array([.string("tired"), .string("ok")]),
            "public_url": .string("https://x.example/r"),
        ]))
    }

    @Test func identifiersAreWrittenInLowerCase() throws {
        struct Ids: Encodable {
            var id = UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!
            var responsibleTherapistID = UUID(uuidString: "ABCDEF00-0000-0000-0000-000000000000")!
            var nested = Nested()
            var label = "ABCDEF00-0000-0000-0000-000000000000"
            var code = "ABC"
        }
        struct Nested: Encodable {
            var clientID = UUID(uuidString: "ABCDEF00-0000-0000-0000-00000000000F")!
            var accountID = "NOT-A-UUID"
        }
        let value = try JSONValue(encoding: Ids())
        #expect(value["id"] == .string("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))
        #expect(value["responsible_therapist_id"] == .string("abcdef00-0000-0000-0000-000000000000"))
        #expect(value["nested"]?["client_id"] == .string("abcdef00-0000-0000-0000-00000000000f"))
        // Only UUIDs under id keys: other text keeps its case.
        #expect(value["nested"]?["account_id"] == .string("NOT-A-UUID"))
        #expect(value["label"] == .string("ABCDEF00-0000-0000-0000-000000000000"))
        #expect(value["code"] == .string("ABC"))
    }

    @Test func decodeAsTypedValueRoundTrips() throws {
        let value = try JSONValue(encoding: Self.registration)
        #expect(try value.decode(as: Registration.self) == Self.registration)
        let inferred: Registration = try value.decode()
        #expect(inferred == Self.registration)
    }

    @Test func decodeAsWrongTypeThrows() {
        #expect(throws: DecodingError.self) {
            try JSONValue.object(["client_id": .number(1)]).decode(as: Registration.self)
        }
    }

    @Test func replyCarriesItsResultAsJSONValue() throws {
        let reply = try Reply.created(Self.registration)
        #expect(reply.outcome == .created)
        #expect(reply.result?["duration_minutes"] == .number(45))
        let data = try MDMEJSON.encode(reply)
        let decoded = try MDMEJSON.decoder().decode(Reply.self, from: Data(data))
        #expect(decoded == reply)
        #expect(try decoded.result?.decode(as: Registration.self) == Self.registration)
    }
}

@Suite("API answers' identifiers")
struct AnswerIdentifierTests {
    struct Answer: Encodable {
        let id: UUID
        let clientID: UUID
        let note: String
        let paid: String
        let nested: [Nested]
    }

    struct Nested: Encodable {
        let therapistID: UUID?
        let text: String
    }

    @Test("id and …_id fields are lowercase; the same text elsewhere, even inside a string, is left as it was")
    func lowercasesOnlyIdentifierFields() throws {
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        let text = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
        let answer = Answer(id: id, clientID: id, note: #"id":"\#(text)"#, paid: text,
                            nested: [Nested(therapistID: id, text: text), Nested(therapistID: nil, text: "x")])
        let json = String(decoding: try MDMEJSON.encodeAnswer(answer), as: UTF8.self)
        let lower = text.lowercased()
        #expect(json.contains(#""id":"\#(lower)""#))
        #expect(json.contains(#""client_id":"\#(lower)""#))
        #expect(json.contains(#""therapist_id":"\#(lower)""#))
        #expect(json.contains(#""note":"id\":\"\#(text)""#))
        #expect(json.contains(#""paid":"\#(text)""#))
        #expect(json.contains(#""text":"\#(text)""#))
        // A JSON value made of the same answer (the gateway's payloads) has its ids lowercased too.
        let value = try JSONValue(encoding: answer)
        #expect(value["id"] == .string(lower) && value["paid"] == .string(text))
    }
}
