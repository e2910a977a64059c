import Foundation
import Synchronization

/// One measured phase: `concurrency` threads, each with its own keep-alive connection, sending
/// requests back to back for `seconds` after a short warm-up that is not counted.
struct LoadPhase {
    let port: UInt16
    let concurrency: Int
    let seconds: Double
    let warmUpSeconds = 1.0

    /// `request(thread, connection)` sends one request and returns whether it succeeded.
    func run(_ request: @escaping @Sendable (Int, HTTPConnection) throws -> Bool) -> LatencySummary {
        let results = Mutex<(latencies: [Double], errors: Int)>(([], 0))
        let measureFrom = ContinuousClock.now + .seconds(warmUpSeconds)
        let end = measureFrom + .seconds(seconds)
        let port = port
        let finished = DispatchGroup()
        for index in 0..<concurrency {
            finished.enter()
            Thread.detachNewThread {
                let connection = HTTPConnection(port: port)
                var latencies: [Double] = []
                var errors = 0
                while true {
                    let began = ContinuousClock.now
                    guard began < end else { break }
                    let succeeded = (try? request(index, connection)) ?? false
                    guard began >= measureFrom else { continue }
                    if succeeded {
                        let elapsed = began.duration(to: ContinuousClock.now)
                        latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    } else {
                        errors += 1
                    }
                }
                results.withLock {
                    $0.latencies += latencies
                    $0.errors += errors
                }
                finished.leave()
            }
        }
        finished.wait()
        return results.withLock { LatencySummary(latencies: $0.latencies, errors: $0.errors, seconds: seconds) }
    }
}
