import Foundation
import MDMERuntime
import Messaging

// mdme-retention: the scheduled retention sweep (warnings, deletion, the "deleted" notice) and
// the outbox relay that carries its events to the mailer, and an audit sealer. It consumes no queue.
let configuration: MDMEConfiguration
do {
    configuration = try MDMEConfiguration.load()
} catch {
    FileHandle.standardError.write(Data("mdme-retention: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(label: "mdme-retention", level: configuration.logLevelValue, metadata: ["pid": "\(getpid())"])
let metrics = WorkerMetrics(worker: "retention")
var services: [any Service] = [
    RetentionService(configuration: configuration, logger: logger),
    OutboxRelay(configuration: configuration, logger: logger, metrics: metrics),
    AuditSealer(configuration: configuration, logger: logger),
]
if let endpoint = MetricsEndpoint.service(configuration: configuration.worker, metrics: metrics, logger: logger) {
    services.append(endpoint)
}
logger.notice("started", ["worker": "retention", "sweep_interval_minutes": "\(configuration.retention.sweepIntervalMinutes)"])
let status = ServiceGroup(services: services, logger: logger).run()
logger.notice("stopped", ["status": "\(status)"])
exit(status)
