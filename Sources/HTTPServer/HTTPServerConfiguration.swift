/// How an ``HTTPServer`` listens and what it accepts.
public struct HTTPServerConfiguration: Sendable {
    /// The IPv4 address to bind, as a dotted quad; `"localhost"` means `127.0.0.1`.
    public var host = "127.0.0.1"
    /// The TCP port; `0` lets the system pick a free one (read it back from ``HTTPServer/port``).
    public var port = 8080
    /// The number of libmicrohttpd worker threads.
    public var threadCount = 4
    /// The largest request body accepted; bigger ones get `413 payload_too_large`.
    public var maxBodyBytes = 1 << 20
    /// Idle seconds before libmicrohttpd closes a connection (suspended requests never time out).
    public var connectionTimeoutSeconds = 30
    /// The most connections served at once, suspended ones included.
    public var connectionLimit = 1000
    /// Seconds ``HTTPServer/stop()`` waits for `503` answers to in-flight requests to go out.
    public var shutdownGraceSeconds = 2.0
    /// Added to every response that does not set the same header itself, including the
    /// server's own errors (413, 503 at shutdown): security headers belong here.
    public var headersOnEveryResponse: [HTTPHeader] = []
    /// Serve HTTPS with this certificate; `nil` serves plain HTTP.
    public var tls: HTTPServerTLS? = nil

    /// Creates a configuration with the defaults above.
    public init() {}
}
