import Foundation

/// A PostgreSQL server of a test's own, so the test can stop and start it without disturbing
/// other tests — with `tls`, one that accepts TCP clients over TLS only. Started and stopped
/// with the shell functions scripts/run uses (as the postgres user, so `state` must be a
/// folder that user can reach).
final class PostgresInstance: Sendable {
    let port: Int
    let tls: TLSMaterial?
    /// The superuser's conninfo, without any TLS settings.
    let server: String
    private let state: URL
    /// Whether the data folder is this instance's own, to remove at shutdown.
    private let ownsState: Bool
    private let environment: TestEnvironment

    init(tls: TLSMaterial? = nil, state: URL? = nil) throws {
        environment = try TestEnvironment.require()
        port = TestEnvironment.freePort()
        self.tls = tls
        self.state = state ?? FileManager.default.temporaryDirectory.appendingPathComponent("postgres-\(port)")
        ownsState = state == nil
        server = "host=localhost port=\(port) user=postgres password=postgres dbname=postgres"
        do {
            try start()
        } catch {
            shutdown()
            throw error
        }
    }

    /// The superuser's conninfo, verifying the server against the test CA when on TLS.
    var verifiedServer: String {
        guard let tls else { return server }
        return server + " sslmode=verify-full sslrootcert=\(tls.caFile)"
    }

    func start() throws {
        try shell("mdme_start_postgres")
    }

    /// A fast shutdown: connections are cut, the server waits for nothing.
    func stop() throws {
        try shell("mdme_stop_postgres")
    }

    /// Stops the server and removes its data, unless the caller gave the folder.
    func shutdown() {
        try? stop()
        if ownsState { try? FileManager.default.removeItem(at: state) }
    }

    private func shell(_ function: String) throws {
        var variables = ProcessInfo.processInfo.environment
        variables["MDME_STATE"] = state.path
        variables["MDME_PG_PORT"] = "\(port)"
        if let tls { variables["MDME_PG_TLS_DIR"] = tls.directory.path }
        variables["MDME_PG_SUPERUSER_PASSWORD"] = "postgres"
        variables["MDME_PG_FSYNC"] = "off"
        let script = environment.repository.appendingPathComponent("scripts/lib/servers.sh").path
        try TestEnvironment.run("/bin/bash", ["-c", "source '\(script)' && \(function)"], environment: variables)
    }
}
