import Foundation
import Synchronization
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

    /// A port nothing listens on, for a server a test starts. It comes from below the kernel's
    /// ephemeral range (32768 and up), where the outgoing connections of every other test take
    /// their local ports, and is never handed out twice in this process. A port picked by the
    /// kernel and released again was, now and then, taken before the gateway bound it — by a
    /// connection or by another system given the same port — and that system's tests then
    /// talked to another system's gateway.
    static func freePort() -> Int {
        handedOutPorts.withLock { handedOut in
            while true {
                let port = Int.random(in: 20_000..<32_000)
                if !handedOut.contains(port), isFree(port) {
                    handedOut.insert(port)
                    return port
                }
            }
        }
    }

    private static let handedOutPorts = Mutex<Set<Int>>([])

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
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
