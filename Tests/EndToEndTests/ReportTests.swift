import Foundation
import Postgres
import Testing

/// PDF reports through the whole system: asked for at the gateway, queued by mdme-storage,
/// rendered by mdme-reports, downloaded as application/pdf and read back with poppler.
@Suite(.runningSystemWithReports, .serialized)
struct ReportTests {
    /// A client with records of every kind: registrations, a colour scale, COPM, and both
    /// questionnaires answered and scored.
    private func clientWithRecords(_ tenant: TenantFixture, by therapist: TenantFixture.Person) async throws -> TenantFixture.Person {
        let system = tenant.system
        let client = try await tenant.createClient(by: therapist, name: "Bjørn Ærlig Åsted")
        let scale = try await system.api.send("PUT", "/api/v1/clients/\(client.id)/color-scale", json: ["levels": [
            ["color": "#2E7D32", "label": "Giver energi", "statements": ["Jeg får ny energi"], "symptoms": []],
            ["color": "#F9A825", "label": "Neutral", "statements": [], "symptoms": []],
            ["color": "#C62828", "label": "Dræner", "statements": ["Jeg må hvile bagefter"], "symptoms": ["Lydfølsomhed"]],
        ]], token: therapist.token)
        #expect(scale.status == 200, "\(scale.text)")
        for (index, activity) in ["Gåtur i skoven", "Indkøb i Føtex", "Møde på jobcentret"].enumerated() {
            let created = try await system.api.post("/api/v1/me/registrations", registration(activity, level: index * 1, minutesAgo: 60 * (index + 1)), token: client.token)
            #expect(created.status == 201, "\(created.text)")
        }
        let copm = try await system.api.post("/api/v1/clients/\(client.id)/copm", [
            "assessed_on": "2026-06-02",
            "problems": [["description": "At lave aftensmad til familien", "importance": 9, "performance": 3, "satisfaction": 2]],
        ], token: therapist.token)
        #expect(copm.status == 201, "\(copm.text)")
        let path = "/api/v1/clients/\(client.id)/questionnaires"
        for (instrument, answers) in [("mfi20", QuestionnaireScoringTests.mfi20Answers.map(Double.init)), ("mfs", QuestionnaireScoringTests.mfsAnswers)] {
            let id = try #require(try await system.api.post(path, ["instrument": instrument], token: therapist.token).object["id"] as? String)
            #expect(try await system.api.post("/api/v1/me/questionnaires/\(id)/answers", ["answers": answers], token: client.token).status == 202)
        }
        try await eventually(timeout: .seconds(60), "both questionnaires are scored") {
            try await system.api.get(path, token: therapist.token).array.filter { $0["status"] as? String == "scored" }.count == 2
        }
        return client
    }

    /// Asks for a report and waits until it is ready; returns its id.
    private func ready(_ system: SystemUnderTest, client: String, _ body: [String: Any], token: String) async throws -> String {
        let queued = try await system.api.post("/api/v1/clients/\(client)/reports", body, token: token)
        #expect(queued.status == 202 && queued.object["status"] as? String == "queued", "\(queued.text)")
        let id = try #require(queued.object["id"] as? String)
        try await eventually(timeout: .seconds(60), "report \(body["kind"]!) is ready") {
            try await system.api.get("/api/v1/reports/\(id)", token: token).object["status"] as? String == "ready"
        }
        return id
    }

    private func download(_ system: SystemUnderTest, _ id: String, token: String) async throws -> (pages: Int, text: String) {
        let response = try await system.api.get("/api/v1/reports/\(id)/pdf", token: token)
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/pdf")
        #expect(response.body.starts(with: Data("%PDF-".utf8)))
        return try PDFText.read(response.body)
    }

    @Test("every kind is rendered, stored sealed, and downloaded as a PDF with the client's data")
    func everyKind() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await clientWithRecords(tenant, by: therapist)
        func day(_ daysAgo: Double) -> String {
            ISO8601DateFormatter.string(from: Date().addingTimeInterval(-daysAgo * 86_400),
                                        timeZone: TimeZone(identifier: "Europe/Copenhagen")!, formatOptions: [.withFullDate])
        }
        let expectations: [(body: [String: Any], texts: [String])] = [
            (["kind": "mfi20"], ["MFI-20 – Træthed i hverdagen", "Generel træthed", "54 af 100", "Bjørn Ærlig Åsted", "Tina Terapeut"]),
            (["kind": "mfs"], ["MFS – Mental træthed", "14,5 af 42", "Let mental træthed", "Tælles ikke med"]),
            (["kind": "registrations", "from": day(30), "to": day(0)],
             ["Aktivitetsdagbog", "Gåtur i skoven", "Indkøb i Føtex", "Møde på jobcentret", "Hvornår dræner aktiviteterne?"]),
            (["kind": "copm"], ["COPM", "At lave aftensmad til familien", "3,0", "2,0", "Udgangspunkt"]),
            (["kind": "color_scale"], ["Farveskala", "Dræner", "Jeg må hvile bagefter", "Lydfølsomhed"]),
            (["kind": "export"], ["Samlet dokumentation", "Indhold", "COPM og mål", "54 af 100", "14,5 af 42", "Gåtur i skoven", "Lydfølsomhed"]),
        ]
        for (body, texts) in expectations {
            let id = try await ready(system, client: client.id, body, token: therapist.token)
            let (pages, text) = try await download(system, id, token: therapist.token)
            #expect(pages >= 1)
            for expected in texts {
                #expect(text.contains(expected), "\(body["kind"]!) report lacks \(expected)")
            }
            let report = try await system.api.get("/api/v1/reports/\(id)", token: therapist.token).object
            #expect(report["kind"] as? String == body["kind"] as? String)
            #expect(report["created_at"] is String)
        }
        // The PDFs are stored sealed: no stored byte string is a readable PDF.
        #expect(try system.count("select count(*)::int as count from reports where position('%PDF'::bytea in pdf_enc) > 0") == 0)
        // A tenant admin may read them too.
        #expect(try await system.api.get("/api/v1/clients/\(client.id)/reports", token: tenant.admin.token).array.count >= 6)
    }

    @Test("a scored questionnaire gets its report once, without being asked")
    func automaticReport() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await clientWithRecords(tenant, by: tenant.admin)
        let questionnaires = try await system.api.get("/api/v1/clients/\(client.id)/questionnaires", token: tenant.admin.token).array
        try await eventually(timeout: .seconds(60), "both automatic reports are ready") {
            let reports = try await system.api.get("/api/v1/clients/\(client.id)/reports", token: tenant.admin.token).array
            return reports.filter { $0["automatic"] as? Bool == true && $0["status"] as? String == "ready" }.count == 2
        }
        let reports = try await system.api.get("/api/v1/clients/\(client.id)/reports", token: tenant.admin.token).array
        for questionnaire in questionnaires {
            let matching = reports.filter { $0["questionnaire_id"] as? String == questionnaire["id"] as? String }
            #expect(matching.count == 1)
            #expect(matching.first?["kind"] as? String == questionnaire["instrument"] as? String)
        }
        let mfi20 = try #require(reports.first { $0["kind"] as? String == "mfi20" }?["id"] as? String)
        #expect(try await download(system, mfi20, token: tenant.admin.token).text.contains("54 af 100"))
    }

    @Test("the PDF is 409 until it is rendered; the status says queued")
    func conflictBeforeReady() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        system.stop(.reports)
        let queued = try await system.api.post("/api/v1/clients/\(client.id)/reports", ["kind": "color_scale"], token: tenant.admin.token)
        #expect(queued.status == 202, "\(queued.text)")
        let id = try #require(queued.object["id"] as? String)
        #expect(try await system.api.get("/api/v1/reports/\(id)", token: tenant.admin.token).object["status"] as? String == "queued")
        let early = try await system.api.get("/api/v1/reports/\(id)/pdf", token: tenant.admin.token)
        #expect(early.status == 409 && early.errorCode == "conflict")
        try system.start(.reports)
        try await eventually(timeout: .seconds(60), "the report is rendered once mdme-reports is back") {
            try await system.api.get("/api/v1/reports/\(id)/pdf", token: tenant.admin.token).status == 200
        }
    }

    @Test("another therapist's client and report are 404, a client 403, no token 401")
    func access() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Kaj Kollega")
        let client = try await tenant.createClient(by: therapist)
        let id = try await ready(system, client: client.id, ["kind": "color_scale"], token: therapist.token)
        let refused = try await system.api.post("/api/v1/clients/\(client.id)/reports", ["kind": "copm"], token: colleague.token)
        #expect(refused.status == 404 && refused.errorCode == "not_found")
        #expect(try await system.api.get("/api/v1/reports/\(id)", token: colleague.token).status == 404)
        #expect(try await system.api.get("/api/v1/reports/\(id)/pdf", token: colleague.token).status == 404)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)/reports", token: colleague.token).status == 404)
        #expect(try await system.api.get("/api/v1/reports/\(UUID().uuidString.lowercased())", token: therapist.token).status == 404)
        #expect(try await system.api.get("/api/v1/reports/\(id)/pdf", token: client.token).status == 403)
        #expect(try await system.api.post("/api/v1/clients/\(client.id)/reports", ["kind": "copm"], token: client.token).status == 403)
        #expect(try await system.api.get("/api/v1/reports/\(id)/pdf").status == 401)
        let other = try await TenantFixture.create(on: system)
        #expect(try await system.api.get("/api/v1/reports/\(id)", token: other.admin.token).status == 404)
        #expect(try system.count("select count(*)::int as count from reports where client_id = $1", [UUID(uuidString: client.id)!]) == 1)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1 and action = 'report.request' and outcome = 'denied'",
                                 [UUID(uuidString: client.id)!]) == 1)
    }

    @Test("bad kinds, dates and questionnaire ids are 400 naming the field, and store nothing")
    func badInput() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let pending = try #require(try await system.api.post("/api/v1/clients/\(client.id)/questionnaires", ["instrument": "mfs"],
                                                             token: tenant.admin.token).object["id"] as? String)
        let cases: [([String: Any], String)] = [
            (["kind": "pdf"], "kind"),
            ([:], "kind"),
            (["kind": "registrations"], "from"),
            (["kind": "registrations", "from": "2026-02-30", "to": "2026-03-01"], "from"),
            (["kind": "registrations", "from": "2026-03-02", "to": "2026-03-01"], "to"),
            (["kind": "registrations", "from": "2025-01-01", "to": "2026-03-01"], "to"),
            (["kind": "export", "from": "2026-03-01"], "to"),
            (["kind": "copm", "questionnaire_id": UUID().uuidString], "questionnaire_id"),
            (["kind": "copm", "from": "2026-01-01", "to": "2026-03-01"], "from"),
            (["kind": "mfs", "questionnaire_id": pending], "questionnaire_id"),
            (["kind": "mfi20", "questionnaire_id": pending], "questionnaire_id"),
        ]
        for (body, field) in cases {
            let response = try await system.api.post("/api/v1/clients/\(client.id)/reports", body, token: tenant.admin.token)
            #expect(response.status == 400 && response.errorFields.contains(field), "\(body): \(response.status) \(response.text)")
        }
        #expect(try system.count("select count(*)::int as count from reports where client_id = $1", [UUID(uuidString: client.id)!]) == 0)
    }

    @Test("deleting the client deletes their reports")
    func deletion() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let id = try await ready(system, client: client.id, ["kind": "export"], token: tenant.admin.token)
        #expect(try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: tenant.admin.token).status == 204)
        #expect(try system.count("select count(*)::int as count from reports where client_id = $1", [UUID(uuidString: client.id)!]) == 0)
        #expect(try await system.api.get("/api/v1/reports/\(id)/pdf", token: tenant.admin.token).status == 404)
    }

    @Test("a render that keeps failing is retried, dead-lettered and shown as failed")
    func failure() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        #expect(try await system.api.send("PUT", "/api/v1/clients/\(client.id)/color-scale", json: ["levels": [
            ["color": "#2E7D32", "label": "Op", "statements": [], "symptoms": []],
            ["color": "#C62828", "label": "Ned", "statements": [], "symptoms": []],
        ]], token: tenant.admin.token).status == 200)
        // Damage the sealed scale: it no longer opens, so every attempt to render fails.
        let database = try system.database()
        defer { database.close() }
        try database.query("update color_scales set scale_enc = '\\x00'::bytea where client_id = $1", [UUID(uuidString: client.id)!])
        let queued = try await system.api.post("/api/v1/clients/\(client.id)/reports", ["kind": "color_scale"], token: tenant.admin.token)
        let id = try #require(queued.object["id"] as? String)
        try await eventually(timeout: .seconds(60), "the report is marked failed") {
            try await system.api.get("/api/v1/reports/\(id)", token: tenant.admin.token).object["status"] as? String == "failed"
        }
        let pdf = try await system.api.get("/api/v1/reports/\(id)/pdf", token: tenant.admin.token)
        #expect(pdf.status == 409)
        #expect(system.log(.reports).contains("attempts exhausted; dead-lettered"))
    }
}
