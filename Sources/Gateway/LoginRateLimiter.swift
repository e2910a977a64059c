import Foundation
import Synchronization

/// Counts failed logins per key (a remote address, or an account's hashed address) in a
/// sliding minute and refuses further attempts over the limit, before they cost an argon2
/// verification or a directory bind.
final class LoginRateLimiter: Sendable {
    private let limitPerMinute: Int
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limitPerMinute: Int) {
        self.limitPerMinute = limitPerMinute
    }

    /// Seconds until `key` may try again, or nil when it may now.
    func retryAfter(key: String, now: ContinuousClock.Instant = .now) -> Int? {
        failures.withLock { table in
            let recent = (table[key] ?? []).filter { now - $0 < .seconds(60) }
            table[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limitPerMinute, let oldest = recent.first else { return nil }
            return max(1, Int((oldest + .seconds(60) - now).components.seconds) + 1)
        }
    }

    func recordFailure(key: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { table in
            table[key, default: []].append(now)
            // Bound memory under a flood of distinct keys.
            if table.count > 100_000 { table.removeAll() }
        }
    }
}
