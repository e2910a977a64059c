import Foundation

/// Runs blocking work (waiting for a child process, starting a server) on a thread of its own,
/// so it does not hold one of the few threads of Swift's cooperative pool: with tests running
/// in parallel on a small machine, a few such waits would stall every other test's awaits.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
