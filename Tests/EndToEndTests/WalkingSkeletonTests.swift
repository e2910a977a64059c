import Foundation
import Postgres
import Testing

/// The path through the whole system, over HTTP against the real executables.
@Suite(.runningSystem)
struct WalkingSkeletonTests {
    @Test("a therapist creates a client, the client registers, the therapist sees it")
    func therapistSeesClientRegistration() async throws {
        let system = try SystemUnderTest.require()
        let api = system.api
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()

        let me = try await api.get("/api/v1/me", token: therapist.token)
        #expect(me.status == 200)
        #expect(me.object["role"] as? String == "therapist")
        #expect(me.object["tenant_id"] as? String == tenant.tenantID)

        let created = try await api.post("/api/v1/clients", [
            "name": "Bodil Borger", "gender": "female", "birth_date": "1962-11-30", "email": "bodil@example.org",
        ], token: therapist.token)
        #expect(created.status == 201, "\(created.text)")
        let clientID = try #require(created.object["id"] as? String)
        #expect(clientID == clientID.lowercased())
        #expect(created.object["responsible_therapist_id"] as? String == therapist.id)
        let invitation = try #require(created.object["invitation"] as? [String: Any])
        #expect(invitation["delivery"] as? String == "manual")
        #expect(invitation["expires_at"] is String)
        #expect(created.object["last_activity_at"] == nil)
        #expect(created.object["warning_at"] is String && created.object["deletion_due_at"] is String)

        // Before accepting the invitation the client cannot log in.
        let early = try await api.post("/api/v1/auth/login", ["email": "bodil@example.org", "password": TenantFixture.password])
        #expect(early.status == 401 && early.errorCode == "invalid_credentials")

        let client = try await tenant.accept(created, email: "bodil@example.org")
        let posted = try await api.post("/api/v1/me/registrations", registration("Gåtur med hunden", level: 0), token: client.token)
        #expect(posted.status == 201, "\(posted.text)")
        #expect(posted.object["activity"] as? String == "Gåtur med hunden")
        #expect(posted.object["client_id"] as? String == clientID)

        let seen = try await api.get("/api/v1/clients/\(clientID)/registrations", token: therapist.token)
        #expect(seen.status == 200)
        #expect(seen.array.count == 1)
        #expect(seen.array.first?["activity"] as? String == "Gåtur med hunden")
        #expect(seen.array.first?["note"] as? String == "Note Gåtur med hunden")

        let mine = try await api.get("/api/v1/me/registrations", token: client.token)
        #expect(mine.array.map { $0["id"] as? String } == seen.array.map { $0["id"] as? String })

        // The registration counts as activity: the retention dates move.
        let detail = try await api.get("/api/v1/clients/\(clientID)", token: therapist.token)
        #expect(detail.object["last_activity_at"] is String)
        #expect(detail.object["locked"] as? Bool == false)
        let list = try await api.get("/api/v1/clients", token: therapist.token)
        #expect(list.array.map { $0["id"] as? String } == [clientID])
    }

    @Test("registrations are listed newest first and filtered by date")
    func registrationListing() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        for (activity, minutesAgo) in [("Første", 3 * 24 * 60), ("Anden", 2 * 24 * 60), ("Tredje", 1)] {
            let response = try await system.api.post("/api/v1/me/registrations", registration(activity, minutesAgo: minutesAgo), token: client.token)
            #expect(response.status == 201, "\(response.text)")
        }
        let all = try await system.api.get("/api/v1/me/registrations", token: client.token)
        #expect(all.array.compactMap { $0["activity"] as? String } == ["Tredje", "Anden", "Første"])

        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        let today = formatter.string(from: Date())
        let recent = try await system.api.get("/api/v1/clients/\(client.id)/registrations?from=\(today)&to=\(today)", token: tenant.admin.token)
        #expect(recent.array.compactMap { $0["activity"] as? String } == ["Tredje"])
    }

    @Test("logout revokes the token at once")
    func logout() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 200)
        #expect(try await system.api.send("POST", "/api/v1/auth/logout", token: tenant.admin.token).status == 204)
        let after = try await system.api.get("/api/v1/me", token: tenant.admin.token)
        #expect(after.status == 401 && after.errorCode == "unauthenticated")
    }

    @Test("a revoked session is unauthenticated, whatever else is wrong with the command")
    func revokedSessionSpeaksFirst() async throws {
        // The worker queues the session check with the command's first statements; a refusal
        // the handler finds before the check's answer arrives must not hide it.
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        #expect(try await system.api.send("POST", "/api/v1/auth/logout", token: client.token).status == 204)
        let forbidden = try await system.api.get("/api/v1/clients", token: client.token)
        #expect(forbidden.status == 401 && forbidden.errorCode == "unauthenticated", "\(forbidden.text)")
        // Level 4 passes the gateway (a scale may have six) but not this client's three-level scale.
        let badLevel = try await system.api.post("/api/v1/me/registrations", registration("Gåtur", level: 4), token: client.token)
        #expect(badLevel.status == 401 && badLevel.errorCode == "unauthenticated", "\(badLevel.text)")
        let valid = try await system.api.post("/api/v1/me/registrations", registration("Gåtur"), token: client.token)
        #expect(valid.status == 401 && valid.errorCode == "unauthenticated", "\(valid.text)")
        let stored = try await system.api.get("/api/v1/clients/\(client.id)/registrations", token: tenant.admin.token)
        #expect(stored.status == 200 && stored.array.isEmpty)
    }

    @Test("a session whose account changed role since login is refused; a new login carries the new role")
    func changedRoleEndsSession() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        #expect(try await system.api.get("/api/v1/me", token: therapist.token).status == 200)
        let database = try system.database()
        defer { database.close() }
        try database.query("update accounts set role = 'tenant_admin' where id = $1", [UUID(uuidString: therapist.id)!])
        let stale = try await system.api.get("/api/v1/me", token: therapist.token)
        #expect(stale.status == 401 && stale.errorCode == "unauthenticated", "\(stale.text)")
        let token = try await system.api.login(email: therapist.email, password: TenantFixture.password)
        let me = try await system.api.get("/api/v1/me", token: token)
        #expect(me.status == 200 && me.object["role"] as? String == "tenant_admin", "\(me.text)")
    }

    @Test("a new registration is answered exactly as it is read back")
    func registrationAnswerMatchesStoredEntry() async throws {
        // The worker answers from what it wrote instead of reading the row back.
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let day = formatter.string(from: Date().addingTimeInterval(-2 * 24 * 3600))
        var body = registration("Indkøb", level: 2)
        body["started_at"] = "\(day)T09:30:00Z"
        body["symptoms"] = ["hovedpine", "træthed"]
        body["note"] = nil
        let posted = try await system.api.post("/api/v1/me/registrations", body, token: client.token)
        #expect(posted.status == 201, "\(posted.text)")
        let read = try await system.api.get("/api/v1/me/registrations?from=\(day)&to=\(day)", token: client.token)
        let stored = try #require(read.array.first)
        #expect(read.array.count == 1)
        #expect(NSDictionary(dictionary: stored) == NSDictionary(dictionary: posted.object), "\(posted.text) vs \(read.text)")
    }

    @Test("a session idle longer than the idle timeout stops working")
    func idleTimeout() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 200)
        // Thirty-one minutes of silence, without waiting for them.
        let database = try system.database()
        defer { database.close() }
        try database.query("update sessions set last_seen_at = now() - interval '31 minutes' where account_id = $1",
                           [UUID(uuidString: tenant.admin.id)!])
        let idle = try await system.api.get("/api/v1/me", token: tenant.admin.token)
        #expect(idle.status == 401 && idle.errorCode == "unauthenticated")
        // Logging in again gives a fresh session.
        let token = try await system.api.login(email: tenant.admin.email, password: TenantFixture.password)
        #expect(try await system.api.get("/api/v1/me", token: token).status == 200)
    }

    @Test("an invitation token works once")
    func invitationSingleUse() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let email = "once@example.org"
        let created = try await system.api.post("/api/v1/clients", [
            "name": "Ole Once", "gender": "male", "birth_date": "1990-01-01", "email": email,
        ], token: tenant.admin.token)
        let link = try #require((created.object["invitation"] as? [String: Any])?["link"] as? String)
        let token = try #require(link.components(separatedBy: "#token=").last)
        #expect(try await system.api.post("/api/v1/auth/invitations/accept", ["token": token, "password": "first password 1"]).status == 204)
        let again = try await system.api.post("/api/v1/auth/invitations/accept", ["token": token, "password": "second password 2"])
        #expect(again.status == 400 && again.errorFields == ["token"])
        _ = try await system.api.login(email: email, password: "first password 1")
    }

    @Test("tenant isolation: another tenant's therapist, and a colleague, get 404")
    func tenantIsolation() async throws {
        let system = try SystemUnderTest.require()
        let tenantA = try await TenantFixture.create(on: system)
        let tenantB = try await TenantFixture.create(on: system)
        let therapistA = try await tenantA.createTherapist()
        let colleagueA = try await tenantA.createTherapist(name: "Carl Kollega")
        let clientA = try await tenantA.createClient(by: therapistA)
        _ = try await system.api.post("/api/v1/me/registrations", registration("Privat"), token: clientA.token)

        for outsider in [tenantB.admin.token, colleagueA.token] {
            let detail = try await system.api.get("/api/v1/clients/\(clientA.id)", token: outsider)
            #expect(detail.status == 404 && detail.errorCode == "not_found")
            let registrations = try await system.api.get("/api/v1/clients/\(clientA.id)/registrations", token: outsider)
            #expect(registrations.status == 404)
            let list = try await system.api.get("/api/v1/clients", token: outsider)
            #expect(list.status == 200 && !list.array.contains { $0["id"] as? String == clientA.id })
        }
        // The tenant's admin sees every client of the tenant.
        #expect(try await system.api.get("/api/v1/clients/\(clientA.id)", token: tenantA.admin.token).status == 200)
        // A client is not staff.
        let asClient = try await system.api.get("/api/v1/clients", token: clientA.token)
        #expect(asClient.status == 403 && asClient.errorCode == "forbidden")
        // A therapist is not an admin.
        let hire = try await system.api.post("/api/v1/therapists", ["name": "X", "email": "x@kommune.example", "role": "therapist"], token: therapistA.token)
        #expect(hire.status == 403)
    }

    @Test("operations endpoints")
    func operations() async throws {
        let system = try SystemUnderTest.require()
        #expect(try await system.api.get("/healthz").status == 200)
        #expect(try await system.api.get("/readyz").status == 200)
        _ = try await system.api.get("/api/v1/me")
        let metrics = try await system.api.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("mdme_http_requests_total{route=\"GET /api/v1/me\",status=\"401\"}"))
        #expect(metrics.text.contains("mdme_http_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("mdme_broker_publishes_total"))
    }
}
