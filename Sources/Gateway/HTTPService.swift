import HTTPServer
import MDMERuntime
import Messaging

/// The gateway's HTTP(S) server, with the security headers on every response.
enum HTTPService {
    static func service(configuration: MDMEConfiguration.Gateway, tls: HTTPServerTLS?, handler: any HTTPRequestHandler,
                        logger: Logger) -> HTTPServerService {
        var settings = HTTPServerConfiguration()
        settings.host = configuration.host
        settings.port = configuration.port
        settings.threadCount = configuration.threads
        settings.maxBodyBytes = configuration.maxBodyBytes
        settings.tls = tls
        settings.headersOnEveryResponse = SecurityHeaders.headers(for: .apiData)
        return HTTPServerService(name: "http", configuration: settings, handler: handler, logger: logger,
                                 metadata: ["scheme": tls == nil ? "http" : "https"])
    }
}
