import Foundation
import Postgres
import Testing

/// Goals and agreements, the colour scale and reflection sheets: written by the client's
/// therapist (or a tenant admin), read by the client through `/me/…`.
@Suite(.runningSystem)
struct GoalsAndSheetsTests {
    /// A tenant with a therapist and their client, a colleague who is not responsible for the
    /// client, and the admin of another tenant.
    struct People {
        let tenant: TenantFixture
        let therapist: TenantFixture.Person
        let client: TenantFixture.Person
        let colleague: TenantFixture.Person
        let stranger: TenantFixture.Person

        var clientUUID: UUID { UUID(uuidString: client.id)! }

        static func make(_ system: SystemUnderTest) async throws -> People {
            let tenant = try await TenantFixture.create(on: system)
            let therapist = try await tenant.createTherapist()
            let client = try await tenant.createClient(by: therapist)
            let colleague = try await tenant.createTherapist(name: "Kurt Kollega")
            let other = try await TenantFixture.create(on: system)
            return People(tenant: tenant, therapist: therapist, client: client, colleague: colleague, stranger: other.admin)
        }
    }

    static let unknownID = "00000000-0000-4000-8000-000000000000"

    /// Who may not use a staff endpoint, and what they get: no token 401, the client 403,
    /// another therapist of the tenant and another tenant's admin 404.
    static func expectRefusedToOthers(_ system: SystemUnderTest, _ people: People, _ method: String, _ path: String,
                                      json: Any? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let cases: [(String?, Int, String)] = [
            (nil, 401, "no token"), (people.client.token, 403, "the client"),
            (people.colleague.token, 404, "another therapist"), (people.stranger.token, 404, "another tenant's admin"),
        ]
        for (token, status, who) in cases {
            let response = try await system.api.send(method, path, json: json, token: token)
            #expect(response.status == status, "\(method) \(path) as \(who): \(response.text)", sourceLocation: sourceLocation)
        }
    }

    /// Each body is refused with 400 naming exactly its field.
    static func expectInvalid(_ system: SystemUnderTest, _ method: String, _ path: String, token: String,
                              _ cases: [([String: Any], String)], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (body, field) in cases {
            let response = try await system.api.send(method, path, json: body, token: token)
            #expect(response.status == 400 && response.errorFields == [field], "\(field): \(response.text)", sourceLocation: sourceLocation)
        }
    }

    static func rows(_ system: SystemUnderTest, _ table: String, of clientID: UUID) throws -> Int {
        // The table names are the literals of these tests, never input.
        try system.count("select count(*)::int as count from \(table) where client_id = $1", [clientID])
    }

    // MARK: Goals

    @Test("a therapist sets, changes and removes goals; the client reads them")
    func goals() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/goals"

        let short = try await system.api.post(path, ["kind": "short_term", "text": "Gå en tur hver morgen", "target_date": "2027-03-01"],
                                              token: people.therapist.token)
        #expect(short.status == 201, "\(short.text)")
        #expect(short.object["kind"] as? String == "short_term")
        #expect(short.object["text"] as? String == "Gå en tur hver morgen")
        #expect(short.object["status"] as? String == "active")
        #expect(short.object["target_date"] as? String == "2027-03-01")
        #expect(short.object["client_id"] as? String == people.client.id)
        #expect(short.object["created_at"] is String && short.object["updated_at"] is String)
        let goalID = try #require(short.object["id"] as? String)

        // A tenant admin may work with every client of the tenant.
        let long = try await system.api.post(path, ["kind": "long_term", "text": "Arbejde 20 timer om ugen"], token: people.tenant.admin.token)
        #expect(long.status == 201, "\(long.text)")
        #expect(long.object["target_date"] is NSNull)

        let listed = try await system.api.get(path, token: people.therapist.token)
        #expect(listed.status == 200)
        #expect(listed.array.compactMap { $0["text"] as? String } == ["Gå en tur hver morgen", "Arbejde 20 timer om ugen"])

        let achieved = try await system.api.send("PATCH", "\(path)/\(goalID)", json: ["status": "achieved", "target_date": NSNull()],
                                                 token: people.therapist.token)
        #expect(achieved.status == 200, "\(achieved.text)")
        #expect(achieved.object["status"] as? String == "achieved")
        #expect(achieved.object["target_date"] is NSNull)
        #expect(achieved.object["text"] as? String == "Gå en tur hver morgen")
        let reworded = try await system.api.send("PATCH", "\(path)/\(goalID)", json: ["text": "Gå en tur hver dag", "target_date": "2027-04-01"],
                                                 token: people.therapist.token)
        #expect(reworded.object["text"] as? String == "Gå en tur hver dag" && reworded.object["target_date"] as? String == "2027-04-01")
        #expect(reworded.object["status"] as? String == "achieved")

        let mine = try await system.api.get("/api/v1/me/goals", token: people.client.token)
        #expect(mine.status == 200)
        #expect(mine.array.first?["text"] as? String == "Gå en tur hver dag")
        #expect(mine.array.count == 2)

        #expect(try await system.api.send("DELETE", "\(path)/\(goalID)", token: people.therapist.token).status == 204)
        #expect(try await system.api.send("DELETE", "\(path)/\(goalID)", token: people.therapist.token).status == 404)
        #expect(try await system.api.get(path, token: people.therapist.token).array.count == 1)

        // Stored sealed, audited.
        let database = try system.database()
        defer { database.close() }
        let plain = try database.query(
            "select count(*)::int as count from goals where position(convert_to($1, 'UTF8') in text_enc) > 0", ["Arbejde 20 timer"]
        ).first?.decode("count", as: Int.self)
        #expect(plain == 0)
        for action in ["goal.create", "goal.list", "goal.update", "goal.delete"] {
            let audited = try system.count(
                "select count(*)::int as count from audit_log where client_ref = $1 and action = $2 and outcome = 'allowed'",
                [people.clientUUID, action])
            #expect(audited >= 1, "\(action) is audited")
        }
    }

    @Test("bad goal input is refused naming the field, and nothing is stored")
    func badGoals() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/goals"
        let created = try await system.api.post(path, ["kind": "short_term", "text": "Hvile efter frokost"], token: people.therapist.token)
        let goalID = try #require(created.object["id"] as? String)

        let bad: [([String: Any], String)] = [
            (["kind": "someday", "text": "x"], "kind"),
            (["kind": "short_term", "text": " "], "text"),
            (["kind": "short_term", "text": String(repeating: "x", count: 2001)], "text"),
            (["kind": "short_term", "text": "x", "target_date": "2027-02-30"], "target_date"),
            (["text": "x"], "kind"),
        ]
        try await Self.expectInvalid(system, "POST", path, token: people.therapist.token, bad)
        let badChanges: [([String: Any], String)] = [
            (["status": "paused"], "status"), ([:], "body"), (["text": ""], "text"), (["target_date": "1800-01-01"], "target_date"),
        ]
        try await Self.expectInvalid(system, "PATCH", "\(path)/\(goalID)", token: people.therapist.token, badChanges)
        #expect(try Self.rows(system, "goals", of: people.clientUUID) == 1)
        let goal = try await system.api.get(path, token: people.therapist.token).array.first
        #expect(goal?["text"] as? String == "Hvile efter frokost" && goal?["status"] as? String == "active")
    }

    @Test("only the client's therapist and the tenant's admins work with goals")
    func goalAccess() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/goals"
        let created = try await system.api.post(path, ["kind": "long_term", "text": "Holde fri i weekenden"], token: people.therapist.token)
        let goalID = try #require(created.object["id"] as? String)

        try await Self.expectRefusedToOthers(system, people, "GET", path)
        try await Self.expectRefusedToOthers(system, people, "POST", path, json: ["kind": "short_term", "text": "Snyd"])
        try await Self.expectRefusedToOthers(system, people, "PATCH", "\(path)/\(goalID)", json: ["status": "dropped"])
        try await Self.expectRefusedToOthers(system, people, "DELETE", "\(path)/\(goalID)")
        #expect(try await system.api.get("/api/v1/me/goals").status == 401)
        #expect(try await system.api.get("/api/v1/me/goals", token: people.therapist.token).status == 403)

        // Ids that name nothing: not a UUID, unknown, or another client's goal.
        let other = try await people.tenant.createClient(by: people.therapist, name: "Anden Klient")
        let otherPath = "/api/v1/clients/\(other.id)/goals"
        for (method, target) in [("PATCH", "/api/v1/clients/not-a-uuid/goals/\(goalID)"), ("PATCH", "\(path)/not-a-uuid"),
                                 ("PATCH", "\(path)/\(Self.unknownID)"), ("PATCH", "\(otherPath)/\(goalID)"),
                                 ("DELETE", "\(otherPath)/\(goalID)"), ("DELETE", "\(path)/42")] {
            let response = try await system.api.send(method, target, json: method == "PATCH" ? ["status": "dropped"] : nil, token: people.therapist.token)
            #expect(response.status == 404, "\(method) \(target): \(response.text)")
        }
        #expect(try await system.api.get("/api/v1/clients/not-a-uuid/goals", token: people.therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/\(Self.unknownID)/goals", token: people.therapist.token).status == 404)

        let goals = try await system.api.get(path, token: people.therapist.token).array
        #expect(goals.count == 1 && goals.first?["status"] as? String == "active")
        #expect(try Self.rows(system, "goals", of: UUID(uuidString: other.id)!) == 0)
        let denied = try system.count(
            "select count(*)::int as count from audit_log where client_ref = $1 and outcome = 'denied' and action like 'goal.%'",
            [people.clientUUID])
        #expect(denied >= 4)
    }

    // MARK: Colour scale

    static var twoLevels: [String: Any] {
        ["levels": [
            ["color": "#00aa00", "label": "Oplader", "statements": ["Jeg får energi"], "symptoms": []],
            ["color": "#CC0000", "label": "Tapper", "statements": ["Jeg bliver træt"], "symptoms": ["Hovedpine", "Svimmelhed"]],
        ]]
    }

    @Test("the colour scale is the standard one until the therapist sets the client's own")
    func colorScale() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/color-scale"

        let standard = try await system.api.get(path, token: people.therapist.token)
        #expect(standard.status == 200, "\(standard.text)")
        #expect(standard.object["is_default"] as? Bool == true)
        let standardLevels = standard.object["levels"] as? [[String: Any]] ?? []
        #expect(standardLevels.compactMap { $0["label"] as? String } == ["Giver energi", "Neutral", "Dræner"])
        #expect(standardLevels.compactMap { $0["color"] as? String } == ["#2E7D32", "#F9A825", "#C62828"])
        #expect(try await system.api.get("/api/v1/me/color-scale", token: people.client.token).object["is_default"] as? Bool == true)

        // Before the client's own scale, level 2 of the standard scale is fine.
        #expect(try await system.api.post("/api/v1/me/registrations", registration("Indkøb", level: 2), token: people.client.token).status == 201)

        let set = try await system.api.send("PUT", path, json: Self.twoLevels, token: people.therapist.token)
        #expect(set.status == 200, "\(set.text)")
        #expect(set.object["is_default"] as? Bool == false)
        let levels = set.object["levels"] as? [[String: Any]] ?? []
        #expect(levels.compactMap { $0["color"] as? String } == ["#00AA00", "#CC0000"])
        #expect(levels.last?["symptoms"] as? [String] == ["Hovedpine", "Svimmelhed"])

        let mine = try await system.api.get("/api/v1/me/color-scale", token: people.client.token)
        #expect(mine.status == 200)
        #expect(mine.object["is_default"] as? Bool == false)
        #expect((mine.object["levels"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["Oplader", "Tapper"])

        // Registrations now count levels on the client's own two-level scale.
        let before = try Self.rows(system, "registrations", of: people.clientUUID)
        let outside = try await system.api.post("/api/v1/me/registrations", registration("Rengøring", level: 2), token: people.client.token)
        #expect(outside.status == 400 && outside.errorFields == ["level"], "\(outside.text)")
        let far = try await system.api.post("/api/v1/me/registrations", registration("Rengøring", level: 6), token: people.client.token)
        #expect(far.status == 400 && far.errorFields == ["level"], "\(far.text)")
        #expect(try Self.rows(system, "registrations", of: people.clientUUID) == before)
        #expect(try await system.api.post("/api/v1/me/registrations", registration("Rengøring", level: 1), token: people.client.token).status == 201)

        // A new scale replaces the old one; the admin may set it too.
        var three = Self.twoLevels
        three["levels"] = (Self.twoLevels["levels"] as! [[String: Any]]) + [["color": "#000000", "label": "Udmattet"]]
        let replaced = try await system.api.send("PUT", path, json: three, token: people.tenant.admin.token)
        #expect(replaced.status == 200 && (replaced.object["levels"] as? [Any])?.count == 3, "\(replaced.text)")
        #expect(try Self.rows(system, "color_scales", of: people.clientUUID) == 1)
        #expect(try await system.api.post("/api/v1/me/registrations", registration("Fest", level: 2), token: people.client.token).status == 201)

        let database = try system.database()
        defer { database.close() }
        let plain = try database.query(
            "select count(*)::int as count from color_scales where position(convert_to($1, 'UTF8') in scale_enc) > 0", ["Hovedpine"]
        ).first?.decode("count", as: Int.self)
        #expect(plain == 0)
    }

    @Test("a bad colour scale is refused naming the field, and the scale stays")
    func badColorScale() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/color-scale"
        #expect(try await system.api.send("PUT", path, json: Self.twoLevels, token: people.therapist.token).status == 200)

        let level: [String: Any] = ["color": "#123456", "label": "Niveau"]
        var longLabel = level
        longLabel["label"] = String(repeating: "l", count: 61)
        var manyStatements = level
        manyStatements["statements"] = (0...20).map { "udsagn \($0)" }
        var longSymptom = level
        longSymptom["symptoms"] = ["ok", String(repeating: "s", count: 301)]
        let bad: [([String: Any], String)] = [
            (["levels": [level]], "levels"),
            (["levels": Array(repeating: level, count: 7)], "levels"),
            (["levels": [level, ["color": "green", "label": "Grøn"]]], "levels[1].color"),
            (["levels": [level, ["color": "#12345", "label": "Kort"]]], "levels[1].color"),
            (["levels": [longLabel, level]], "levels[0].label"),
            (["levels": [level, manyStatements]], "levels[1].statements"),
            (["levels": [level, longSymptom]], "levels[1].symptoms[1]"),
            (["levels": [level, ["label": "Uden farve"]]], "levels[1].color"),
            ([:], "levels"),
        ]
        try await Self.expectInvalid(system, "PUT", path, token: people.therapist.token, bad)
        let scale = try await system.api.get(path, token: people.therapist.token)
        #expect((scale.object["levels"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["Oplader", "Tapper"])
        #expect(try Self.rows(system, "color_scales", of: people.clientUUID) == 1)
    }

    @Test("only the client's therapist and the tenant's admins work with the colour scale")
    func colorScaleAccess() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/color-scale"
        try await Self.expectRefusedToOthers(system, people, "GET", path)
        try await Self.expectRefusedToOthers(system, people, "PUT", path, json: Self.twoLevels)
        #expect(try await system.api.get("/api/v1/me/color-scale").status == 401)
        #expect(try await system.api.get("/api/v1/me/color-scale", token: people.therapist.token).status == 403)
        #expect(try await system.api.send("PUT", "/api/v1/clients/not-a-uuid/color-scale", json: Self.twoLevels, token: people.therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/\(Self.unknownID)/color-scale", token: people.therapist.token).status == 404)
        #expect(try Self.rows(system, "color_scales", of: people.clientUUID) == 0)
        #expect(try await system.api.get(path, token: people.tenant.admin.token).object["is_default"] as? Bool == true)
    }

    // MARK: Reflection sheets

    static var sheet: [String: Any] {
        ["title": "Uge 12", "items": [
            ["question": "Hvad gav dig energi i denne uge?", "answer": "Gåturen med hunden"],
            ["question": "Hvad vil du gøre anderledes?", "answer": ""],
        ]]
    }

    @Test("a therapist writes reflection sheets; the client reads them")
    func reflectionSheets() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/reflection-sheets"

        let created = try await system.api.post(path, Self.sheet, token: people.therapist.token)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.object["title"] as? String == "Uge 12")
        #expect(created.object["client_id"] as? String == people.client.id)
        let items = created.object["items"] as? [[String: Any]] ?? []
        #expect(items.compactMap { $0["question"] as? String } == ["Hvad gav dig energi i denne uge?", "Hvad vil du gøre anderledes?"])
        #expect(items.compactMap { $0["answer"] as? String } == ["Gåturen med hunden", ""])
        let sheetID = try #require(created.object["id"] as? String)
        #expect(try await system.api.post(path, ["title": "Uge 13", "items": [["question": "Hvordan sov du?", "answer": "Godt"]]],
                                          token: people.tenant.admin.token).status == 201)

        let retitled = try await system.api.send("PATCH", "\(path)/\(sheetID)", json: ["title": "Uge 12 (rettet)"], token: people.therapist.token)
        #expect(retitled.status == 200, "\(retitled.text)")
        #expect(retitled.object["title"] as? String == "Uge 12 (rettet)")
        #expect((retitled.object["items"] as? [Any])?.count == 2)
        let answered = try await system.api.send("PATCH", "\(path)/\(sheetID)", json: [
            "items": [["question": "Hvad vil du gøre anderledes?", "answer": "Holde flere pauser"]],
        ], token: people.therapist.token)
        #expect(answered.status == 200)
        #expect(answered.object["title"] as? String == "Uge 12 (rettet)")
        #expect((answered.object["items"] as? [[String: Any]])?.first?["answer"] as? String == "Holde flere pauser")

        let listed = try await system.api.get(path, token: people.therapist.token)
        #expect(listed.status == 200 && listed.array.compactMap { $0["title"] as? String } == ["Uge 12 (rettet)", "Uge 13"])
        let mine = try await system.api.get("/api/v1/me/reflection-sheets", token: people.client.token)
        #expect(mine.status == 200)
        #expect(mine.array.compactMap { $0["title"] as? String } == ["Uge 12 (rettet)", "Uge 13"])
        #expect((mine.array.first?["items"] as? [[String: Any]])?.first?["answer"] as? String == "Holde flere pauser")

        let database = try system.database()
        defer { database.close() }
        for (column, text) in [("title_enc", "Uge 13"), ("items_enc", "Holde flere pauser")] {
            // The column names are the literals above, never input.
            let plain = try database.query(
                "select count(*)::int as count from reflection_sheets where position(convert_to($1, 'UTF8') in \(column)) > 0", [text]
            ).first?.decode("count", as: Int.self)
            #expect(plain == 0, "\(column) holds plaintext")
        }
        for action in ["reflection_sheet.create", "reflection_sheet.update", "reflection_sheet.list"] {
            #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1 and action = $2",
                                     [people.clientUUID, action]) >= 1, "\(action) is audited")
        }
    }

    @Test("a bad reflection sheet is refused naming the field, and nothing is stored")
    func badReflectionSheets() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/reflection-sheets"
        let created = try await system.api.post(path, Self.sheet, token: people.therapist.token)
        let sheetID = try #require(created.object["id"] as? String)

        let item: [String: Any] = ["question": "Q", "answer": "A"]
        let bad: [([String: Any], String)] = [
            (["title": "", "items": [item]], "title"),
            (["title": String(repeating: "t", count: 201), "items": [item]], "title"),
            (["title": "T", "items": [[String: Any]]()], "items"),
            (["title": "T", "items": Array(repeating: item, count: 51)], "items"),
            (["title": "T", "items": [item, ["question": "", "answer": "A"]]], "items[1].question"),
            (["title": "T", "items": [["question": String(repeating: "q", count: 1001), "answer": ""]]], "items[0].question"),
            (["title": "T", "items": [["question": "Q", "answer": String(repeating: "a", count: 5001)]]], "items[0].answer"),
            (["title": "T", "items": [["question": "Q"]]], "items[0].answer"),
            (["items": [item]], "title"),
        ]
        try await Self.expectInvalid(system, "POST", path, token: people.therapist.token, bad)
        let badChanges: [([String: Any], String)] = [([:], "body"), (["title": " "], "title"), (["items": [[String: Any]]()], "items")]
        try await Self.expectInvalid(system, "PATCH", "\(path)/\(sheetID)", token: people.therapist.token, badChanges)
        #expect(try Self.rows(system, "reflection_sheets", of: people.clientUUID) == 1)
        let stored = try await system.api.get(path, token: people.therapist.token).array.first
        #expect(stored?["title"] as? String == "Uge 12" && (stored?["items"] as? [Any])?.count == 2)
    }

    @Test("only the client's therapist and the tenant's admins work with reflection sheets")
    func reflectionSheetAccess() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let path = "/api/v1/clients/\(people.client.id)/reflection-sheets"
        let created = try await system.api.post(path, Self.sheet, token: people.therapist.token)
        let sheetID = try #require(created.object["id"] as? String)

        try await Self.expectRefusedToOthers(system, people, "GET", path)
        try await Self.expectRefusedToOthers(system, people, "POST", path, json: Self.sheet)
        try await Self.expectRefusedToOthers(system, people, "PATCH", "\(path)/\(sheetID)", json: ["title": "Overtaget"])
        #expect(try await system.api.get("/api/v1/me/reflection-sheets").status == 401)
        #expect(try await system.api.get("/api/v1/me/reflection-sheets", token: people.therapist.token).status == 403)

        let other = try await people.tenant.createClient(by: people.therapist, name: "Anden Klient")
        for target in ["/api/v1/clients/\(other.id)/reflection-sheets/\(sheetID)", "\(path)/\(Self.unknownID)", "\(path)/not-a-uuid",
                       "/api/v1/clients/not-a-uuid/reflection-sheets/\(sheetID)"] {
            let response = try await system.api.send("PATCH", target, json: ["title": "Forkert"], token: people.therapist.token)
            #expect(response.status == 404, "\(target): \(response.text)")
        }
        #expect(try await system.api.get("/api/v1/clients/\(Self.unknownID)/reflection-sheets", token: people.tenant.admin.token).status == 404)
        let sheets = try await system.api.get(path, token: people.therapist.token).array
        #expect(sheets.count == 1 && sheets.first?["title"] as? String == "Uge 12")
        // The other client sees nothing of this client's sheet.
        #expect(try await system.api.get("/api/v1/me/reflection-sheets", token: other.token).array.isEmpty)
    }

    // MARK: Deletion

    @Test("deleting a client removes their goals, colour scale and reflection sheets")
    func deletionRemovesEverything() async throws {
        let system = try SystemUnderTest.require()
        let people = try await People.make(system)
        let base = "/api/v1/clients/\(people.client.id)"
        let keep = try await people.tenant.createClient(by: people.therapist, name: "Bliver Her")
        for client in [people.client.id, keep.id] {
            let path = "/api/v1/clients/\(client)"
            #expect(try await system.api.post("\(path)/goals", ["kind": "short_term", "text": "Mål"], token: people.therapist.token).status == 201)
            #expect(try await system.api.send("PUT", "\(path)/color-scale", json: Self.twoLevels, token: people.therapist.token).status == 200)
            #expect(try await system.api.post("\(path)/reflection-sheets", Self.sheet, token: people.therapist.token).status == 201)
        }
        for table in ["goals", "color_scales", "reflection_sheets"] {
            #expect(try Self.rows(system, table, of: people.clientUUID) == 1)
        }

        #expect(try await system.api.send("DELETE", base, token: people.therapist.token).status == 204)
        for table in ["goals", "color_scales", "reflection_sheets"] {
            #expect(try Self.rows(system, table, of: people.clientUUID) == 0, "\(table) still holds the deleted client's rows")
            #expect(try Self.rows(system, table, of: UUID(uuidString: keep.id)!) == 1, "\(table) lost another client's rows")
        }
        #expect(try await system.api.get("\(base)/goals", token: people.therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/me/goals", token: people.client.token).status == 401)
    }
}
