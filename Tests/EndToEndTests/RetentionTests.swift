import Foundation
import MDMECore
import Postgres
import Synchronization
import Testing

/// Automatic deletion after inactivity (DOMAIN.md, "Retention"), driven by
/// `mdme retention sweep --as-of …` over a series of dates. Each test has a system of its own:
/// a sweep months ahead would delete every other test's clients.
@Suite(.serialized)
struct RetentionTests {
    struct Summary: Equatable, CustomStringConvertible {
        var first = 0, second = 0, deleted = 0
        var description: String { "first \(first), second \(second), deleted \(deleted)" }
    }

    static func sweep(_ system: SystemUnderTest, _ asOf: String) throws -> Summary {
        try parse(try system.cli(["retention", "sweep", "--as-of", asOf]))
    }

    /// The summary line (the CLI's diagnostics share the test's output file).
    static func parse(_ output: String) throws -> Summary {
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix(#"{"warned_first""#) }, "\(output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int])
        #expect(Set(object.keys) == ["warned_first", "warned_second", "deleted"])
        return Summary(first: object["warned_first"] ?? -1, second: object["warned_second"] ?? -1, deleted: object["deleted"] ?? -1)
    }

    /// Moves a client's history into the past, as the superuser.
    static func setInactive(_ system: SystemUnderTest, _ clientID: String, created: String, lastActivity: String?) throws {
        let database = try system.database()
        defer { database.close() }
        try database.query("update clients set created_at = $2, last_activity_at = $3 where id = $1",
                           [UUID(uuidString: clientID)!, RFC3339.parse(created)!, lastActivity.flatMap(RFC3339.parse)])
    }

    /// Every place in the database that still names the client, apart from what DOMAIN.md
    /// keeps: audit rows, the tombstone and the "client deleted" notice — and the pseudonymous
    /// actor id of the client's own handled messages in the inbox (dedupe rows without their
    /// replies, pruned after `messaging.inbox_retention_hours`).
    static func remnants(_ system: SystemUnderTest, of clientID: String) throws -> [String] {
        let database = try system.database()
        defer { database.close() }
        let columns = try database.query(
            """
            select table_name::text as t, column_name::text as c, data_type::text as type from information_schema.columns
            where table_schema = 'public' and data_type in ('uuid', 'text', 'jsonb', 'json')
              and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
            """
        )
        var found: [String] = []
        for column in columns {
            let table: String = try column.decode("t")
            let name: String = try column.decode("c")
            if table == "audit_log" || ["client_tombstones.client_id", "inbox.actor_id"].contains("\(table).\(name)") { continue }
            // Identifiers from the catalog, quoted by PostgreSQL's format(); the value is a parameter.
            let exclusion = table == "notifications" ? " and kind <> 'retention.client_deleted'" : ""
            let sql = try database.query(
                "select format('select count(*)::int as count from %I where %I::text ilike $1', $1::text, $2::text) || $3 as sql",
                [table, name, exclusion]
            ).first!.decode("sql", as: String.self)
            let count = try database.query(sql, ["%" + clientID + "%"]).first?.decode("count", as: Int.self) ?? 0
            if count > 0 { found.append("\(table).\(name): \(count)") }
        }
        return found
    }

    static func notices(_ system: SystemUnderTest, _ person: TenantFixture.Person) async throws -> [(kind: String, client: String, text: String)] {
        let response = try await system.api.get("/api/v1/notifications", token: person.token)
        #expect(response.status == 200, "\(response.text)")
        return response.array.map { ($0["kind"] as? String ?? "", $0["client_ref"] as? String ?? "", $0["text"] as? String ?? "") }
    }

    @Test("a year of sweeps: each warning once, a registration starts a new period, deletion is complete; in-app and by event")
    func timeline() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        // The worker sweeps on the real clock; this test steps through its own dates.
        system.stop(.retention)
        let tenant = try await TenantFixture.create(on: system, mailMode: "none")
        let therapist = try await tenant.createTherapist()
        let a = try await tenant.createClient(by: therapist, name: "Alma Aktiv")
        let b = try await tenant.createClient(by: therapist, name: "Bent Begyndt")
        let c = try await tenant.createClient(by: therapist, name: "Carl Comeback")
        let d = try await tenant.createClient(by: therapist, name: "Dorte Dagligt")
        // A registration through the API counts as activity (the real clock; moved below).
        let registered = try await system.api.post("/api/v1/me/registrations", registration("Gåtur"), token: a.token)
        #expect(registered.status == 201 || registered.status == 200, "\(registered.text)")

        let mailing = try await TenantFixture.create(on: system, mailMode: "provider")
        // Where the tenant sends mail, invitations go by mail: the admin is E's therapist.
        let mailTherapist = mailing.admin
        let eEmail = "erik-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let createdE = try await system.api.post("/api/v1/clients", [
            "name": "Erik Email", "gender": "male", "birth_date": "1970-05-06", "email": eEmail,
        ], token: mailing.admin.token)
        #expect(createdE.status == 201, "\(createdE.text)")
        let e = TenantFixture.Person(id: try #require(createdE.object["id"] as? String), email: eEmail, token: "")
        let warnings = try EventCapture(system: system, routingKey: "retention.warning_due")
        defer { warnings.close() }
        let deletions = try EventCapture(system: system, routingKey: "retention.client_deleted")
        defer { deletions.close() }

        // Copenhagen time: A last active 31 October 10:00 (first warning 31 January, second
        // 21 February, deletion 28 February — the month end clamps); B never registered,
        // created 15 November; C active 1 November, registers again on 5 February after its
        // first warning; D active 20 January; E (mail mode provider) active 20 November.
        try Self.setInactive(system, a.id, created: "2026-06-01T08:00:00Z", lastActivity: "2026-10-31T09:00:00Z")
        try Self.setInactive(system, b.id, created: "2026-11-15T12:00:00Z", lastActivity: nil)
        try Self.setInactive(system, c.id, created: "2026-06-01T08:00:00Z", lastActivity: "2026-11-01T09:00:00Z")
        try Self.setInactive(system, d.id, created: "2026-06-01T08:00:00Z", lastActivity: "2027-01-20T09:00:00Z")
        try Self.setInactive(system, e.id, created: "2026-06-01T08:00:00Z", lastActivity: "2026-11-20T09:00:00Z")

        let status = try system.cli(["retention", "status", "--as-of", "2027-01-31T09:00:00Z"])
        #expect(status.contains(#"{"due":{"first_warning":1,"second_warning":0,"deletion":0},"next_due_at":"2027-02-01T09:00:00Z"}"#), "\(status)")

        #expect(try Self.sweep(system, "2027-01-30T00:00:00Z") == Summary())
        #expect(try Self.sweep(system, "2027-01-31T08:59:59Z") == Summary())
        #expect(try Self.sweep(system, "2027-01-31T09:00:00Z") == Summary(first: 1))
        #expect(try Self.sweep(system, "2027-01-31T09:00:00Z") == Summary())
        let firstNotice = try #require(try await Self.notices(system, therapist).first)
        #expect(firstNotice.kind == "retention.first_warning" && firstNotice.client == a.id)
        #expect(firstNotice.text.contains(String(a.id.prefix(8))) && firstNotice.text.contains("2027-02-28"))
        #expect(!firstNotice.text.contains("Alma") && !firstNotice.text.contains(a.id))

        #expect(try Self.sweep(system, "2027-02-01T09:00:00Z") == Summary(first: 1)) // C
        // C registers on 5 February: a new period; its second warning and deletion do not come.
        try Self.setInactive(system, c.id, created: "2026-06-01T08:00:00Z", lastActivity: "2027-02-05T10:00:00Z")
        #expect(try Self.sweep(system, "2027-02-15T12:00:00Z") == Summary(first: 1)) // B
        #expect(try Self.sweep(system, "2027-02-20T09:00:00Z") == Summary(first: 1)) // E, by event
        #expect(try Self.sweep(system, "2027-02-21T09:00:00Z") == Summary(second: 1)) // A
        #expect(try Self.sweep(system, "2027-02-21T09:00:00Z") == Summary())
        #expect(try Self.sweep(system, "2027-02-28T09:00:00Z") == Summary(deleted: 1)) // A
        #expect(try Self.sweep(system, "2027-03-08T12:00:00Z") == Summary(second: 1)) // B
        #expect(try Self.sweep(system, "2027-03-13T09:00:00Z") == Summary(second: 1)) // E
        #expect(try Self.sweep(system, "2027-03-15T12:00:00Z") == Summary(deleted: 1)) // B
        #expect(try Self.sweep(system, "2027-03-20T09:00:00Z") == Summary(deleted: 1)) // E
        #expect(try Self.sweep(system, "2027-04-05T00:00:00Z") == Summary())
        // D's first warning (20 April) and C's in its new period (5 May, 11:00 summer time).
        #expect(try Self.sweep(system, "2027-05-05T08:59:59Z") == Summary(first: 1))
        #expect(try Self.sweep(system, "2027-05-05T09:00:00Z") == Summary(first: 1))
        #expect(try Self.sweep(system, "2027-05-05T09:00:00Z") == Summary())

        // In-app, to the responsible therapist: the warnings about deleted clients went with
        // them; each "deleted" notice once; C warned once per period.
        let notices = try await Self.notices(system, therapist)
        func kinds(_ person: TenantFixture.Person) -> [String] { notices.filter { $0.client == person.id }.map(\.kind).sorted() }
        #expect(kinds(a) == ["retention.client_deleted"])
        #expect(kinds(b) == ["retention.client_deleted"])
        #expect(kinds(c) == ["retention.first_warning", "retention.first_warning"])
        #expect(kinds(d) == ["retention.first_warning"])
        for notice in notices {
            #expect(!["Alma", "Bent", "Carl", "Dorte"].contains { notice.text.contains($0) }, "\(notice.text)")
        }
        #expect(try system.count("select count(*)::int as count from retention_warnings where client_id = $1", [UUID(uuidString: c.id)!]) == 2)

        // By event where the tenant sends mail, ids and the short reference only.
        let first = try warnings.next(), second = try warnings.next(), deleted = try deletions.next()
        #expect(first.payload["warning"] as? String == "first_warning")
        #expect(second.payload["warning"] as? String == "second_warning")
        #expect(second.payload["deletion_on"] as? String == "2027-03-20")
        for event in [first, second, deleted] {
            #expect(event.payload["client_id"] as? String == e.id)
            #expect(event.payload["therapist_id"] as? String == mailTherapist.id)
            #expect(event.payload["tenant_id"] as? String == mailing.tenantID)
            #expect(event.payload["client_reference"] as? String == String(e.id.prefix(8)))
            #expect(!event.body.contains("Erik") && !event.body.contains(e.email))
        }
        #expect(try warnings.nothingMore(within: .seconds(1)) && deletions.nothingMore(within: .seconds(1)))
        #expect(try await Self.notices(system, mailTherapist).isEmpty)

        // Deleted: gone from the API and from every table, but for the tombstone and audit rows.
        for gone in [a, b] {
            #expect(try await system.api.get("/api/v1/clients/\(gone.id)", token: therapist.token).status == 404)
            let left = try Self.remnants(system, of: gone.id)
            #expect(left.isEmpty, "\(left)")
        }
        let leftOfE = try Self.remnants(system, of: e.id)
        #expect(leftOfE.isEmpty, "\(leftOfE)")
        #expect(try await system.api.get("/api/v1/clients/\(c.id)", token: therapist.token).status == 200)
        #expect(try system.count("select count(*)::int as count from client_tombstones where reason = 'retention'") == 3)
        #expect(try system.count("select count(*)::int as count from audit_log where action = 'client.delete.retention'") == 3)
        #expect(try system.cli(["audit", "verify"]).contains(#""ok":true"#))
    }

    @Test("sweeps racing, one of them killed: still each warning and each deletion exactly once")
    func concurrentSweeps() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        system.stop(.retention)
        let tenant = try await TenantFixture.create(on: system, mailMode: "none")
        let therapist = try await tenant.createTherapist()
        var clients: [TenantFixture.Person] = []
        for index in 0..<12 {
            let client = try await tenant.createClient(by: therapist, name: "Klient \(index)")
            try Self.setInactive(system, client.id, created: "2026-06-01T08:00:00Z", lastActivity: "2026-10-15T\(String(format: "%02d", index)):00:00Z")
            clients.append(client)
        }
        let mdme = system.environment.binDirectory.appendingPathComponent("mdme").path
        func race(_ asOf: String) throws -> [Summary] {
            // One sweep killed as soon as it started, three more at once.
            let victim = try Subprocess.spawn(mdme, ["retention", "sweep", "--as-of", asOf], environment: system.processEnvironment)
            usleep(30_000)
            victim.signal(SIGKILL)
            victim.wait()
            let outputs = Array(repeating: "", count: 3)
            let results = Mutex(outputs)
            DispatchQueue.concurrentPerform(iterations: 3) { index in
                let output = (try? system.cli(["retention", "sweep", "--as-of", asOf])) ?? ""
                results.withLock { $0[index] = output }
            }
            return try results.withLock { $0 }.map(Self.parse)
        }
        // Active on 15 October between 00:00Z and 11:00Z: first warnings due on 15 January,
        // second on 8 February, deletion on 15 February.
        _ = try race("2027-01-16T00:00:00Z")
        #expect(try system.count("select count(*)::int as count from retention_warnings where kind = 'first_warning'") == 12)
        var notices = try await Self.notices(system, therapist)
        #expect(notices.count == 12 && Set(notices.map(\.client)) == Set(clients.map(\.id)))
        _ = try race("2027-02-09T00:00:00Z")
        #expect(try system.count("select count(*)::int as count from retention_warnings where kind = 'second_warning'") == 12)
        notices = try await Self.notices(system, therapist)
        #expect(notices.count == 24)
        _ = try race("2027-02-16T00:00:00Z")
        notices = try await Self.notices(system, therapist)
        #expect(notices.count == 12 && notices.allSatisfy { $0.kind == "retention.client_deleted" })
        #expect(Set(notices.map(\.client)) == Set(clients.map(\.id)))
        #expect(try system.count("select count(*)::int as count from clients") == 0)
        #expect(try system.count("select count(*)::int as count from client_tombstones") == 12)
    }

    @Test("three mdme-retention workers on the real clock, one killed at once: each step exactly once")
    func workers() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        system.stop(.retention)
        let tenant = try await TenantFixture.create(on: system, mailMode: "none")
        let therapist = try await tenant.createTherapist()
        let gone = try await tenant.createClient(by: therapist, name: "Gerda Gammel")
        let warned = try await tenant.createClient(by: therapist, name: "Villy Varslet")
        let soon = try await tenant.createClient(by: therapist, name: "Sonja Snart")
        let fresh = try await tenant.createClient(by: therapist, name: "Frida Frisk")
        let database = try system.database()
        defer { database.close() }
        for (client, inactive) in [(gone, "5 months"), (warned, "3 months 2 days"), (soon, "4 months -3 days")] {
            try database.query("update clients set last_activity_at = now() - $2::interval where id = $1", [UUID(uuidString: client.id)!, inactive])
        }

        // Each worker sweeps as it starts.
        let mdmeRetention = system.environment.binDirectory.appendingPathComponent("mdme-retention").path
        let killed = try Subprocess.spawn(mdmeRetention, [], environment: system.processEnvironment)
        try system.start(.retention)
        let other = try Subprocess.spawn(mdmeRetention, [], environment: system.processEnvironment)
        usleep(20_000)
        killed.signal(SIGKILL)
        killed.wait()
        defer { other.signal(SIGTERM); other.wait() }

        var notices: [(kind: String, client: String, text: String)] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            notices = try await Self.notices(system, therapist)
            if notices.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .seconds(1))
        notices = try await Self.notices(system, therapist)
        let byClient = Dictionary(grouping: notices, by: \.client).mapValues { $0.map(\.kind) }
        #expect(byClient[gone.id] == ["retention.client_deleted"])
        #expect(byClient[warned.id] == ["retention.first_warning"])
        // Overdue steps collapse to the latest: the second warning, no first.
        #expect(byClient[soon.id] == ["retention.second_warning"])
        #expect(byClient[fresh.id] == nil && notices.count == 3)
        #expect(try await system.api.get("/api/v1/clients/\(gone.id)", token: therapist.token).status == 404)
        #expect(try system.count("select count(*)::int as count from client_tombstones where reason = 'retention'") == 1)
        #expect(system.stop(.retention) == 0, "a graceful stop exits 0")
    }
}
