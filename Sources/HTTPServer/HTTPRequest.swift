/// A complete HTTP request, body included, as handed to an ``HTTPRequestHandler``.
public struct HTTPRequest: Sendable {
    /// The request method: `"GET"`, `"POST"`, ….
    public var method: String
    /// The URL path without the query, percent-decoded by libmicrohttpd.
    public var path: String
    /// The query arguments, decoded. When a name repeats, the first value wins;
    /// an argument without `=` has the empty string as its value.
    public var query: [String: String]
    /// The request headers, names lower-cased. Repeated headers are joined with `", "`.
    public var headers: [String: String]
    /// The request body.
    public var body: [UInt8]
    /// The textual IP address of the peer, when known.
    public var remoteAddress: String?

    /// Creates a request; the server builds these, tests and routers may too.
    public init(
        method: String,
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
