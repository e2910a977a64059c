import Foundation
import Synchronization

/// Counts failed logins per remote address in a sliding minute and refuses further attempts
/// from an address over the limit, before they cost an argon2 verification.
final class LoginRateLimiter: Sendable {
    private let limitPerMinute: Int
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limitPerMinute: Int) {
        self.limitPerMinute = limitPerMinute
    }

    /// Seconds until the address may try again, or nil when it may now.
    func retryAfter(address: String, now: ContinuousClock.Instant = .now) -> Int? {
        failures.withLock { table in
            let recent = (table[address] ?? []).filter { now - $0 < .seconds(60) }
            table[address] = recent.isEmpty ? nil : recent
            guard recent.count >= limitPerMinute, let oldest = recent.first else { return nil }
            return max(1, Int((oldest + .seconds(60) - now).components.seconds) + 1)
        }
    }

    func recordFailure(address: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { table in
            table[address, default: []].append(now)
            // Bound memory under a flood of distinct addresses.
            if table.count > 100_000 { table.removeAll() }
        }
    }
}
