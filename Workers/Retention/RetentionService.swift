import Foundation
import MDMERuntime
import Retention
import Synchronization

/// Sweeps every `retention.sweep_interval_minutes`, the first time at start. Any number of
/// replicas may run: the sweep's advisory lock lets one at a time do the work, and exactly-once
/// rests on the database in any case (`RetentionSweep`).
// @unchecked: the sweep and its connection are confined to the `run()` thread; the stop flag is atomic.
final class RetentionService: Service, @unchecked Sendable {
    let name = "retention-sweep"
    private let configuration: MDMEConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    init(configuration: MDMEConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger.with(["service": "retention-sweep"])
    }

    func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    func run() throws {
        var sweep: RetentionSweep?
        let interval = TimeInterval(configuration.retention.sweepIntervalMinutes * 60)
        while !stopping {
            do {
                if sweep == nil {
                    sweep = try RetentionSweep(configuration: configuration, logger: logger, applicationName: "mdme-retention")
                }
                let summary = try sweep!.sweep(now: Date(), waitForLock: false)
                if !summary.ran { logger.info("another replica is sweeping") }
            } catch {
                logger.warning("retention sweep failed; retrying at the next interval", ["error": "\(error)"])
                sweep?.close()
                sweep = nil
            }
            let next = Date().addingTimeInterval(interval)
            while !stopping && Date() < next {
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        sweep?.close()
    }
}
