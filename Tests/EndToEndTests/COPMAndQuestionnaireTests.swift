import Foundation
import MDMECore
import Testing

/// COPM assessments with their scores and change, and questionnaire assignments as the
/// therapist and the client see them.
@Suite(.runningSystem)
struct COPMAndQuestionnaireTests {
    /// A date `days` from today in the tenants' time zone (the fixtures keep the default).
    static func day(_ days: Int) -> String {
        CalendarDate(Date().addingTimeInterval(Double(days) * 86_400), in: TimeZone(identifier: "Europe/Copenhagen")!).description
    }

    /// An assessment body: one problem per (performance, satisfaction) pair.
    static func assessment(_ date: String, _ ratings: [(Int, Int)], label: String = "Problem") -> [String: Any] {
        ["assessed_on": date, "problems": ratings.enumerated().map { index, rating in
            ["description": "\(label) \(index + 1)", "importance": 8, "performance": rating.0, "satisfaction": rating.1] as [String: Any]
        }]
    }

    static func score(_ object: [String: Any], _ key: String) -> (value: Double?, display: String?) {
        let score = object[key] as? [String: Any]
        return (score?["value"] as? Double, score?["display"] as? String)
    }

    static func change(_ object: [String: Any], _ key: String) -> (value: Double?, display: String?, important: Bool?) {
        let change = (object["change"] as? [String: Any])?[key] as? [String: Any]
        return (change?["value"] as? Double, change?["display"] as? String, change?["clinically_important"] as? Bool)
    }

    // MARK: COPM

    @Test("COPM: scores are the means; change against the first is clinically important from exactly 2.0")
    func copmScoresAndChange() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let path = "/api/v1/clients/\(client.id)/copm"
        let empty = try await system.api.get(path, token: therapist.token)
        #expect(empty.status == 200 && empty.text == "[]", "\(empty.text)")

        // Performance 2.5, satisfaction 2.0.
        let first = try await system.api.post(path, Self.assessment(Self.day(-60), [(2, 2), (3, 2)], label: "Lave mad til familien"), token: therapist.token)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.object["client_id"] as? String == client.id)
        #expect(first.object["assessed_on"] as? String == Self.day(-60))
        #expect(Self.score(first.object, "performance_score") == (2.5, "2.5"))
        #expect(Self.score(first.object, "satisfaction_score") == (2.0, "2.0"))
        #expect(first.object.keys.contains("change") && first.object["change"] is NSNull)
        #expect(first.object["created_at"] is String && first.object["id"] is String)
        let problems = try #require(first.object["problems"] as? [[String: Any]])
        #expect(problems.map { $0["description"] as? String } == ["Lave mad til familien 1", "Lave mad til familien 2"])
        #expect(problems.first?["importance"] as? Int == 8 && problems.first?["performance"] as? Int == 2)

        // Performance 4.5 (+2.0 exactly: important), satisfaction 3.5 (+1.5).
        let second = try await system.api.post(path, Self.assessment(Self.day(-30), [(4, 3), (5, 4)]), token: therapist.token)
        #expect(second.status == 201, "\(second.text)")
        #expect(Self.score(second.object, "performance_score") == (4.5, "4.5"))
        #expect(Self.change(second.object, "performance") == (2.0, "2.0", true))
        #expect(Self.change(second.object, "satisfaction") == (1.5, "1.5", false))

        // By a tenant admin; five problems: performance 4.4 (+1.9: not important), satisfaction 4.4 (+2.4).
        let third = try await system.api.post(path, Self.assessment(Self.day(-1), [(4, 4), (4, 4), (4, 4), (5, 5), (5, 5)]), token: tenant.admin.token)
        #expect(third.status == 201, "\(third.text)")
        let performance = Self.change(third.object, "performance")
        #expect(performance.display == "1.9" && performance.important == false)
        #expect(abs((performance.value ?? 0) - 1.9) < 1e-9)
        let satisfaction = Self.change(third.object, "satisfaction")
        #expect(satisfaction.display == "2.4" && satisfaction.important == true)

        let list = try await system.api.get(path, token: therapist.token)
        #expect(list.status == 200)
        #expect(list.array.map { $0["id"] as? String } == [first, second, third].map { $0.object["id"] as? String })
        #expect(list.array.first?["change"] is NSNull)
        #expect(Self.change(list.array[1], "performance") == (2.0, "2.0", true))
        #expect(Self.change(list.array[2], "performance").important == false)
        #expect(try await system.api.get(path, token: tenant.admin.token).array.count == 3)

        // The descriptions are sealed; every read and write is in the audit log.
        #expect(try system.count("select count(*)::int as count from copm_assessments where client_id = $1::uuid", [client.id]) == 3)
        #expect(try system.count("select count(*)::int as count from copm_assessments t where t::text like '%Lave mad%'") == 0)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action = 'copm.create' and outcome = 'allowed'", [client.id]) == 3)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action = 'copm.list' and outcome = 'allowed'", [client.id]) == 3)
    }

    @Test("COPM: bad input gets a 400 naming the field and stores nothing")
    func copmBadInput() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let path = "/api/v1/clients/\(client.id)/copm"
        let cases: [(body: [String: Any], fields: [String])] = [
            (Self.assessment(Self.day(-1), [(11, 5)]), ["problems[0].performance"]),
            (Self.assessment(Self.day(-1), [(5, 5), (5, 0)]), ["problems[1].satisfaction"]),
            (Self.assessment(Self.day(-1), Array(repeating: (5, 5), count: 6)), ["problems"]),
            (Self.assessment(Self.day(-1), []), ["problems"]),
            // Tomorrow in the tenant's time zone, which the gateway's rough check may let through.
            (Self.assessment(Self.day(1), [(5, 5)]), ["assessed_on"]),
            (Self.assessment(Self.day(30), [(5, 5)]), ["assessed_on"]),
            (Self.assessment("2027-02-30", [(5, 5)]), ["assessed_on"]),
            (["problems": [["description": "x", "importance": 5, "performance": 5, "satisfaction": 5]]], ["assessed_on"]),
            (["assessed_on": Self.day(-1), "problems": [["description": " ", "importance": 5, "performance": 5, "satisfaction": 5]]], ["problems[0].description"]),
            (["assessed_on": Self.day(-1), "problems": [["description": "x", "importance": "høj", "performance": 5, "satisfaction": 5]]], ["problems[0].importance"]),
        ]
        for (body, fields) in cases {
            let answer = try await system.api.post(path, body, token: tenant.admin.token)
            #expect(answer.status == 400 && answer.errorCode == "validation_failed", "\(body): \(answer.text)")
            #expect(answer.errorFields == fields, "\(body)")
        }
        let malformed = try await system.api.send("POST", path, rawBody: Data(#"{"assessed_on": "#.utf8), token: tenant.admin.token,
                                                  headers: ["Content-Type": "application/json"])
        #expect(malformed.status == 400 && malformed.errorCode == "malformed_json")
        #expect(try await system.api.get(path, token: tenant.admin.token).array.isEmpty)
        #expect(try system.count("select count(*)::int as count from copm_assessments where client_id = $1::uuid", [client.id]) == 0)
    }

    @Test("COPM: 401 without a token, 403 for a client, 404 for another therapist's or tenant's client")
    func copmAuthorization() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Anden Kollega")
        let client = try await tenant.createClient(by: therapist)
        let otherTenant = try await TenantFixture.create(on: system)
        let path = "/api/v1/clients/\(client.id)/copm"
        let body = Self.assessment(Self.day(-1), [(5, 5)])

        #expect(try await system.api.get(path).status == 401)
        #expect(try await system.api.post(path, body).status == 401)
        #expect(try await system.api.get(path, token: client.token).status == 403)
        #expect(try await system.api.post(path, body, token: client.token).status == 403)
        for outsider in [colleague.token, otherTenant.admin.token] {
            #expect(try await system.api.get(path, token: outsider).status == 404)
            let posted = try await system.api.post(path, body, token: outsider)
            #expect(posted.status == 404 && posted.errorCode == "not_found")
        }
        let nobody = "/api/v1/clients/\(UUID().uuidString.lowercased())/copm"
        #expect(try await system.api.get(nobody, token: therapist.token).status == 404)
        #expect(try await system.api.post(nobody, body, token: therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/not-a-uuid/copm", token: therapist.token).status == 404)

        #expect(try system.count("select count(*)::int as count from copm_assessments where client_id = $1::uuid", [client.id]) == 0)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action like 'copm.%' and outcome = 'denied'", [client.id]) == 4)
        #expect(try await system.api.post(path, body, token: therapist.token).status == 201)
    }

    // MARK: Questionnaires

    @Test("questionnaires: the therapist assigns and lists them; the client sees their own in Danish or English")
    func questionnaireAssignments() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let path = "/api/v1/clients/\(client.id)/questionnaires"
        #expect(try await system.api.get(path, token: therapist.token).text == "[]")
        #expect(try await system.api.get("/api/v1/me/questionnaires", token: client.token).text == "[]")

        let mfi20 = try await system.api.post(path, ["instrument": "mfi20"], token: therapist.token)
        #expect(mfi20.status == 201, "\(mfi20.text)")
        let assigned = mfi20.object
        #expect(assigned["client_id"] as? String == client.id && assigned["instrument"] as? String == "mfi20")
        #expect(assigned["status"] as? String == "pending")
        #expect(assigned["scores"] is NSNull && assigned["submitted_at"] is NSNull)
        #expect(assigned["assigned_at"] is String)
        let mfiID = try #require(assigned["id"] as? String)
        let mfs = try await system.api.post(path, ["instrument": "mfs"], token: tenant.admin.token)
        #expect(mfs.status == 201, "\(mfs.text)")
        let mfsID = try #require(mfs.object["id"] as? String)
        // A second pending MFI-20 would only confuse the client.
        let again = try await system.api.post(path, ["instrument": "mfi20"], token: therapist.token)
        #expect(again.status == 409 && again.errorFields == ["instrument"], "\(again.text)")

        let list = try await system.api.get(path, token: therapist.token)
        #expect(list.status == 200)
        #expect(list.array.map { $0["id"] as? String } == [mfiID, mfsID])
        #expect(list.array.allSatisfy { $0["status"] as? String == "pending" && $0["scores"] is NSNull })

        let mine = try await system.api.get("/api/v1/me/questionnaires", token: client.token)
        #expect(mine.status == 200)
        #expect(mine.array.map { $0["id"] as? String } == [mfiID, mfsID])
        #expect(mine.array.map { $0["instrument"] as? String } == ["mfi20", "mfs"])
        #expect(mine.array.allSatisfy { $0["status"] as? String == "pending" && $0["scores"] == nil })

        let danish = try await system.api.get("/api/v1/me/questionnaires/\(mfiID)", token: client.token)
        #expect(danish.status == 200, "\(danish.text)")
        #expect(danish.object["id"] as? String == mfiID && danish.object["instrument"] as? String == "mfi20")
        #expect(danish.object["status"] as? String == "pending")
        #expect(danish.object["version"] as? String == QuestionnaireInstrument.mfi20.version)
        #expect(danish.object["title"] as? String == QuestionnaireInstrument.mfi20.title.danish)
        #expect(danish.object["instructions"] as? String == QuestionnaireInstrument.mfi20.instructions.danish)
        let items = try #require(danish.object["items"] as? [[String: Any]])
        #expect(items.map { $0["number"] as? Int } == (1...20).map { Optional($0) })
        #expect(items.first?["text"] as? String == QuestionnaireInstrument.mfi20.items[0].text.danish)
        let options = try #require(items.first?["options"] as? [[String: Any]])
        #expect(options.map { $0["value"] as? Double } == [1, 2, 3, 4, 5])
        #expect(options.first?["label"] as? String == "Ja, det passer")
        #expect(try await system.api.get("/api/v1/me/questionnaires/\(mfiID)?lang=da", token: client.token).object["title"] as? String
            == QuestionnaireInstrument.mfi20.title.danish)

        let english = try await system.api.get("/api/v1/me/questionnaires/\(mfsID)?lang=en", token: client.token)
        #expect(english.status == 200)
        #expect(english.object["title"] as? String == QuestionnaireInstrument.mfs.title.english)
        let mfsItems = try #require(english.object["items"] as? [[String: Any]])
        #expect(mfsItems.count == 15)
        #expect(mfsItems.last?["text"] as? String == QuestionnaireInstrument.mfs.items[14].text.english)
        #expect(((mfsItems.first?["options"] as? [[String: Any]]) ?? []).map { $0["value"] as? Double } == [0, 0.5, 1, 1.5, 2, 2.5, 3])

        for language in ["fr", "EN", ""] {
            let bad = try await system.api.get("/api/v1/me/questionnaires/\(mfiID)?lang=\(language)", token: client.token)
            #expect(bad.status == 400 && bad.errorFields == ["lang"], "lang=\(language): \(bad.text)")
        }
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action = 'questionnaire.assign'", [client.id]) == 2)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action = 'questionnaire.get' and outcome = 'allowed'", [client.id]) == 3)
    }

    @Test("questionnaires: bad input names the field; 401, 403 and 404 where they belong")
    func questionnaireBadInputAndAuthorization() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Anden Kollega")
        let client = try await tenant.createClient(by: therapist)
        let otherClient = try await tenant.createClient(by: therapist, name: "Anden Klient")
        let otherTenant = try await TenantFixture.create(on: system)
        let path = "/api/v1/clients/\(client.id)/questionnaires"

        for body: [String: Any] in [["instrument": "phq9"], ["instrument": "MFS"], ["instrument": 1], [:]] {
            let bad = try await system.api.post(path, body, token: therapist.token)
            #expect(bad.status == 400 && bad.errorFields == ["instrument"], "\(body): \(bad.text)")
        }
        #expect(try await system.api.get(path, token: therapist.token).text == "[]")
        #expect(try system.count("select count(*)::int as count from questionnaire_assignments where client_id = $1::uuid", [client.id]) == 0)

        let assigned = try await system.api.post(path, ["instrument": "mfs"], token: therapist.token)
        #expect(assigned.status == 201)
        let id = try #require(assigned.object["id"] as? String)
        let mine = "/api/v1/me/questionnaires/\(id)"

        #expect(try await system.api.get(path).status == 401)
        #expect(try await system.api.post(path, ["instrument": "mfi20"]).status == 401)
        #expect(try await system.api.get("/api/v1/me/questionnaires").status == 401)
        #expect(try await system.api.get(mine).status == 401)

        // Clients have no therapist endpoints, therapists no client part.
        #expect(try await system.api.get(path, token: client.token).status == 403)
        #expect(try await system.api.post(path, ["instrument": "mfi20"], token: client.token).status == 403)
        #expect(try await system.api.get("/api/v1/me/questionnaires", token: therapist.token).status == 403)
        #expect(try await system.api.get(mine, token: therapist.token).status == 403)

        for outsider in [colleague.token, otherTenant.admin.token] {
            #expect(try await system.api.get(path, token: outsider).status == 404)
            #expect(try await system.api.post(path, ["instrument": "mfi20"], token: outsider).status == 404)
        }
        // Another client of the same tenant neither sees nor reads it.
        #expect(try await system.api.get("/api/v1/me/questionnaires", token: otherClient.token).text == "[]")
        let foreign = try await system.api.get(mine, token: otherClient.token)
        #expect(foreign.status == 404 && foreign.errorCode == "not_found")
        #expect(try await system.api.get("/api/v1/me/questionnaires/\(UUID().uuidString.lowercased())", token: client.token).status == 404)
        #expect(try await system.api.get("/api/v1/me/questionnaires/not-a-uuid", token: client.token).status == 404)
        let nobody = "/api/v1/clients/\(UUID().uuidString.lowercased())/questionnaires"
        #expect(try await system.api.post(nobody, ["instrument": "mfi20"], token: therapist.token).status == 404)

        #expect(try system.count("select count(*)::int as count from questionnaire_assignments where tenant_id in ($1::uuid, $2::uuid)", [tenant.tenantID, otherTenant.tenantID]) == 1)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action = 'questionnaire.get' and outcome = 'denied'", [client.id]) == 1)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1::uuid and action like 'questionnaire.%' and outcome = 'denied'", [client.id]) == 5)
        #expect(try await system.api.get(mine, token: client.token).status == 200)
    }

    @Test("deleting a client removes their COPM assessments and questionnaire assignments")
    func deletionRemovesEverything() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let keep = try await tenant.createClient(by: therapist, name: "Bliver Her")
        for person in [client, keep] {
            #expect(try await system.api.post("/api/v1/clients/\(person.id)/copm", Self.assessment(Self.day(-2), [(3, 4)]), token: therapist.token).status == 201)
            #expect(try await system.api.post("/api/v1/clients/\(person.id)/questionnaires", ["instrument": "mfi20"], token: therapist.token).status == 201)
        }
        #expect(try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: therapist.token).status == 204)

        for table in ["copm_assessments", "questionnaire_assignments"] {
            // Table names are the two literals above, never input.
            #expect(try system.count("select count(*)::int as count from \(table) where client_id = $1::uuid", [client.id]) == 0, "\(table)")
            #expect(try system.count("select count(*)::int as count from \(table) where client_id = $1::uuid", [keep.id]) == 1, "\(table)")
        }
        #expect(try await system.api.get("/api/v1/clients/\(client.id)/copm", token: therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)/questionnaires", token: therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/\(keep.id)/copm", token: therapist.token).array.count == 1)
    }
}
