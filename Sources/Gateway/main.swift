import Crypto
import Foundation
import HTTPServer
import MDMERuntime
import Messaging

// mdme-gateway: HTTP in, messages out. Holds no database credentials and no data keys.
let configuration: MDMEConfiguration
let signer: SessionTokenSigner
let tls: HTTPServerTLS?
do {
    configuration = try MDMEConfiguration.load()
    signer = try configuration.sessionTokenSigner()
    tls = try configuration.gateway.transportSecurity()
} catch {
    FileHandle.standardError.write(Data("mdme-gateway: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(label: "mdme-gateway", level: configuration.logLevelValue, metadata: ["pid": "\(getpid())"])
let broker = BrokerClient(configuration: configuration, logger: logger)
let metrics = GatewayMetrics()
let handler = GatewayHandler(
    configuration: configuration, signer: signer, broker: broker, metrics: metrics, logger: logger
)
let http = HTTPService.service(configuration: configuration.gateway, tls: tls, handler: handler, logger: logger)
let status = ServiceGroup(services: [broker, http], logger: logger).run()
exit(status)
