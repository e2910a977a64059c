import Foundation
import Testing

/// The gateway refuses an address that keeps failing to log in, before it costs an argon2 run.
@Suite
struct LoginThrottleTests {
    @Test("repeated failed logins from one address get 429 with Retry-After")
    func throttled() async throws {
        let system = try await SystemUnderTest.start(settings: ["MDME_GATEWAY_LOGIN_ATTEMPTS_PER_MINUTE": "3"])
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        for _ in 1...3 {
            let response = try await system.api.post("/api/v1/auth/login", ["email": tenant.admin.email, "password": "wrong password 1"])
            #expect(response.status == 401)
        }
        let refused = try await system.api.post("/api/v1/auth/login", ["email": tenant.admin.email, "password": TenantFixture.password])
        #expect(refused.status == 429 && refused.errorCode == "too_many_requests")
        #expect(Int(refused.header("retry-after") ?? "") ?? 0 >= 1)
        // Other endpoints are not affected.
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 200)
    }
}
