import Foundation
import Postgres
import Testing

/// Encryption at rest, tenant isolation inside PostgreSQL, and the audit log, checked behind
/// the API's back on the real database.
@Suite(.runningSystem, .serialized)
struct DataProtectionTests {
    @Test("no name, email, phone, birth date or note is stored in plaintext")
    func noPlaintextAtRest() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let secrets = ["Søren Hemmeligsen", "soren.hemmelig@example.org", "+45 87 65 43 21", "1957-08-19",
                       "Hemmelig aktivitet", "Min hemmelige note om hovedpine", "Følte mig tung i hovedet"]
        let created = try await system.api.post("/api/v1/clients", [
            "name": secrets[0], "gender": "male", "birth_date": secrets[3], "email": secrets[1], "phone": secrets[2],
        ], token: tenant.admin.token)
        #expect(created.status == 201)
        let client = try await tenant.accept(created, email: secrets[1])
        var entry = registration(secrets[4])
        entry["note"] = secrets[5]
        entry["symptoms"] = [secrets[6]]
        #expect(try await system.api.post("/api/v1/me/registrations", entry, token: client.token).status == 201)
        let records = ["Målet er at gå til byen", "Hvornår blev du træt?", "Svar om trætheden", "Støvsugning af stuen"]
        let path = "/api/v1/clients/\(client.id)"
        #expect(try await system.api.post("\(path)/goals", ["kind": "short_term", "text": records[0]], token: tenant.admin.token).status == 201)
        #expect(try await system.api.post("\(path)/reflection-sheets", ["title": "Uge", "items": [["question": records[1], "answer": records[2]]]],
                                          token: tenant.admin.token).status == 201)
        #expect(try await system.api.post("\(path)/copm", ["assessed_on": "2026-01-02", "problems": [
            ["description": records[3], "importance": 7, "performance": 4, "satisfaction": 5]]], token: tenant.admin.token).status == 201)
        // The API still reads everything back.
        let detail = try await system.api.get("/api/v1/clients/\(client.id)", token: tenant.admin.token)
        #expect(detail.object["name"] as? String == secrets[0] && detail.object["phone"] as? String == secrets[2])

        // Everything PostgreSQL holds for this database, as psql's pg_dump sees it.
        let dump = try TestEnvironment.run("/usr/bin/pg_dump", ["--data-only", "--dbname", system.environment.postgres + " dbname=\(system.name)"])
        #expect(dump.contains(client.id), "the dump holds the client's rows")
        for secret in secrets + records + [secrets[1].uppercased(), "Søren", "hovedpine", "trætheden"] {
            #expect(!dump.contains(secret), "\(secret) is in plaintext in the database")
        }
    }

    @Test("row-level security hides other tenants' rows from the workers' role")
    func rowLevelSecurity() async throws {
        let system = try SystemUnderTest.require()
        let tenantA = try await TenantFixture.create(on: system)
        let tenantB = try await TenantFixture.create(on: system)
        _ = try await tenantA.createClient(by: tenantA.admin)
        _ = try await tenantB.createClient(by: tenantB.admin)

        let connection = try system.database(asApplication: true)
        defer { connection.close() }
        // Without a tenant, a query that forgot its filter sees nothing at all.
        #expect(try connection.query("select count(*)::int as count from clients").first?.decode("count", as: Int.self) == 0)
        #expect(try connection.query("select count(*)::int as count from accounts").first?.decode("count", as: Int.self) == 0)
        try connection.transaction { transaction in
            try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantA.tenantID])
            let tenants = try transaction.query("select distinct tenant_id from accounts").map { try $0.decode("tenant_id", as: UUID.self) }
            #expect(tenants == [UUID(uuidString: tenantA.tenantID)!])
        }
        // Moving rows into another tenant is refused too.
        #expect(throws: PostgresError.self) {
            try connection.transaction { transaction in
                try transaction.query("select set_config('app.tenant_id', $1, true)", [tenantA.tenantID])
                try transaction.query("update clients set tenant_id = $1", [UUID(uuidString: tenantB.tenantID)!])
            }
        }
    }

    @Test("reads and writes of client data are audited in a hash chain that shows tampering")
    func auditChain() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        _ = try await system.api.post("/api/v1/me/registrations", registration("Revideret"), token: client.token)
        _ = try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token)
        let outsider = try await tenant.createTherapist(name: "Nysgerrig Kollega")
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: outsider.token).status == 404)

        let database = try system.database()
        defer { database.close() }
        let rows = try database.query(
            "select actor_id, action, outcome, request_id is not null as has_request from audit_log where client_ref = $1 order by id",
            [UUID(uuidString: client.id)!]
        )
        let actions = try rows.map { "\(try $0.decode("action", as: String.self)):\(try $0.decode("outcome", as: String.self))" }
        #expect(actions == ["client.create:allowed", "registration.create:allowed", "client.get:allowed", "client.get:denied"])
        #expect(try rows.allSatisfy { try $0.decode("has_request", as: Bool.self) })
        #expect(try rows.last?.decode("actor_id", as: UUID.self) == UUID(uuidString: outsider.id))

        #expect(try system.cli(["audit", "verify", "--tenant", tenant.tenantID]).contains(#""ok":true"#))

        // Tenant admins read the log through the API, filtered by client, newest first.
        let listed = try await system.api.get("/api/v1/audit?client_id=\(client.id)", token: tenant.admin.token)
        #expect(listed.status == 200)
        #expect(listed.array.compactMap { $0["action"] as? String }.reversed() == ["client.create", "registration.create", "client.get", "client.get"])
        #expect(listed.array.first?["request_id"] is String)
        // Chained by the workers' sealers within a moment of being written.
        try await eventually(timeout: .seconds(10), "the newest audit row sealed") {
            try await system.api.get("/api/v1/audit?client_id=\(client.id)&limit=1", token: tenant.admin.token).array.first?["hash"] is String
        }
        let page = try await system.api.get("/api/v1/audit?client_id=\(client.id)&limit=1", token: tenant.admin.token)
        #expect(page.array.count == 1)
        let bad = try await system.api.get("/api/v1/audit?client_id=nope&limit=0", token: tenant.admin.token)
        #expect(bad.status == 400 && Set(bad.errorFields) == ["client_id", "limit"])
        #expect(try await system.api.get("/api/v1/audit", token: therapist.token).status == 403)

        // The workers' role may append but not change or remove.
        let application = try system.database(asApplication: true)
        defer { application.close() }
        #expect(throws: PostgresError.self) { try application.query("update audit_log set outcome = 'allowed'") }
        #expect(throws: PostgresError.self) { try application.query("delete from audit_log") }
        // Nor write a row that claims a place in the chain: only the sealer sets those columns.
        try application.query("select set_config('app.tenant_id', $1, false)", [tenant.tenantID])
        #expect(throws: PostgresError.self) {
            try application.query(
                "insert into audit_log (tenant_id, at, action, outcome, prev_hash, hash, chain_position) values ($1, now(), 'forged', 'allowed', 'x', 'y', 1)",
                [UUID(uuidString: tenant.tenantID)!])
        }
        #expect(throws: PostgresError.self) { try application.query("update audit_heads set last_hash = 'x'") }

        // Tampering by someone with more rights shows, naming the first broken row.
        let target: Int64 = try #require(try database.query(
            "select id from audit_log where client_ref = $1 and outcome = 'denied'", [UUID(uuidString: client.id)!]
        ).first?.decode("id"))
        try database.query("update audit_log set outcome = 'allowed' where id = $1", [target])
        do {
            _ = try system.cli(["audit", "verify", "--tenant", tenant.tenantID])
            Issue.record("audit verify accepted a tampered chain")
        } catch let failure as TestFailure {
            #expect(failure.description.contains(#""first_broken_id":\#(target)"#), "\(failure)")
        }
    }

    @Test("a tenant's writes at once are all chained into one unbroken chain; a removed row shows")
    func auditChainUnderConcurrentWrites() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        var clients: [TenantFixture.Person] = []
        for index in 1...6 { clients.append(try await tenant.createClient(by: therapist, name: "Samtidig \(index)")) }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, client) in clients.enumerated() {
                for number in 1...8 {
                    group.addTask {
                        try await system.api.post("/api/v1/me/registrations", registration("Samtidig \(index)-\(number)"), token: client.token).status
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
        let verified = try system.cli(["audit", "verify", "--tenant", tenant.tenantID])
        #expect(verified.contains(#""ok":true"#), "\(verified)")

        let database = try system.database()
        defer { database.close() }
        let tenantID = UUID(uuidString: tenant.tenantID)!
        let chain = try database.query(
            "select count(*) as n, min(chain_position) as first, max(chain_position) as last from audit_log where tenant_id = $1 and hash is not null",
            [tenantID]
        ).first
        let count: Int = try #require(try chain?.decode("n"))
        #expect(count >= 48)
        #expect(try chain?.decode("first", as: Int.self) == 1 && chain?.decode("last", as: Int.self) == count)

        // Someone with the owner's rights removes a row from the middle: the next one is named.
        let middle = try #require(try database.query(
            "select id, chain_position from audit_log where tenant_id = $1 and chain_position = $2", [tenantID, count / 2]
        ).first)
        let next: Int64 = try #require(try database.query(
            "select id from audit_log where tenant_id = $1 and chain_position = $2", [tenantID, count / 2 + 1]
        ).first?.decode("id"))
        try database.query("delete from audit_log where id = $1", [try middle.decode("id", as: Int64.self)])
        do {
            let output = try system.cli(["audit", "verify", "--tenant", tenant.tenantID])
            Issue.record("audit verify accepted a chain with a row removed: \(output)")
        } catch let failure as TestFailure {
            #expect(failure.description.contains(#""first_broken_id":\#(next)"#), "\(failure)")
        }
    }
}
