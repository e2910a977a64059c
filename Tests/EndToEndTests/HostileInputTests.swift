import Foundation
import Testing

/// Input no front end would send: each gets a 4xx or a clean close, the gateway keeps
/// serving, and nothing is stored.
@Suite(.runningSystem, .serialized)
struct HostileInputTests {
    private func counts(_ system: SystemUnderTest) throws -> [Int] {
        try ["accounts", "clients", "registrations", "tenants"].map { try system.count("select count(*)::int as count from \($0)") }
    }

    private func expectHealthy(_ system: SystemUnderTest) async throws {
        #expect(try await system.api.get("/healthz").status == 200)
    }

    @Test("malformed bodies: deep nesting, huge numbers, invalid UTF-8, NUL characters")
    func malformedBodies() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let before = try counts(system)
        let nested = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        let hostile: [(String, String, Data, String)] = [
            ("POST", "/api/v1/clients", nested, tenant.admin.token),
            ("POST", "/api/v1/me/registrations", Data(#"{"activity":"a","started_at":"2026-12-01T10:00:00Z","duration_minutes":1e400,"level":1}"#.utf8), client.token),
            ("POST", "/api/v1/me/registrations", Data(#"{"activity":"a","started_at":"2026-12-01T10:00:00Z","duration_minutes":99999999999999999999999,"level":1}"#.utf8), client.token),
            ("POST", "/api/v1/clients", Data([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]), tenant.admin.token),
            ("POST", "/api/v1/me/registrations", Data(#"{"activity":"a\u0000b","started_at":"2026-12-01T10:00:00Z","duration_minutes":5,"level":1}"#.utf8), client.token),
            ("PATCH", "/api/v1/tenant", Data(#"{"name":"Kommune\u0000"}"#.utf8), tenant.admin.token),
            ("POST", "/api/v1/clients", Data([0x7B, 0x00, 0x7D]), tenant.admin.token),
        ]
        for (method, path, body, token) in hostile {
            let response = try await system.api.send(method, path, rawBody: body, token: token, headers: ["Content-Type": "application/json"])
            #expect((400..<500).contains(response.status), "\(method) \(path): \(response.status) \(response.text.prefix(200))")
            #expect(response.errorCode != nil)
        }
        #expect(try counts(system) == before)
        try await expectHealthy(system)
    }

    @Test("SQL metacharacters in every text field are stored and returned as written")
    func sqlMetacharacters() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let nasty = #"Robert'); DROP TABLE clients;-- "\ %_ $1 ${x} ;"#
        let created = try await system.api.post("/api/v1/clients", [
            "name": nasty, "gender": "other", "birth_date": "1980-01-01", "email": "nasty-\(UUID().uuidString.prefix(6))@example.org",
        ], token: tenant.admin.token)
        #expect(created.status == 201, "\(created.text)")
        let client = try await tenant.accept(created, email: try #require(created.object["email"] as? String))
        var entry = registration(nasty)
        entry["note"] = nasty
        entry["statements"] = [nasty]
        #expect(try await system.api.post("/api/v1/me/registrations", entry, token: client.token).status == 201)
        #expect(try await system.api.send("PATCH", "/api/v1/tenant", json: ["name": nasty], token: tenant.admin.token).status == 200)
        let read = try await system.api.get("/api/v1/me/registrations", token: client.token).array.first
        #expect(read?["activity"] as? String == nasty && read?["note"] as? String == nasty)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: tenant.admin.token).object["name"] as? String == nasty)
        #expect(try await system.api.get("/api/v1/tenant", token: tenant.admin.token).object["name"] as? String == nasty)
        #expect(try system.count("select count(*)::int as count from clients") >= 1)
    }

    @Test("path traversal and junk in ids are not found")
    func pathTraversal() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        for path in ["/api/v1/clients/..%2F..%2Fetc%2Fpasswd", "/api/v1/clients/../../etc/passwd", "/api/v1/clients/%00",
                     "/api/v1/clients/' OR '1'='1", "/api/v1/commands/00000000-0000-0000-0000-000000000000%27"] {
            let response = try await system.api.get(path.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "'", with: "%27"),
                                                    token: tenant.admin.token)
            #expect([400, 404].contains(response.status), "\(path): \(response.status)")
        }
        try await expectHealthy(system)
    }

    @Test("a 10 MB body, thousands of headers and slow-loris connections leave the gateway serving")
    func abusiveConnections() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let before = try counts(system)

        let huge = try RawConnection(port: system.port)
        huge.send("POST /api/v1/clients HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer \(tenant.admin.token)\r\nContent-Length: 10485760\r\n\r\n")
        huge.send([UInt8](repeating: 0x41, count: 1 << 20))
        #expect(huge.status() == 413)

        let headers = try RawConnection(port: system.port)
        var request = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n"
        for index in 0..<5000 { request += "X-Junk-\(index): \(String(repeating: "v", count: 20))\r\n" }
        headers.send(request + "\r\n")
        let headerStatus = headers.status()
        #expect(headerStatus == nil || (400..<500).contains(headerStatus!), "thousands of headers: \(String(describing: headerStatus))")

        // Slow loris: many connections that never finish their headers must not starve others.
        let slow = try (0..<60).map { _ in
            let connection = try RawConnection(port: system.port)
            connection.send("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            return connection
        }
        let started = ContinuousClock.now
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 200)
        #expect(ContinuousClock.now - started < .seconds(10))
        withExtendedLifetime(slow) {}
        #expect(try counts(system) == before)
        try await expectHealthy(system)
    }

    @Test("the OpenAPI description is served")
    func openAPIServed() async throws {
        let system = try SystemUnderTest.require()
        let response = try await system.api.get("/api/v1/openapi.yaml")
        #expect(response.status == 200)
        #expect(response.text.hasPrefix("openapi: 3.0"))
        #expect(response.header("content-type")?.hasPrefix("application/yaml") == true)
    }
}
