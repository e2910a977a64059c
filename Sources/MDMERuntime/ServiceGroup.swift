import Dispatch
import Foundation
import Synchronization

/// Runs services each on its own thread and stops them in reverse order on SIGTERM or SIGINT
/// (or when one of them fails), the way swift-service-lifecycle's ServiceGroup does for async code.
///
/// Blocking C calls (libpq, librabbitmq) stay on these dedicated threads, never on the Swift
/// concurrency pool.
public final class ServiceGroup: Sendable {
    private let services: [any Service]
    private let logger: Logger
    private let stopping = Mutex(false)
    private let failed = Mutex(false)

    public init(services: [any Service], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs until every service returned. Returns the process exit status: 0 after a clean
    /// shutdown, 1 when a service failed.
    public func run() -> Int32 {
        let finished = DispatchGroup()
        let signalSources = installSignalHandlers()
        for service in services {
            finished.enter()
            let thread = Thread { [self] in
                do {
                    try service.run()
                } catch {
                    logger.error("service failed", ["service": service.name, "error": "\(error)"])
                    failed.withLock { $0 = true }
                    stop()
                }
                finished.leave()
            }
            thread.name = service.name
            thread.start()
        }
        finished.wait()
        signalSources.forEach { $0.cancel() }
        return failed.withLock { $0 } ? 1 : 0
    }

    /// Stops every service, last started first. Safe to call more than once.
    public func stop() {
        let alreadyStopping = stopping.withLock { value in
            defer { value = true }
            return value
        }
        guard !alreadyStopping else { return }
        logger.notice("stopping services")
        for service in services.reversed() {
            service.stop()
        }
    }

    /// The default actions must be off for dispatch sources to see the signals. Only once per
    /// process: Linux's libdispatch installs its own handler with the first source, and a
    /// later SIG_IGN would silently drop the signals for every group after the first.
    private static let defaultSignalActionsDisabled: Void = {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
    }()

    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        Self.defaultSignalActionsDisabled
        return [SIGTERM, SIGINT].map { signalNumber in
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                logger.notice("signal received", ["signal": "\(signalNumber)"])
                stop()
            }
            source.resume()
            return source
        }
    }
}
