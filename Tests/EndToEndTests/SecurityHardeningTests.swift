import Foundation
import Postgres
import Testing

/// Login rate limits per account and per address, and the security headers on every kind of response.
@Suite
struct SecurityHardeningTests {
    static let limits = [
        "MDME_GATEWAY_LOGIN_ATTEMPTS_PER_MINUTE": "5",
        "MDME_GATEWAY_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE": "2",
        "MDME_GATEWAY_MAX_BODY_BYTES": "2048",
    ]

    static func expectSecurityHeaders(_ response: APIResponse, _ what: String) {
        #expect(response.header("strict-transport-security") == "max-age=31536000; includeSubDomains", "\(what)")
        #expect(response.header("content-security-policy") == "default-src 'none'; frame-ancestors 'none'", "\(what)")
        #expect(response.header("x-content-type-options") == "nosniff", "\(what)")
        #expect(response.header("referrer-policy") == "no-referrer", "\(what)")
        #expect(response.header("cache-control") == "no-store", "\(what)")
    }

    /// One system for both (fewer systems starting at once): headers first, as the limits
    /// then block logins from this address for a minute.
    @Test("security headers on every kind of response; login limits per account and per address")
    func headersAndLimits() async throws {
        let system = try await SystemUnderTest.start(settings: Self.limits)
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        try await Self.checkHeaders(system, tenant)
        try await Self.checkLimits(system, tenant)
    }

    /// 429 per account first, then per address, with Retry-After; the right password does not get through either.
    static func checkLimits(_ system: SystemUnderTest, _ tenant: TenantFixture) async throws {
        let therapist = try await tenant.createTherapist()
        func login(_ email: String, _ password: String) async throws -> APIResponse {
            try await system.api.post("/api/v1/auth/login", ["email": email, "password": password])
        }
        // Account A: two failures, then 429 for A even with the right password.
        for _ in 1...2 { #expect(try await login(therapist.email, "wrong password 1").status == 401) }
        let accountLimited = try await login(therapist.email.uppercased(), TenantFixture.password)
        #expect(accountLimited.status == 429 && accountLimited.errorCode == "too_many_requests")
        #expect(accountLimited.text.contains("this account"))
        #expect(Int(accountLimited.header("retry-after") ?? "") ?? 0 >= 1)
        expectSecurityHeaders(accountLimited, "429")
        // Another account from the same address is still served …
        #expect(try await login("nobody-\(UUID().uuidString.prefix(6))@kommune.example", "wrong password 2").status == 401)
        // … until the address has failed five times within a minute: five more at once make
        // sure of that however slow the machine is (those over the limit already get 429).
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 1...5 {
                group.addTask { try await login("nobody-\(UUID().uuidString.prefix(6))@kommune.example", "wrong password 3").status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 } && statuses.contains(401), "\(statuses)")
        let addressLimited = try await login(tenant.admin.email, TenantFixture.password)
        #expect(addressLimited.status == 429 && !addressLimited.text.contains("this account"))
        #expect(Int(addressLimited.header("retry-after") ?? "") ?? 0 >= 1)
        // Sessions keep working; only logins are limited.
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 200)
    }

    /// On success, error, 404, 405, 413 (from the HTTP server itself) and documents.
    static func checkHeaders(_ system: SystemUnderTest, _ tenant: TenantFixture) async throws {
        expectSecurityHeaders(try await system.api.get("/healthz"), "200 health")
        expectSecurityHeaders(try await system.api.get("/api/v1/me", token: tenant.admin.token), "200 API")
        expectSecurityHeaders(try await system.api.get("/api/v1/me"), "401")
        expectSecurityHeaders(try await system.api.get("/api/v1/no-such-thing"), "404")
        expectSecurityHeaders(try await system.api.send("DELETE", "/api/v1/me", token: tenant.admin.token), "405")
        expectSecurityHeaders(try await system.api.get("/api/v1/openapi.yaml"), "document")
        expectSecurityHeaders(try await system.api.get("/metrics"), "metrics")
        let tooLarge = try await system.api.send("POST", "/api/v1/auth/login", rawBody: Data(repeating: UInt8(ascii: "a"), count: 10_000),
                                                 headers: ["Content-Type": "application/json"])
        #expect(tooLarge.status == 413)
        expectSecurityHeaders(tooLarge, "413 from the HTTP server itself")
    }
}

/// The workers' database role has only the rights they need.
@Suite(.runningSystem)
struct LeastPrivilegeTests {
    @Test("mdme_app cannot create or delete tenants, nor change directory settings or the audit log")
    func workersRole() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let application = try system.database(asApplication: true)
        defer { application.close() }
        try application.query("select set_config('app.tenant_id', $1, false)", [tenant.tenantID])
        #expect(throws: (any Error).self) {
            try application.query("insert into tenants (id, name, mail_mode) values ($1::uuid, 'X', 'none')", [UUID().uuidString])
        }
        #expect(throws: (any Error).self) { try application.query("delete from tenants where id = $1::uuid", [tenant.tenantID]) }
        #expect(throws: (any Error).self) {
            try application.query("""
                insert into tenant_directories (tenant_id, email_domain, url, bind_dn_template, therapist_group_dn, admin_group_dn)
                values ($1::uuid, 'evil.example', 'ldap://evil.example', 'uid={username}', 'cn=t', 'cn=a')
                """, [tenant.tenantID])
        }
        #expect(throws: (any Error).self) { try application.query("update audit_log set action = 'x'") }
        // What the workers do need still works.
        #expect(try application.query("select name from tenants").count == 1)
    }
}
