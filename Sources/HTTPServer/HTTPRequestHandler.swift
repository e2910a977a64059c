/// Receives complete requests from an ``HTTPServer``.
///
/// `handle` runs on one of libmicrohttpd's worker threads: do not block it.
/// Long work should be handed off and answered later through `respond`.
public protocol HTTPRequestHandler: Sendable {
    /// Handles one request. `respond` must be called exactly once, from any
    /// thread, now or later; further calls are ignored. A request whose client
    /// has gone away accepts `respond` and drops the response.
    func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void)
}
