import Foundation
import Testing

/// Every kind of bad input gets the right 4xx and JSON error from API.md, and changes nothing.
/// Serialized, because "nothing changed" is checked by counting rows of the suite's database.
@Suite(.runningSystem, .serialized)
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let path: String
        let body: String?
        let contentType: String?
        let auth: Auth
        let status: Int
        let code: String
        let field: String?

        enum Auth: Sendable { case none, therapist, client, forged }

        var testDescription: String { name }
    }

    static let clientBody = #"{"name":"N","gender":"male","birth_date":"1980-01-01","email":"n@example.org"}"#

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: "POST", path: "/api/v1/clients", body: #"{"name": "#, contentType: "application/json", auth: .therapist, status: 400, code: "malformed_json", field: nil),
        Case(name: "empty body", method: "POST", path: "/api/v1/clients", body: "", contentType: "application/json", auth: .therapist, status: 400, code: "malformed_json", field: nil),
        Case(name: "JSON array instead of object", method: "POST", path: "/api/v1/clients", body: "[1,2]", contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "body"),
        Case(name: "missing field", method: "POST", path: "/api/v1/clients", body: #"{"name":"N","gender":"male","email":"n@example.org"}"#, contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "birth_date"),
        Case(name: "wrong type", method: "POST", path: "/api/v1/clients", body: #"{"name":42,"gender":"male","birth_date":"1980-01-01","email":"n@example.org"}"#, contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "name"),
        Case(name: "unknown enum value", method: "POST", path: "/api/v1/clients", body: #"{"name":"N","gender":"robot","birth_date":"1980-01-01","email":"n@example.org"}"#, contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "gender"),
        Case(name: "impossible date", method: "POST", path: "/api/v1/clients", body: #"{"name":"N","gender":"male","birth_date":"1980-02-30","email":"n@example.org"}"#, contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "birth_date"),
        Case(name: "bad email", method: "POST", path: "/api/v1/clients", body: #"{"name":"N","gender":"male","birth_date":"1980-01-01","email":"not-an-address"}"#, contentType: "application/json", auth: .therapist, status: 400, code: "validation_failed", field: "email"),
        Case(name: "registration level outside the scale", method: "POST", path: "/api/v1/me/registrations", body: #"{"activity":"A","started_at":"2026-01-01T10:00:00Z","duration_minutes":10,"level":7}"#, contentType: "application/json", auth: .client, status: 400, code: "validation_failed", field: "level"),
        Case(name: "registration time not RFC 3339", method: "POST", path: "/api/v1/me/registrations", body: #"{"activity":"A","started_at":"yesterday","duration_minutes":10,"level":1}"#, contentType: "application/json", auth: .client, status: 400, code: "validation_failed", field: "started_at"),
        Case(name: "registration duration zero", method: "POST", path: "/api/v1/me/registrations", body: #"{"activity":"A","started_at":"2026-12-01T10:00:00Z","duration_minutes":0,"level":1}"#, contentType: "application/json", auth: .client, status: 400, code: "validation_failed", field: "duration_minutes"),
        Case(name: "wrong media type", method: "POST", path: "/api/v1/clients", body: clientBody, contentType: "text/plain", auth: .therapist, status: 415, code: "unsupported_media_type", field: nil),
        Case(name: "no token", method: "POST", path: "/api/v1/clients", body: clientBody, contentType: "application/json", auth: .none, status: 401, code: "unauthenticated", field: nil),
        Case(name: "forged token", method: "POST", path: "/api/v1/clients", body: clientBody, contentType: "application/json", auth: .forged, status: 401, code: "unauthenticated", field: nil),
        Case(name: "unknown route", method: "GET", path: "/api/v1/nothing-here", body: nil, contentType: nil, auth: .therapist, status: 404, code: "not_found", field: nil),
        Case(name: "wrong method", method: "DELETE", path: "/api/v1/me/registrations", body: nil, contentType: nil, auth: .client, status: 405, code: "method_not_allowed", field: nil),
        Case(name: "path id not a UUID", method: "GET", path: "/api/v1/clients/not-a-uuid", body: nil, contentType: nil, auth: .therapist, status: 404, code: "not_found", field: nil),
        Case(name: "unknown client id", method: "GET", path: "/api/v1/clients/00000000-0000-4000-8000-000000000000", body: nil, contentType: nil, auth: .therapist, status: 404, code: "not_found", field: nil),
        Case(name: "bad date in query", method: "GET", path: "/api/v1/me/registrations?from=2026-13-01", body: nil, contentType: nil, auth: .client, status: 400, code: "validation_failed", field: "from"),
        Case(name: "client creates a client", method: "POST", path: "/api/v1/clients", body: clientBody, contentType: "application/json", auth: .client, status: 403, code: "forbidden", field: nil),
        Case(name: "therapist registers an activity", method: "POST", path: "/api/v1/me/registrations", body: #"{"activity":"A","started_at":"2026-12-01T10:00:00Z","duration_minutes":10,"level":1}"#, contentType: "application/json", auth: .therapist, status: 403, code: "forbidden", field: nil),
        Case(name: "unknown command id", method: "GET", path: "/api/v1/commands/00000000-0000-4000-8000-000000000000", body: nil, contentType: nil, auth: .therapist, status: 404, code: "not_found", field: nil),
    ]

    @Test("bad input is refused with the API's error and stores nothing", arguments: cases)
    func refused(_ testCase: Case) async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let before = try tableCounts(system)

        let token: String? = switch testCase.auth {
        case .none: nil
        case .therapist: tenant.admin.token
        case .client: client.token
        case .forged: "v1.eyJzaWQiOiJ4In0.AAAA"
        }
        var headers: [String: String] = [:]
        if let contentType = testCase.contentType { headers["Content-Type"] = contentType }
        let response = try await system.api.send(testCase.method, testCase.path, rawBody: testCase.body.map { Data($0.utf8) },
                                                  token: token, headers: headers)
        #expect(response.status == testCase.status, "\(response.text)")
        #expect(response.errorCode == testCase.code, "\(response.text)")
        #expect(response.header("content-type")?.hasPrefix("application/json") == true)
        if let field = testCase.field {
            #expect(response.errorFields.contains(field), "\(response.text)")
        }
        #expect(try tableCounts(system) == before)
    }

    @Test("an oversized body gets 413 and stores nothing")
    func oversizedBody() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let before = try tableCounts(system)
        let huge = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: huge) }
        try Data((#"{"name":""# + String(repeating: "x", count: 2 << 20) + #""}"#).utf8).write(to: huge)
        // curl, because it sends `Expect: 100-continue` for a large body, as careful clients do:
        // the gateway refuses from the headers, and no client is left writing into a closed socket.
        let output = try TestEnvironment.run("/usr/bin/curl", [
            "-s", "-w", "\n%{http_code}", "-X", "POST", "--data-binary", "@\(huge.path)",
            "-H", "Content-Type: application/json", "-H", "Authorization: Bearer \(tenant.admin.token)",
            "\(system.api.baseURL.absoluteString)/api/v1/clients",
        ])
        let lines = output.split(separator: "\n")
        #expect(lines.last == "413", "\(output.prefix(300))")
        #expect(lines.first?.contains(#""code":"payload_too_large""#) == true)
        #expect(try tableCounts(system) == before)
    }

    @Test("a taken email address is a conflict")
    func duplicateEmail() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let body: [String: Any] = ["name": "Dorte Dublet", "gender": "female", "birth_date": "1970-01-01", "email": "dublet@example.org"]
        #expect(try await system.api.post("/api/v1/clients", body, token: tenant.admin.token).status == 201)
        let before = try tableCounts(system)
        var again = body
        again["email"] = " DUBLET@example.org"
        let response = try await system.api.post("/api/v1/clients", again, token: tenant.admin.token)
        #expect(response.status == 409 && response.errorCode == "conflict", "\(response.text)")
        #expect(try tableCounts(system) == before)
    }

    @Test("wrong passwords lock the account after five tries")
    func lockout() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        for _ in 1...5 {
            let response = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": "wrong password!"])
            #expect(response.status == 401 && response.errorCode == "invalid_credentials")
        }
        let locked = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password])
        #expect(locked.status == 403)
        let listed = try await system.api.get("/api/v1/clients/\(client.id)", token: tenant.admin.token)
        #expect(listed.object["locked"] as? Bool == true)
        // The locked client's existing session stops working too.
        #expect(try await system.api.get("/api/v1/me", token: client.token).status == 401)
    }

    /// Rows in every table that holds what requests create.
    private func tableCounts(_ system: SystemUnderTest) throws -> [Int] {
        try ["accounts", "clients", "registrations", "invitations", "tracked_commands", "outbox"].map {
            try system.count("select count(*)::int as count from \($0)")
        }
    }
}
