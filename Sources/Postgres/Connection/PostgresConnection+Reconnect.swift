import Foundation

extension PostgresConnection {
    /// Connects again, retrying with exponential backoff (100 ms doubling, capped at 5 s) until
    /// `deadline` or until `shouldStop()` returns true; throws the last connection error.
    ///
    /// At least one attempt is made. Each attempt's libpq `connect_timeout` is cut to the time
    /// left (libpq's minimum is 2 s), so a silent host cannot hold the call far past `deadline`.
    public func reconnect(until deadline: ContinuousClock.Instant, shouldStop: () -> Bool = { false }) throws {
        guard !inTransaction else {
            throw PostgresError(code: .invalidState, message: "reconnect() called inside a transaction")
        }
        let clock = ContinuousClock()
        var delay = Duration.milliseconds(100)
        while true {
            do {
                try open(timeoutSeconds: attemptTimeout(remaining: deadline - clock.now))
                return
            } catch {
                var remaining = deadline - clock.now
                var pause = min(delay, remaining)
                while pause > .zero, !shouldStop() {
                    // Short naps so shouldStop() is noticed within 100 ms.
                    let nap = min(pause, .milliseconds(100))
                    Thread.sleep(forTimeInterval: nap.seconds)
                    pause -= nap
                }
                remaining = deadline - clock.now
                if remaining <= .zero || shouldStop() {
                    throw error
                }
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    private func attemptTimeout(remaining: Duration) -> Int {
        let budget = max(2, Int(remaining.seconds.rounded(.up)))
        let configured = configuration.connectTimeoutSeconds
        return configured > 0 ? min(configured, budget) : budget
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
