import Foundation

/// The people a load run acts as, made through the API as front ends would: the tenant admin
/// (from the invitation `mdme tenant create` printed) and `count` clients, each with a few
/// registrations on one day that the read phase lists.
struct BenchPopulation {
    struct Client {
        let id: String
        let token: String
    }

    static let password = "load generator password 1"

    let adminToken: String
    let clients: [Client]
    /// The day the seeded registrations are on, `YYYY-MM-DD` in the tenant's time zone.
    let seededDay: String

    static func make(port: UInt16, adminInvitation: String, adminEmail: String, clients count: Int, seededPerClient: Int) throws -> BenchPopulation {
        let http = HTTPConnection(port: port)
        try expect(204, http.send("POST", "/api/v1/auth/invitations/accept", body: json(["token": adminInvitation, "password": password])))
        let adminToken = try login(http, email: adminEmail)
        // Noon three days ago is the same calendar day in Copenhagen as in UTC.
        let seededAt = Calendar(identifier: .gregorian).startOfDay(for: Date().addingTimeInterval(-3 * 86_400)).addingTimeInterval(12 * 3600)
        var clients: [Client] = []
        for index in 0..<count {
            let email = "load-\(index)-\(UUID().uuidString.prefix(6).lowercased())@bench.example"
            let created = try expect(201, http.send("POST", "/api/v1/clients", body: json([
                "name": "Bench Klient \(index)", "gender": "female", "birth_date": "1980-01-01", "email": email,
            ]), token: adminToken))
            let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any]
            guard let id = object?["id"] as? String, let invitation = object?["invitation"] as? [String: Any],
                  let link = invitation["link"] as? String, let token = link.components(separatedBy: "#token=").last else {
                throw HTTPConnection.Failure(description: "unexpected client answer")
            }
            try expect(204, http.send("POST", "/api/v1/auth/invitations/accept", body: json(["token": token, "password": password])))
            let client = Client(id: id, token: try login(http, email: email))
            for _ in 0..<seededPerClient {
                try expect(201, http.send("POST", "/api/v1/me/registrations", body: registration(at: seededAt), token: client.token))
            }
            clients.append(client)
        }
        return BenchPopulation(adminToken: adminToken, clients: clients, seededDay: String(ISO8601DateFormatter().string(from: seededAt).prefix(10)))
    }

    /// A registration as a phone would send it.
    static func registration(at date: Date = Date().addingTimeInterval(-1800)) -> [UInt8] {
        json([
            "activity": "Gåtur", "started_at": ISO8601DateFormatter().string(from: date), "duration_minutes": 25,
            "level": 1, "statements": ["Jeg var glad"], "symptoms": [], "note": "Kort tur i parken",
        ])
    }

    private static func login(_ http: HTTPConnection, email: String) throws -> String {
        let response = try expect(200, http.send("POST", "/api/v1/auth/login", body: json(["email": email, "password": password])))
        guard let token = (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["token"] as? String else {
            throw HTTPConnection.Failure(description: "login answered without a token")
        }
        return token
    }

    @discardableResult
    private static func expect(_ status: Int, _ response: HTTPConnection.Response) throws -> HTTPConnection.Response {
        guard response.status == status else {
            throw HTTPConnection.Failure(description: "expected \(status), got \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return response
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}
