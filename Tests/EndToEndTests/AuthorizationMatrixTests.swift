import Foundation
import Testing

/// Every endpoint tried as: no token, a client of the same tenant (someone else's records),
/// a therapist and an admin of another tenant, and the rightful user. New endpoints join by
/// adding a row to `rows`.
@Suite(.runningSystem)
struct AuthorizationMatrixTests {
    enum Actor: String, Sendable, CaseIterable {
        case anonymous, otherClient, foreignTherapist, foreignAdmin, rightful
    }

    /// Who the rightful user of an endpoint is.
    enum Owner: Sendable { case therapist, admin, client }

    struct Row: Sendable, CustomTestStringConvertible {
        let method: String
        /// `{client}` is the rightful client's id; `{goal}`, `{sheet}`, `{assignment}` records of
        /// that client made before the calls; `{admin}` the home tenant's admin.
        let path: String
        /// JSON text with the same placeholders plus `{unique}` and `{now}`; empty for no body.
        let body: String
        let owner: Owner
        /// Expected status per actor; the rightful user gets `success`.
        let otherClient: Int
        let foreignTherapist: Int
        let foreignAdmin: Int
        let success: Int

        var testDescription: String { "\(method) \(path)" }

        func expected(_ actor: Actor) -> Int {
            switch actor {
            case .anonymous: 401
            case .otherClient: otherClient
            case .foreignTherapist: foreignTherapist
            case .foreignAdmin: foreignAdmin
            case .rightful: success
            }
        }
    }

    /// A client's record: staff of another tenant get 404, a client 403.
    static func clientRecord(_ method: String, _ path: String, _ body: String = "", success: Int = 200) -> Row {
        Row(method: method, path: path, body: body, owner: .therapist, otherClient: 403, foreignTherapist: 404, foreignAdmin: 404, success: success)
    }

    /// The caller's own records: everyone authenticated reaches their own (or is refused by role).
    static func own(_ method: String, _ path: String, _ body: String = "", owner: Owner,
                    otherClient: Int, foreign: Int, foreignAdmin: Int? = nil, success: Int = 200) -> Row {
        Row(method: method, path: path, body: body, owner: owner, otherClient: otherClient,
            foreignTherapist: foreign, foreignAdmin: foreignAdmin ?? foreign, success: success)
    }

    static let rows: [Row] = [
        own("GET", "/api/v1/me", owner: .client, otherClient: 200, foreign: 200),
        own("POST", "/api/v1/auth/logout", owner: .client, otherClient: 204, foreign: 204, success: 204),
        own("GET", "/api/v1/tenant", owner: .admin, otherClient: 403, foreign: 403, foreignAdmin: 200),
        own("PATCH", "/api/v1/tenant", #"{"name": "Omdøbt"}"#, owner: .admin, otherClient: 403, foreign: 403, foreignAdmin: 200),
        own("GET", "/api/v1/therapists", owner: .admin, otherClient: 403, foreign: 403, foreignAdmin: 200),
        own("POST", "/api/v1/therapists", #"{"name": "Ny", "email": "{unique}@kommune.example", "role": "therapist"}"#,
            owner: .admin, otherClient: 403, foreign: 403, foreignAdmin: 201, success: 201),
        own("GET", "/api/v1/clients", owner: .therapist, otherClient: 403, foreign: 200),
        own("POST", "/api/v1/clients", #"{"name": "Ny Klient", "gender": "male", "birth_date": "1970-01-01", "email": "{unique}@example.org"}"#,
            owner: .therapist, otherClient: 403, foreign: 201, success: 201),
        clientRecord("GET", "/api/v1/clients/{client}"),
        clientRecord("PATCH", "/api/v1/clients/{client}", #"{"name": "Nyt Navn"}"#),
        clientRecord("POST", "/api/v1/clients/{client}/unlock", success: 204),
        clientRecord("GET", "/api/v1/clients/{client}/registrations"),
        clientRecord("POST", "/api/v1/clients/{client}/password-reset"),
        clientRecord("POST", "/api/v1/clients/{client}/handover", #"{"therapist_id": "{admin}"}"#, success: 201),
        clientRecord("GET", "/api/v1/clients/{client}/goals"),
        clientRecord("POST", "/api/v1/clients/{client}/goals", #"{"kind": "short_term", "text": "Gå en tur dagligt"}"#, success: 201),
        clientRecord("PATCH", "/api/v1/clients/{client}/goals/{goal}", #"{"status": "achieved"}"#),
        clientRecord("DELETE", "/api/v1/clients/{client}/goals/{goal}", success: 204),
        clientRecord("GET", "/api/v1/clients/{client}/color-scale"),
        clientRecord("PUT", "/api/v1/clients/{client}/color-scale",
                     ##"{"levels": [{"color": "#00AA00", "label": "Godt"}, {"color": "#AA0000", "label": "Dårligt"}]}"##),
        clientRecord("GET", "/api/v1/clients/{client}/reflection-sheets"),
        clientRecord("POST", "/api/v1/clients/{client}/reflection-sheets",
                     #"{"title": "Uge 1", "items": [{"question": "Hvad gav energi?", "answer": "Musik"}]}"#, success: 201),
        clientRecord("PATCH", "/api/v1/clients/{client}/reflection-sheets/{sheet}", #"{"title": "Uge 2"}"#),
        clientRecord("GET", "/api/v1/clients/{client}/copm"),
        clientRecord("POST", "/api/v1/clients/{client}/copm",
                     #"{"assessed_on": "2026-01-05", "problems": [{"description": "Indkøb", "importance": 8, "performance": 4, "satisfaction": 3}]}"#,
                     success: 201),
        clientRecord("GET", "/api/v1/clients/{client}/questionnaires"),
        clientRecord("POST", "/api/v1/clients/{client}/questionnaires", #"{"instrument": "mfs"}"#, success: 201),
        clientRecord("DELETE", "/api/v1/clients/{client}", success: 204),
        own("GET", "/api/v1/me/registrations", owner: .client, otherClient: 200, foreign: 403),
        own("POST", "/api/v1/me/registrations", #"{"activity": "Gåtur", "started_at": "{now}", "duration_minutes": 20, "level": 1}"#,
            owner: .client, otherClient: 201, foreign: 403, success: 201),
        own("GET", "/api/v1/me/goals", owner: .client, otherClient: 200, foreign: 403),
        own("GET", "/api/v1/me/color-scale", owner: .client, otherClient: 200, foreign: 403),
        own("GET", "/api/v1/me/reflection-sheets", owner: .client, otherClient: 200, foreign: 403),
        own("GET", "/api/v1/me/questionnaires", owner: .client, otherClient: 200, foreign: 403),
        own("GET", "/api/v1/me/questionnaires/{assignment}", owner: .client, otherClient: 404, foreign: 403),
        own("POST", "/api/v1/me/questionnaires/{assignment}/answers", "{\"answers\": [1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5]}",
            owner: .client, otherClient: 404, foreign: 403, success: 202),
        own("GET", "/api/v1/handovers", owner: .therapist, otherClient: 403, foreign: 200),
        own("GET", "/api/v1/notifications", owner: .client, otherClient: 200, foreign: 200),
        own("GET", "/api/v1/audit", owner: .admin, otherClient: 403, foreign: 403, foreignAdmin: 200),
    ]

    @Test("every endpoint answers every kind of caller exactly", arguments: rows)
    func matrix(_ row: Row) async throws {
        let system = try SystemUnderTest.require()
        let home = try await TenantFixture.create(on: system)
        let therapist = try await home.createTherapist()
        let client = try await home.createClient(by: therapist)
        let otherClient = try await home.createClient(by: therapist, name: "Anden Klient")
        let away = try await TenantFixture.create(on: system)
        let foreignTherapist = try await away.createTherapist()
        let records = try await makeRecords(client: client.id, therapist: therapist.token, system: system)

        let rightful: String = switch row.owner {
        case .therapist: therapist.token
        case .admin: home.admin.token
        case .client: client.token
        }
        let tokens: [Actor: String?] = [
            .anonymous: nil, .otherClient: otherClient.token, .foreignTherapist: foreignTherapist.token,
            .foreignAdmin: away.admin.token, .rightful: rightful,
        ]
        // The rightful call goes last: it may delete or change what the others tried to reach.
        for actor in Actor.allCases {
            let response = try await call(row, as: tokens[actor]!, placeholders: records.merging(["{admin}": home.admin.id]) { $1 }, system: system)
            #expect(response.status == row.expected(actor), "\(row.method) \(row.path) as \(actor.rawValue): \(response.text)")
            if response.status >= 400 {
                #expect(response.errorCode != nil, "an error answer carries a JSON error")
            }
        }
    }

    /// A goal, a reflection sheet and a questionnaire assignment of the client, made by their therapist.
    private func makeRecords(client: String, therapist: String, system: SystemUnderTest) async throws -> [String: String] {
        let goal = try await system.api.post("/api/v1/clients/\(client)/goals", ["kind": "long_term", "text": "Arbejde 20 timer"], token: therapist)
        let sheet = try await system.api.post("/api/v1/clients/\(client)/reflection-sheets",
                                              ["title": "Start", "items": [["question": "Hvordan går det?", "answer": "Godt"]]], token: therapist)
        let assignment = try await system.api.post("/api/v1/clients/\(client)/questionnaires", ["instrument": "mfi20"], token: therapist)
        return [
            "{client}": client,
            "{goal}": try #require(goal.object["id"] as? String, "\(goal.text)"),
            "{sheet}": try #require(sheet.object["id"] as? String, "\(sheet.text)"),
            "{assignment}": try #require(assignment.object["id"] as? String, "\(assignment.text)"),
        ]
    }

    private func call(_ row: Row, as token: String?, placeholders: [String: String], system: SystemUnderTest) async throws -> APIResponse {
        func fill(_ text: String) -> String {
            placeholders.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
                .replacingOccurrences(of: "{unique}", with: "m\(UUID().uuidString.prefix(10).lowercased())")
                .replacingOccurrences(of: "{now}", with: ISO8601DateFormatter().string(from: Date()))
        }
        let path = fill(row.path)
        guard !row.body.isEmpty else { return try await system.api.send(row.method, path, token: token) }
        return try await system.api.send(row.method, path, rawBody: Data(fill(row.body).utf8), token: token,
                                         headers: ["Content-Type": "application/json"])
    }
}
