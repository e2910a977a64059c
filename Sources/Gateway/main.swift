import Crypto
import Foundation
import HTTPServer
import MDMERuntime
import Messaging

// mdme-gateway: HTTP in, messages out. Holds no database credentials and no data keys.
let configuration: MDMEConfiguration
let signer: SessionTokenSigner
let tls: HTTPServerTLS?
let webFrontEnd: WebFrontEnd
do {
    configuration = try MDMEConfiguration.load()
    signer = try configuration.sessionTokenSigner()
    tls = try configuration.gateway.transportSecurity()
    // The front ends are resources of this executable (`mdme_Gateway.resources` beside it).
    guard let web = Bundle.module.url(forResource: "Web", withExtension: nil) else { throw WebFrontEnd.NotInstalled() }
    webFrontEnd = try WebFrontEnd(directory: web)
} catch {
    FileHandle.standardError.write(Data("mdme-gateway: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(label: "mdme-gateway", level: configuration.logLevelValue, metadata: ["pid": "\(getpid())"])
let broker = BrokerClient(configuration: configuration, logger: logger)
let metrics = GatewayMetrics()
let handler = GatewayHandler(
    configuration: configuration, signer: signer, broker: broker, metrics: metrics, webFrontEnd: webFrontEnd, logger: logger
)
let http = HTTPService.service(configuration: configuration.gateway, tls: tls, handler: handler, logger: logger)
let status = ServiceGroup(services: [broker, http], logger: logger).run()
exit(status)
