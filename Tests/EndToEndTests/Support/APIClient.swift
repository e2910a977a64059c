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

/// Speaks HTTP to one gateway; HTTPS with a CA of its own goes through curl, because
/// FoundationNetworking on Linux cannot be told to trust a CA per session.
struct APIClient: Sendable {
    let baseURL: URL
    /// The CA file an HTTPS gateway's certificate must chain to.
    let caFile: String?
    private let session: URLSession

    init(baseURL: URL, caFile: String? = nil) {
        self.baseURL = baseURL
        self.caFile = caFile
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 32
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, json: Any? = nil, rawBody: Data? = nil, token: String? = nil,
              headers: [String: String] = [:]) async throws -> APIResponse {
        if let caFile {
            let body = try rawBody ?? json.map { try JSONSerialization.data(withJSONObject: $0) }
            var all = headers
            if json != nil { all["Content-Type"] = "application/json" }
            if let token { all["Authorization"] = "Bearer \(token)" }
            let url = URL(string: path, relativeTo: baseURL)!, fields = all
            return try await blocking { try Self.curl(method, url, body: body, headers: fields, caFile: caFile) }
        }
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
        // A connection per request. With keep-alive, two requests of one full run hung until the
        // client's timeout (URLSession on Linux, libcurl underneath, pooling connections to
        // gateways that close idle ones after 30 s); a connection per request never has.
        request.setValue("close", forHTTPHeaderField: "Connection")
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

extension APIClient {
    /// One request with curl, trusting only `caFile`; throws when the TLS connection fails.
    static func curl(_ method: String, _ url: URL, body: Data?, headers: [String: String], caFile: String) throws -> APIResponse {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = ["-sS", "--max-time", "30", "--cacert", caFile, "-X", method,
                         "-D", scratch.appendingPathComponent("headers").path,
                         "-o", scratch.appendingPathComponent("body").path, "-w", "%{http_code}"]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(to: scratch.appendingPathComponent("request"))
            arguments += ["--data-binary", "@" + scratch.appendingPathComponent("request").path]
        }
        let output = try TestEnvironment.run("/usr/bin/curl", arguments + [url.absoluteString])
        guard let status = Int(output.suffix(3)) else { throw TestFailure("curl printed no status: \(output)") }
        var parsed: [String: String] = [:]
        let head = (try? String(contentsOf: scratch.appendingPathComponent("headers"), encoding: .utf8)) ?? ""
        for line in head.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let data = (try? Data(contentsOf: scratch.appendingPathComponent("body"))) ?? Data()
        return APIResponse(status: status, headers: parsed, body: data)
    }
}
