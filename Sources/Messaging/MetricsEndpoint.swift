import Foundation
import HTTPServer
import MDMERuntime
import Synchronization

/// `GET /metrics` (Prometheus) and `GET /healthz` of a worker process, on its own port
/// (`worker.metrics_port`), for the operator's scraper only: bind it to loopback or a private
/// network, it has no authentication.
public final class MetricsEndpoint: Service {
    public let name = "metrics"
    private let server: HTTPServer
    private let address: String
    private let logger: Logger
    private let stopped = Mutex(false)
    private let stopSignal = DispatchSemaphore(value: 0)

    /// Nil when the configuration asks for no metrics port.
    public init?(configuration: MDMEConfiguration.Worker, metrics: WorkerMetrics, logger: Logger) {
        guard configuration.metricsPort > 0 else { return nil }
        var settings = HTTPServerConfiguration()
        settings.host = configuration.metricsHost
        settings.port = configuration.metricsPort
        settings.threadCount = 1
        settings.maxBodyBytes = 1024
        server = HTTPServer(configuration: settings, handler: Handler(metrics: metrics))
        address = "\(configuration.metricsHost):\(configuration.metricsPort)"
        self.logger = logger
    }

    public func run() throws {
        try server.start()
        logger.notice("metrics listening", ["address": address])
        stopSignal.wait()
        server.stop()
    }

    public func stop() {
        let first = stopped.withLock { value in
            defer { value = true }
            return !value
        }
        if first { stopSignal.signal() }
    }

    private struct Handler: HTTPRequestHandler {
        let metrics: WorkerMetrics

        func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void) {
            switch (request.method, request.path) {
            case ("GET", "/metrics"):
                respond(HTTPResponse(status: 200, headers: [HTTPHeader(name: "Content-Type", value: PrometheusText.contentType)],
                                     body: Array(metrics.render().utf8)))
            case ("GET", "/healthz"):
                respond(.json(status: 200, Array(#"{"status":"ok"}"#.utf8)))
            default:
                respond(.error(status: 404, code: "not_found", message: "Only /metrics and /healthz are served here."))
            }
        }
    }
}
