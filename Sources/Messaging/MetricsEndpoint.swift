import HTTPServer
import MDMERuntime

/// `GET /metrics` (Prometheus) and `GET /healthz` of a worker process, on its own port
/// (`worker.metrics_port`), for the operator's scraper only: bind it to loopback or a private
/// network, it has no authentication.
public enum MetricsEndpoint {
    /// The endpoint's server, or nil when the configuration asks for no metrics port.
    public static func service(configuration: MDMEConfiguration.Worker, metrics: WorkerMetrics, logger: Logger) -> HTTPServerService? {
        guard configuration.metricsPort > 0 else { return nil }
        var settings = HTTPServerConfiguration()
        settings.host = configuration.metricsHost
        settings.port = configuration.metricsPort
        settings.threadCount = 1
        settings.maxBodyBytes = 1024
        return HTTPServerService(name: "metrics", configuration: settings, handler: Handler(metrics: metrics), logger: logger)
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
