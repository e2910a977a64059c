import Foundation
import Testing

/// A tenant with a logged-in admin, made the way an operator and front ends would: the CLI,
/// then invitations accepted over HTTP.
struct TenantFixture: Sendable {
    struct Person: Sendable {
        let id: String
        let email: String
        let token: String
    }

    static let password = "a good password 1"

    let system: SystemUnderTest
    let tenantID: String
    let admin: Person

    static func create(on system: SystemUnderTest, mailMode: String = "none") async throws -> TenantFixture {
        let email = "admin-\(UUID().uuidString.prefix(8).lowercased())@kommune.example"
        let output = try system.cli(["tenant", "create", "--name", "Testkommune", "--mail-mode", mailMode,
                                     "--admin-name", "Anne Admin", "--admin-email", email])
        let created = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String])
        let accepted = try await system.api.post("/api/v1/auth/invitations/accept",
                                                 ["token": try #require(created["invitation_token"]), "password": password])
        // If this fails, the logs say why (they hold ids, never the token): they showed a gateway
        // that never bound its port while the test talked to another system's (freePort).
        #expect(accepted.status == 204, "\(accepted.text)\n--- gateway\n\(system.log(.gateway))\n--- storage\n\(system.log(.storage))")
        let token = try await system.api.login(email: email, password: password)
        return TenantFixture(system: system, tenantID: try #require(created["tenant_id"]),
                             admin: Person(id: try #require(created["admin_id"]), email: email, token: token))
    }

    /// Accepts the manual invitation link of a `POST /therapists` or `POST /clients` answer.
    func accept(_ created: APIResponse, email: String) async throws -> Person {
        let invitation = try #require(created.object["invitation"] as? [String: Any], "\(created.text)")
        let link = try #require(invitation["link"] as? String)
        let token = try #require(link.components(separatedBy: "#token=").last)
        let accepted = try await system.api.post("/api/v1/auth/invitations/accept", ["token": token, "password": Self.password])
        #expect(accepted.status == 204, "\(accepted.text)")
        return Person(id: try #require(created.object["id"] as? String), email: email,
                      token: try await system.api.login(email: email, password: Self.password))
    }

    func createTherapist(name: String = "Tina Terapeut") async throws -> Person {
        let email = "therapist-\(UUID().uuidString.prefix(8).lowercased())@kommune.example"
        let created = try await system.api.post("/api/v1/therapists", ["name": name, "email": email, "role": "therapist"], token: admin.token)
        #expect(created.status == 201, "\(created.text)")
        return try await accept(created, email: email)
    }

    func createClient(by therapist: Person, name: String = "Kim Klient") async throws -> Person {
        let email = "client-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let created = try await system.api.post("/api/v1/clients", [
            "name": name, "gender": "female", "birth_date": "1975-03-14", "email": email, "phone": "+45 20 30 40 50",
        ], token: therapist.token)
        #expect(created.status == 201, "\(created.text)")
        return try await accept(created, email: email)
    }
}

/// A registration body with a recognisable activity text.
func registration(_ activity: String, level: Int = 1, minutesAgo: Int = 30) -> [String: Any] {
    let started = Date().addingTimeInterval(TimeInterval(-minutesAgo * 60))
    let formatter = ISO8601DateFormatter()
    return ["activity": activity, "started_at": formatter.string(from: started), "duration_minutes": 25,
            "level": level, "statements": ["Jeg var glad"], "symptoms": [], "note": "Note \(activity)"]
}
