import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP answer with its JSON body parsed.
struct APIResponse: @unchecked Sendable {  // `json` holds only JSONSerialization's immutable values
    let status: Int
    let headers: [String: String]
    let body: Data

    var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorFields: [String] { ((object["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Speaks HTTP to one gateway.
struct APIClient: Sendable {
    let baseURL: URL
    private let session: URLSession

    init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 32
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, json: Any? = nil, rawBody: Data? = nil, token: String? = nil,
              headers: [String: String] = [:]) async throws -> APIResponse {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let rawBody {
            request.httpBody = rawBody
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { lowered[key.lowercased()] = value }
        }
        return APIResponse(status: http.statusCode, headers: lowered, body: data)
    }

    func get(_ path: String, token: String? = nil) async throws -> APIResponse {
        try await send("GET", path, token: token)
    }

    func post(_ path: String, _ json: Any, token: String? = nil, headers: [String: String] = [:]) async throws -> APIResponse {
        try await send("POST", path, json: json, token: token, headers: headers)
    }

    /// Logs in and returns the token.
    func login(email: String, password: String) async throws -> String {
        let response = try await post("/api/v1/auth/login", ["email": email, "password": password])
        guard response.status == 200, let token = response.object["token"] as? String else {
            throw TestFailure("login failed: \(response.status) \(response.text)")
        }
        return token
    }
}
