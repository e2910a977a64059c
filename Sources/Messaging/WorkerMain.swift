import Crypto
import Foundation
import MDMERuntime

/// The `main` of every worker executable: configuration, logger, `concurrency` consumer loops
/// an outbox relay and an audit sealer in a service group that stops gracefully on SIGTERM/SIGINT.
public enum WorkerMain {
    public static func run(
        worker: String,
        eventBindings: [String] = [],
        makeHandler: (MDMEConfiguration, Logger) throws -> any MessageHandler
    ) -> Never {
        let configuration: MDMEConfiguration
        do {
            configuration = try MDMEConfiguration.load()
        } catch {
            FileHandle.standardError.write(Data("mdme-\(worker): \(error)\n".utf8))
            exit(2)
        }
        let logger = Logger(label: "mdme-\(worker)", level: configuration.logLevelValue, metadata: ["pid": "\(getpid())"])
        let handler: any MessageHandler
        let inboxSealer: FieldCipher
        do {
            handler = try makeHandler(configuration, logger)
            inboxSealer = try FieldCipher(key: KeyFile.load(path: configuration.security.inboxKeyFile))
        } catch {
            logger.error("cannot start", ["error": "\(error)"])
            exit(2)
        }
        let queues = Topology.WorkerQueues(worker: worker, eventBindings: eventBindings)
        let metrics = WorkerMetrics(worker: worker)
        var services: [any Service] = (1...configuration.worker.concurrency).map { index in
            ConsumerLoop(name: "\(worker)-consumer-\(index)", queues: queues, configuration: configuration, handler: handler,
                         inboxSealer: inboxSealer, logger: logger, metrics: metrics)
        }
        services.append(OutboxRelay(configuration: configuration, logger: logger, metrics: metrics))
        services.append(AuditSealer(configuration: configuration, logger: logger))
        if let endpoint = MetricsEndpoint.service(configuration: configuration.worker, metrics: metrics, logger: logger) {
            services.append(endpoint)
        }
        logger.notice("started", ["worker": worker, "concurrency": "\(configuration.worker.concurrency)"])
        let status = ServiceGroup(services: services, logger: logger).run()
        logger.notice("stopped", ["status": "\(status)"])
        exit(status)
    }
}
