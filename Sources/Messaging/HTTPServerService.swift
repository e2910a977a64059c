import Foundation
import HTTPServer
import MDMERuntime
import Synchronization

/// An HTTP server as a service: started on `run()`, which then blocks until `stop()`. Serves
/// the gateway's API and the workers' metrics ports.
public final class HTTPServerService: Service {
    public let name: String
    private let server: HTTPServer
    private let logger: Logger
    /// What the "listening" line says besides the address (e.g. the scheme).
    private let metadata: [String: String]
    private let host: String
    private let stopped = Mutex(false)
    private let stopSignal = DispatchSemaphore(value: 0)

    public init(name: String, configuration: HTTPServerConfiguration, handler: any HTTPRequestHandler,
                logger: Logger, metadata: [String: String] = [:]) {
        self.name = name
        server = HTTPServer(configuration: configuration, handler: handler)
        host = configuration.host
        self.logger = logger
        self.metadata = metadata
    }

    public func run() throws {
        try server.start()
        logger.notice("listening", metadata.merging(["address": "\(host):\(server.port)", "server": name]) { $1 })
        stopSignal.wait()
        server.stop()
        logger.notice("\(name) stopped")
    }

    public func stop() {
        let first = stopped.withLock { value in
            defer { value = true }
            return !value
        }
        if first { stopSignal.signal() }
    }
}
