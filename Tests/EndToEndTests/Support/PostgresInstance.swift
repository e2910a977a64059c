import Foundation

/// A PostgreSQL server of a test's own, so the test can stop and start it without disturbing
/// other tests. Started and stopped with the same shell functions as scripts/run uses.
final class PostgresInstance: Sendable {
    let port: Int
    /// A libpq conninfo of the superuser, without a database name.
    let connectionString: String
    private let state: URL
    private let environment: TestEnvironment

    init() throws {
        environment = try TestEnvironment.require()
        port = TestEnvironment.freePort()
        state = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-\(port)")
        connectionString = "host=127.0.0.1 port=\(port) user=postgres password=postgres dbname=postgres"
        try start()
    }

    func start() throws {
        try shell("mdme_start_postgres")
    }

    /// A fast shutdown: connections are cut, the server waits for nothing.
    func stop() throws {
        try shell("mdme_stop_postgres")
    }

    func shutdown() {
        try? stop()
        try? FileManager.default.removeItem(at: state)
    }

    private func shell(_ function: String) throws {
        var variables = ProcessInfo.processInfo.environment
        variables["MDME_STATE"] = state.path
        variables["MDME_PG_PORT"] = "\(port)"
        variables["MDME_PG_SUPERUSER_PASSWORD"] = "postgres"
        variables["MDME_PG_FSYNC"] = "off"
        let script = environment.repository.appendingPathComponent("scripts/lib/servers.sh").path
        try TestEnvironment.run("/bin/bash", ["-c", "source '\(script)' && \(function)"], environment: variables)
    }
}
