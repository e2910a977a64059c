import Foundation
import MDMECore
import Testing

/// `JSONValue(encoding:)` builds the value directly; it must equal what writing the project's
/// JSON text and reading it back gives, which is what it replaced.
@Suite("JSON values encoded directly")
struct JSONValueEncodingTests {
    static func throughText(_ value: some Encodable) throws -> JSONValue {
        try MDMEJSON.decoder().decode(JSONValue.self, from: Data(MDMEJSON.encodeAnswer(value)))
    }

    static func request<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try MDMEJSON.decoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func requestsEncodeAsThroughText() throws {
        let values: [any Encodable] = [
            try Self.request(CreateRegistrationRequest.self, #"""
                {"activity": "Gåtur \"i\" skoven\n", "started_at": "2027-01-31T09:30:00.250Z", "duration_minutes": 25,
                 "level": 1, "statements": ["Jeg får ny energi"], "symptoms": [], "note": null}
                """#),
            try Self.request(CreateRegistrationRequest.self, #"{"activity": "x", "started_at": "2027-01-31T09:30:00Z", "duration_minutes": 1440, "level": 0}"#),
            try Self.request(SetColorScaleRequest.self, #"""
                {"levels": [{"color": "#2E7D32", "label": "Grøn", "statements": ["a"]}, {"color": "#c62828", "label": "Rød"}]}
                """#),
            try Self.request(CreateClientRequest.self, #"""
                {"name": "Karen", "gender": "female", "birth_date": "1970-05-01", "email": "k@example.dk", "phone": "+4512345678"}
                """#),
            try Self.request(UpdateTenantRequest.self, #"""
                {"name": "Aarhus", "time_zone": "Europe/Copenhagen", "mail_mode": "smtp", "mfa_required": true,
                 "smtp": {"host": "relay.example", "port": 587, "tls": "starttls", "username": "u", "password": null}}
                """#),
            try Self.request(UpdateClientRequest.self, #"{"phone": null, "birth_date": "1969-12-31"}"#),
            try Self.request(UpdateClientRequest.self, #"{"name": "Ny"}"#),
            try Self.request(CreateCOPMAssessmentRequest.self, #"""
                {"assessed_on": "2027-02-01", "problems": [{"description": "Indkøb", "importance": 8, "performance": 3, "satisfaction": 2}]}
                """#),
            try Self.request(SubmitAnswersRequest.self, #"{"answers": [1, null, 4.5, -2]}"#),
            try Self.request(DateRange.self, #"{"from": "2027-01-01"}"#),
            try Self.request(CreateReportRequest.self, #"{"kind": "color_scale", "to": "2027-03-01"}"#),
            AuditQuery(clientID: UUID(uuidString: "0B1E6C5E-3F0A-4D3C-9A41-7D1F2E9B8C01")!, limit: 50, before: 9_007_199_254_740_000),
        ]
        for value in values {
            #expect(try JSONValue(encoding: value) == Self.throughText(value), "\(type(of: value))")
        }
    }

    struct Shapes: Encodable {
        struct Empty: Encodable {}
        struct Custom: Encodable {
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: CodingKeys.self)
                try keyed.encodeNil(forKey: .explicitNull)
                var list = keyed.nestedUnkeyedContainer(forKey: .nestedList)
                try list.encode(UInt8(7))
                var inner = list.nestedContainer(keyedBy: CodingKeys.self)
                try inner.encode(Int64(-3), forKey: .explicitNull)
            }

            enum CodingKeys: String, CodingKey { case explicitNull, nestedList }
        }

        var recordID = UUID(uuidString: "C3D4E5F6-A7B8-4C9D-8E0F-1A2B3C4D5E6F")!
        var at = Date(timeIntervalSince1970: 1_801_387_800.5)
        var missing: String? = nil
        var empty = Empty()
        var matrix: [[Double]] = [[0.1, 2], []]
        var custom = Custom()
        var flags: [String: Bool] = ["first": true, "camelCase": false, "C3D4E5F6-A7B8": true]
        var answers: JSONValue = .object(["UpperKey": .array([.number(1), .null]), "lower_key": .string("x")])
        var otpauthURI = URL(string: "otpauth://totp/MDME?secret=ABC")!
        var smallNumber: Float = 0.1
    }

    @Test func shapesEncodeAsThroughText() throws {
        #expect(try JSONValue(encoding: Shapes()) == Self.throughText(Shapes()))
        #expect(try JSONValue(encoding: [Shapes(), Shapes()]) == Self.throughText([Shapes(), Shapes()]))
        #expect(try JSONValue(encoding: "text") == .string("text"))
    }

    @Test func idsAreLowercaseAndKeysSnakeCase() throws {
        let value = try JSONValue(encoding: Shapes())
        #expect(value["record_id"] == .string("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"))
        #expect(value["otpauth_uri"] == .string("otpauth://totp/MDME?secret=ABC"))
        #expect(value["at"] == .string("2027-01-31T09:30:00Z"), "whole seconds, as every time in the API")
        #expect(value["missing"] == nil)
        #expect(value["flags"]?["camelCase"] == .bool(false), "a dictionary's keys are data and stay as they are")
        #expect(value["answers"]?["UpperKey"] == .array([.number(1), .null]))
    }

    @Test func aNumberJSONCannotHoldIsRefused() {
        #expect(throws: EncodingError.self) { try JSONValue(encoding: ["n": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.infinity]) }
    }
}
