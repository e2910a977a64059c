import Foundation
import Postgres
import Testing

/// Tenant settings, staff, and changing, unlocking and deleting clients.
@Suite(.runningSystem)
struct ClientAdministrationTests {
    @Test("a tenant admin reads and changes the tenant's settings; a therapist may not")
    func tenantSettings() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let settings = try await system.api.get("/api/v1/tenant", token: tenant.admin.token)
        #expect(settings.status == 200)
        #expect(settings.object["time_zone"] as? String == "Europe/Copenhagen")
        #expect(settings.object["mail_mode"] as? String == "none")
        #expect(settings.object["mfa_required"] as? Bool == false)

        let changed = try await system.api.send("PATCH", "/api/v1/tenant", json: ["name": "Nyt Navn", "mfa_required": true], token: tenant.admin.token)
        #expect(changed.status == 200 && changed.object["name"] as? String == "Nyt Navn" && changed.object["mfa_required"] as? Bool == true)
        let badZone = try await system.api.send("PATCH", "/api/v1/tenant", json: ["time_zone": "Mars/Olympus"], token: tenant.admin.token)
        #expect(badZone.status == 400 && badZone.errorFields == ["time_zone"])
        let badMode = try await system.api.send("PATCH", "/api/v1/tenant", json: ["mail_mode": "pigeon"], token: tenant.admin.token)
        #expect(badMode.status == 400 && badMode.errorFields == ["mail_mode"])
        #expect(try await system.api.get("/api/v1/tenant", token: tenant.admin.token).object["name"] as? String == "Nyt Navn")

        #expect(try await system.api.get("/api/v1/tenant", token: therapist.token).status == 403)
        #expect(try await system.api.send("PATCH", "/api/v1/tenant", json: ["name": "X"], token: therapist.token).status == 403)
        let staff = try await system.api.get("/api/v1/therapists", token: tenant.admin.token)
        #expect(Set(staff.array.compactMap { $0["id"] as? String }) == [tenant.admin.id, therapist.id])
        #expect(staff.array.first { $0["id"] as? String == therapist.id }?["email"] as? String == therapist.email)
        #expect(try await system.api.get("/api/v1/therapists", token: therapist.token).status == 403)
    }

    @Test("a therapist changes a client's master data")
    func updateClient() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let path = "/api/v1/clients/\(client.id)"

        let changed = try await system.api.send("PATCH", path, json: ["name": "Kim Nyhavn", "phone": NSNull(), "gender": "other"], token: therapist.token)
        #expect(changed.status == 200, "\(changed.text)")
        #expect(changed.object["name"] as? String == "Kim Nyhavn")
        #expect(changed.object["phone"] == nil)
        #expect(changed.object["gender"] as? String == "other")
        #expect(changed.object["birth_date"] as? String == "1975-03-14")

        let newEmail = "kim.nyhavn-\(UUID().uuidString.prefix(6).lowercased())@example.org"
        #expect(try await system.api.send("PATCH", path, json: ["email": newEmail], token: therapist.token).status == 200)
        _ = try await system.api.login(email: newEmail, password: TenantFixture.password)

        let taken = try await system.api.send("PATCH", path, json: ["email": therapist.email], token: therapist.token)
        #expect(taken.status == 409)
        let future = try await system.api.send("PATCH", path, json: ["birth_date": "2999-01-01"], token: therapist.token)
        #expect(future.status == 400 && future.errorFields == ["birth_date"])
        let empty = try await system.api.send("PATCH", path, json: [String: Any](), token: therapist.token)
        #expect(empty.status == 400)
        let colleague = try await tenant.createTherapist(name: "Anden Kollega")
        #expect(try await system.api.send("PATCH", path, json: ["name": "X"], token: colleague.token).status == 404)
        #expect(try await system.api.get(path, token: therapist.token).object["name"] as? String == "Kim Nyhavn")
    }

    @Test("a locked client is unlocked by the therapist and can log in again")
    func unlock() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        for _ in 1...5 {
            _ = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": "not the password"])
        }
        #expect(try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password]).status == 403)
        let unlocked = try await system.api.send("POST", "/api/v1/clients/\(client.id)/unlock", token: tenant.admin.token)
        #expect(unlocked.status == 204)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: tenant.admin.token).object["locked"] as? Bool == false)
        _ = try await system.api.login(email: client.email, password: TenantFixture.password)
    }

    @Test("deleting a client leaves nothing about them but a tombstone and audit rows")
    func deleteClient() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        #expect(try await system.api.post("/api/v1/me/registrations", registration("Sidste tur"), token: client.token).status == 201)
        let keep = try await tenant.createClient(by: therapist, name: "Bliver Her")

        let colleague = try await tenant.createTherapist(name: "Ikke Ansvarlig")
        #expect(try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: colleague.token).status == 404)
        let deleted = try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: therapist.token)
        #expect(deleted.status == 204, "\(deleted.text)")
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/me", token: client.token).status == 401)
        let login = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password])
        #expect(login.status == 401)
        #expect(try await system.api.get("/api/v1/clients/\(keep.id)", token: therapist.token).status == 200)

        // Every column of every table, as text: the id survives only where it should.
        let database = try system.database()
        defer { database.close() }
        let tables = try database.query(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"
        ).map { try $0.decode("table_name", as: String.self) }
        #expect(tables.contains("registrations") && tables.contains("account_keys"))
        let allowed: Set<String> = ["audit_log", "client_tombstones", "inbox"]
        for table in tables {
            // Table names come from the catalogue above, never from input.
            let rows = try database.query("select count(*)::int as count from \(table) t where t::text like '%' || $1 || '%'", [client.id])
            let count = try rows.first?.decode("count", as: Int.self) ?? 0
            if allowed.contains(table) {
                continue
            }
            #expect(count == 0, "\(table) still holds \(count) row(s) about the deleted client")
        }
        // What stays: the tombstone, audit rows, and inbox rows without their replies.
        #expect(try system.count("select count(*)::int as count from client_tombstones where client_id = $1", [UUID(uuidString: client.id)!]) == 1)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1 and action = 'client.delete' and outcome = 'allowed'", [UUID(uuidString: client.id)!]) == 1)
        #expect(try system.count("select count(*)::int as count from inbox where (actor_id = $1 or subject_id = $1) and reply is not null", [UUID(uuidString: client.id)!]) == 0)
    }
}
