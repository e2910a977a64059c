import Foundation
import HTTPServer
import Synchronization
import Testing

@Suite("HTTPServer against real sockets", .serialized)
struct HTTPServerTests {
    @Test("GET with query and headers reaches the handler; response headers reach the client")
    func getWithQueryAndHeaders() throws {
        let seen = Recorder<HTTPRequest>()
        let server = try startServer { request, respond in
            seen.append(request)
            var response = HTTPResponse.json(status: 200, Array(#"{"ok":true}"#.utf8))
            response.headers.append(HTTPHeader(name: "X-Test", value: "yes"))
            respond(response)
        }
        defer { server.stop() }
        #expect(server.port > 0)

        let response = try RawHTTPClient.request(
            port: server.port,
            path: "/items/a%20b?x=1&y=hello%20world&flag",
            headers: [("X-Custom", "Value"), ("Accept", "application/json")]
        )

        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.headers["x-test"] == "yes")
        #expect(response.text == #"{"ok":true}"#)
        let request = try #require(seen.all.first)
        #expect(request.method == "GET")
        #expect(request.path == "/items/a b")
        #expect(request.query == ["x": "1", "y": "hello world", "flag": ""])
        #expect(request.headers["x-custom"] == "Value")
        #expect(request.header("X-CUSTOM") == "Value")
        #expect(request.header("accept") == "application/json")
        #expect(request.body.isEmpty)
        #expect(request.remoteAddress == "127.0.0.1")
    }

    @Test("A 500 KiB binary POST body arrives intact")
    func binaryPostBody() throws {
        let payload = (0..<(500 * 1024)).map { _ in UInt8.random(in: 0...255) }
        let server = try startServer { request, respond in
            respond(HTTPResponse(status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/octet-stream")], body: request.body))
        }
        defer { server.stop() }

        let response = try RawHTTPClient.request(port: server.port, method: "POST", path: "/upload", body: payload)

        #expect(response.status == 200)
        #expect(response.body.count == payload.count)
        #expect(response.body == payload)
    }

    @Test("A body over the limit gets 413 payload_too_large and never reaches the handler")
    func bodyOverLimit() throws {
        let calls = Recorder<String>()
        let server = try startServer({ $0.maxBodyBytes = 1024 }) { request, respond in
            calls.append(request.path)
            respond(HTTPResponse(status: 200))
        }
        defer { server.stop() }

        // Declared too large: answered from the headers alone, before any body is sent.
        let declared = try RawHTTPClient(port: server.port)
        try declared.sendHead(method: "POST", path: "/declared", contentLength: 2_000)
        let early = try declared.readResponse()
        #expect(early.status == 413)
        #expect(early.headers["content-type"] == "application/json; charset=utf-8")
        let earlyError = try #require(jsonObject(early.body)?["error"] as? [String: Any])
        #expect(earlyError["code"] as? String == "payload_too_large")
        #expect((earlyError["message"] as? String)?.isEmpty == false)

        // Chunked, so only the accumulated size can tell.
        let chunked = try RawHTTPClient(port: server.port)
        try chunked.sendHead(method: "POST", path: "/chunked", headers: [("Transfer-Encoding", "chunked")])
        let chunk = String(repeating: "a", count: 600)
        for _ in 0..<3 {
            try chunked.send("258\r\n\(chunk)\r\n")
        }
        try chunked.send("0\r\n\r\n")
        let late = try chunked.readResponse()
        #expect(late.status == 413)
        let lateError = try #require(jsonObject(late.body)?["error"] as? [String: Any])
        #expect(lateError["code"] as? String == "payload_too_large")

        // Exactly at the limit is fine.
        let atLimit = try RawHTTPClient.request(port: server.port, method: "POST", path: "/fits", body: Array(repeating: 7, count: 1024))
        #expect(atLimit.status == 200)
        #expect(calls.all == ["/fits"])
    }

    @Test("respond called 200 ms later from another thread answers the request")
    func asynchronousRespond() throws {
        let server = try startServer { request, respond in
            let path = request.path
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
                respond(HTTPResponse(status: 201, body: Array("late \(path)".utf8)))
            }
        }
        defer { server.stop() }

        let started = Date()
        let response = try RawHTTPClient.request(port: server.port, path: "/slow")
        let elapsed = Date().timeIntervalSince(started)

        #expect(response.status == 201)
        #expect(response.text == "late /slow")
        #expect(elapsed >= 0.19)
    }

    @Test("200 concurrent requests answered after random delays each get their own body back")
    func concurrentDelayedResponses() throws {
        let queue = DispatchQueue(label: "responders", attributes: .concurrent)
        let server = try startServer({ $0.threadCount = 4 }) { request, respond in
            let body = request.body
            queue.asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 0...50))) {
                respond(HTTPResponse(status: 200, body: body))
            }
        }
        defer { server.stop() }
        let port = server.port

        let outcomes = Recorder<Bool>()
        let failures = Recorder<String>()
        let finished = onThreads(200) { index in
            let sent = Array("request-\(index)-\(UUID().uuidString)".utf8)
            do {
                let response = try RawHTTPClient.request(port: port, method: "POST", path: "/echo/\(index)", body: sent)
                outcomes.append(response.status == 200 && response.body == sent)
            } catch {
                failures.append("\(index): \(error)")
                outcomes.append(false)
            }
        }

        #expect(finished)
        #expect(failures.all.isEmpty)
        #expect(outcomes.count == 200)
        #expect(outcomes.all.allSatisfy { $0 })
    }

    @Test("1000 requests answered synchronously, right away from another thread, or a little later all get their own body")
    func mixedRespondPaths() throws {
        let queue = DispatchQueue(label: "responders", attributes: .concurrent)
        let server = try startServer({ $0.threadCount = 4 }) { request, respond in
            let response = HTTPResponse(status: 200, body: request.body)
            switch Int.random(in: 0..<3) {
            case 0:
                respond(response)
            case 1:
                // Races the worker thread between handle() returning and the connection suspending.
                queue.async { respond(response) }
            default:
                queue.asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 0...3))) { respond(response) }
            }
        }
        defer { server.stop() }
        let port = server.port

        let outcomes = Recorder<Bool>()
        for _ in 0..<5 {
            let finished = onThreads(200) { index in
                let sent = Array("mixed-\(index)-\(UUID().uuidString)".utf8)
                let response = try? RawHTTPClient.request(port: port, method: "POST", path: "/mixed", body: sent)
                outcomes.append(response?.status == 200 && response?.body == sent)
            }
            #expect(finished)
        }
        #expect(outcomes.count == 1000)
        #expect(outcomes.all.allSatisfy { $0 })
    }

    @Test("Calling respond twice is harmless: the first response wins")
    func respondTwice() throws {
        let server = try startServer { request, respond in
            if request.path == "/sync" {
                respond(HTTPResponse(status: 200, body: Array("first".utf8)))
                respond(HTTPResponse(status: 500, body: Array("second".utf8)))
            } else {
                for index in 0..<4 {
                    DispatchQueue.global().async {
                        respond(HTTPResponse(status: 200, body: Array("racer \(index)".utf8)))
                    }
                }
            }
        }
        defer { server.stop() }

        let sync = try RawHTTPClient.request(port: server.port, path: "/sync")
        #expect(sync.status == 200)
        #expect(sync.text == "first")
        for _ in 0..<20 {
            let raced = try RawHTTPClient.request(port: server.port, path: "/race")
            #expect(raced.status == 200)
            #expect(raced.text.hasPrefix("racer "))
        }
    }

    @Test("A client leaving before a delayed respond does not hurt the server; an unfinished body never reaches the handler")
    func clientDisconnects() throws {
        let handled = Recorder<String>()
        let responded = Recorder<String>()
        let server = try startServer { request, respond in
            handled.append(request.path)
            let path = request.path
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
                respond(HTTPResponse(status: 200, body: Array("bye".utf8)))
                responded.append(path)
            }
        }
        defer { server.stop() }

        do {
            let client = try RawHTTPClient(port: server.port)
            try client.sendHead(method: "GET", path: "/gone")
            #expect(handled.wait(forCount: 1))
        }
        do {
            let client = try RawHTTPClient(port: server.port)
            try client.sendHead(method: "POST", path: "/partial", contentLength: 1_000)
            try client.send(Array(repeating: 1, count: 10))
            usleep(100_000)
        }
        #expect(responded.wait(forCount: 1))
        usleep(200_000)

        let next = try RawHTTPClient.request(port: server.port, path: "/after")
        #expect(next.status == 200)
        #expect(next.text == "bye")
        #expect(handled.all == ["/gone", "/after"])
    }

    @Test("stop() with suspended requests in flight answers them 503 or drops them, and returns")
    func stopWithSuspendedRequests() throws {
        let parked = Recorder<@Sendable (HTTPResponse) -> Void>()
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.shutdownGraceSeconds = 1
        let server = HTTPServer(configuration: configuration, handler: ClosureHandler { _, respond in
            parked.append(respond)
        })
        try server.start()
        let port = server.port

        let statuses = Recorder<Int>()
        let group = DispatchGroup()
        for index in 0..<5 {
            group.enter()
            Thread {
                do {
                    statuses.append(try RawHTTPClient.request(port: port, path: "/parked/\(index)").status)
                } catch {
                    statuses.append(-1)
                }
                group.leave()
            }.start()
        }
        #expect(parked.wait(forCount: 5))

        let started = Date()
        server.stop()
        let took = Date().timeIntervalSince(started)

        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(took < 5)
        #expect(server.port == 0)
        #expect(statuses.count == 5)
        #expect(statuses.all.allSatisfy { $0 == 503 || $0 == -1 })
        #expect(statuses.all.contains(503))
        // Late answers after the daemon is gone are ignored.
        for respond in parked.all {
            respond(HTTPResponse(status: 200))
        }
        #expect(throws: (any Error).self) { try RawHTTPClient.request(port: port, path: "/closed") }
    }

    @Test("stop() in the middle of a burst of delayed requests returns; every client gets 200, 503 or a closed connection")
    func stopUnderLoad() throws {
        for round in 0..<4 {
            let queue = DispatchQueue(label: "responders", attributes: .concurrent)
            let server = try startServer({ $0.threadCount = 2; $0.shutdownGraceSeconds = 0.5 }) { _, respond in
                queue.asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 0...40))) {
                    respond(HTTPResponse(status: 200))
                }
            }
            let port = server.port
            let statuses = Recorder<Int>()
            let group = DispatchGroup()
            for _ in 0..<100 {
                group.enter()
                Thread {
                    statuses.append((try? RawHTTPClient.request(port: port, path: "/burst"))?.status ?? -1)
                    group.leave()
                }.start()
            }
            usleep(UInt32(10_000 * round))
            server.stop()

            #expect(group.wait(timeout: .now() + 20) == .success)
            #expect(statuses.count == 100)
            #expect(statuses.all.allSatisfy { [200, 503, -1].contains($0) })
        }
    }

    @Test("A stopped server can start again, and requests on a kept-alive connection each get their own context")
    func restartAndKeepAlive() throws {
        let curl = "/usr/bin/curl"
        try #require(FileManager.default.isExecutableFile(atPath: curl), "curl is needed for this test")
        let server = try startServer { request, respond in
            respond(HTTPResponse(status: 200, body: Array("\(request.path);".utf8)))
        }
        defer { server.stop() }
        server.stop()
        try server.start()

        let base = "http://127.0.0.1:\(server.port)"
        let result = try run(curl, ["-s", "\(base)/one", "\(base)/two", "\(base)/three"])
        #expect(result.status == 0)
        #expect(String(decoding: result.output, as: UTF8.self) == "/one;/two;/three;")
    }

    @Test("Bad configuration and a busy port are reported as HTTPServerError")
    func startErrors() throws {
        let handler = ClosureHandler { _, respond in respond(HTTPResponse(status: 204)) }
        var configuration = HTTPServerConfiguration()
        configuration.host = "not-an-address"
        configuration.port = 0
        let error = #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: configuration, handler: handler).start()
        }
        #expect(error?.code == .invalidAddress)

        configuration.host = "localhost"
        let first = HTTPServer(configuration: configuration, handler: handler)
        try first.start()
        defer { first.stop() }
        #expect(first.port > 0)
        configuration.port = first.port
        let busy = #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: configuration, handler: handler).start()
        }
        #expect(busy?.code == .startFailed)
        let twice = #expect(throws: HTTPServerError.self) { try first.start() }
        #expect(twice?.code == .invalidConfiguration)

        configuration.port = 70_000
        let range = #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: configuration, handler: handler).start()
        }
        #expect(range?.code == .invalidConfiguration)
    }

    @Test("HTTPS with a self-signed certificate made by openssl")
    func tls() throws {
        let openssl = "/usr/bin/openssl"
        let curl = "/usr/bin/curl"
        try #require(FileManager.default.isExecutableFile(atPath: openssl), "openssl is needed for this test")
        try #require(FileManager.default.isExecutableFile(atPath: curl), "curl is needed for this test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("http-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem").path
        let certificatePath = directory.appendingPathComponent("cert.pem").path
        let made = try run(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-keyout", keyPath, "-out", certificatePath,
        ])
        try #require(made.status == 0)

        let tls = HTTPServerTLS(
            certificatePEM: try String(contentsOfFile: certificatePath, encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: keyPath, encoding: .utf8)
        )
        let server = try startServer({ $0.tls = tls }) { request, respond in
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) {
                respond(.json(status: 200, Array(#"{"secure":"\#(request.path)"}"#.utf8)))
            }
        }
        defer { server.stop() }

        let result = try run(curl, ["-sk", "https://127.0.0.1:\(server.port)/tls"])
        #expect(result.status == 0)
        #expect(String(decoding: result.output, as: UTF8.self) == #"{"secure":"/tls"}"#)
        let plain = try run(curl, ["-s", "--max-time", "3", "http://127.0.0.1:\(server.port)/tls"])
        #expect(String(decoding: plain.output, as: UTF8.self) != #"{"secure":"/tls"}"#)

        var broken = HTTPServerConfiguration()
        broken.port = 0
        broken.tls = HTTPServerTLS(certificatePEM: "not a certificate", privateKeyPEM: "not a key")
        let error = #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: broken, handler: ClosureHandler { _, respond in respond(HTTPResponse(status: 200)) }).start()
        }
        #expect(error?.code == .startFailed)
    }

    @Test("HTTPResponse.error builds the project's JSON error shape")
    func errorShape() throws {
        let response = HTTPResponse.error(status: 404, code: "not_found", message: "No such \"thing\" at /x")
        #expect(response.status == 404)
        #expect(response.headers == [HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8")])
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":{"code":"not_found","message":"No such \"thing\" at /x"}}"#)
    }
}
