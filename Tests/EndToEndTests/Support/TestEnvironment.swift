import Foundation
import Testing

/// Where the test servers and the built executables are (set by scripts/test). A test that
/// needs them and does not find them fails; it never skips.
struct TestEnvironment: Sendable {
    let postgres: String
    let amqpURL: String
    let rabbitNode: String
    let binDirectory: URL
    let repository: URL

    static func require() throws -> TestEnvironment {
        let environment = ProcessInfo.processInfo.environment
        let hint = "run the tests through scripts/test, which starts PostgreSQL and RabbitMQ"
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return TestEnvironment(
            postgres: try #require(environment["MDME_TEST_POSTGRES"], "MDME_TEST_POSTGRES is not set: \(hint)"),
            amqpURL: try #require(environment["MDME_TEST_AMQP"], "MDME_TEST_AMQP is not set: \(hint)"),
            rabbitNode: try #require(environment["MDME_TEST_RABBITMQ_NODE"], "MDME_TEST_RABBITMQ_NODE is not set: \(hint)"),
            binDirectory: URL(fileURLWithPath: environment["MDME_BIN_DIR"] ?? repository.appendingPathComponent(".build/debug").path),
            repository: repository
        )
    }

    /// Runs a command to completion and returns its output (stdout and stderr); throws on failure.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        try Subprocess.run(executable, arguments, environment: environment)
    }

    func rabbitmqctl(_ arguments: [String], node: String? = nil) throws {
        try Self.run("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-q", "-n", node ?? rabbitNode] + arguments)
    }

    /// A TCP port nobody listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(20), _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw TestFailure("timed out waiting for: \(what)")
}
