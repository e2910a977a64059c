import Foundation
import HTTPServer
import MDMERuntime
import Synchronization

/// The HTTP server as a service: started on `run()`, which then blocks until `stop()`.
final class HTTPService: Service {
    let name = "http"
    private let server: HTTPServer
    private let configuration: MDMEConfiguration.Gateway
    private let logger: Logger
    private let scheme: String
    private let stopped = Mutex(false)
    private let stopSignal = DispatchSemaphore(value: 0)

    init(configuration: MDMEConfiguration.Gateway, tls: HTTPServerTLS?, handler: any HTTPRequestHandler, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        scheme = tls == nil ? "http" : "https"
        var settings = HTTPServerConfiguration()
        settings.host = configuration.host
        settings.port = configuration.port
        settings.threadCount = configuration.threads
        settings.maxBodyBytes = configuration.maxBodyBytes
        settings.tls = tls
        settings.headersOnEveryResponse = SecurityHeaders.headers(for: .apiData)
        server = HTTPServer(configuration: settings, handler: handler)
    }

    func run() throws {
        try server.start()
        logger.notice("listening", ["address": "\(configuration.host):\(server.port)", "scheme": scheme])
        stopSignal.wait()
        server.stop()
        logger.notice("http stopped")
    }

    func stop() {
        let first = stopped.withLock { value in
            defer { value = true }
            return !value
        }
        if first { stopSignal.signal() }
    }
}
