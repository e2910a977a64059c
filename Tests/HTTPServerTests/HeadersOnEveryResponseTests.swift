import HTTPServer
import Testing

@Suite("Headers on every response")
struct HeadersOnEveryResponseTests {
    @Test("configured headers reach handler answers and the server's own 413; a handler's own value wins")
    func addedEverywhere() throws {
        let server = try startServer({
            $0.maxBodyBytes = 1024
            $0.headersOnEveryResponse = [HTTPHeader(name: "X-Content-Type-Options", value: "nosniff"),
                                         HTTPHeader(name: "Cache-Control", value: "no-store")]
        }) { request, respond in
            let own = request.path == "/cacheable" ? [HTTPHeader(name: "Cache-Control", value: "max-age=60")] : []
            respond(HTTPResponse(status: 200, headers: own))
        }
        defer { server.stop() }

        let plain = try RawHTTPClient.request(port: server.port, method: "GET", path: "/")
        #expect(plain.headers["x-content-type-options"] == "nosniff" && plain.headers["cache-control"] == "no-store")
        let own = try RawHTTPClient.request(port: server.port, method: "GET", path: "/cacheable")
        #expect(own.headers["cache-control"] == "max-age=60" && own.headers["x-content-type-options"] == "nosniff")

        let client = try RawHTTPClient(port: server.port)
        try client.sendHead(method: "POST", path: "/big", contentLength: 2_000)
        let tooLarge = try client.readResponse()
        #expect(tooLarge.status == 413 && tooLarge.headers["x-content-type-options"] == "nosniff")
    }
}
