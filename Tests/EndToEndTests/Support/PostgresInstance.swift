import Foundation

/// A PostgreSQL cluster of a test's own that accepts TCP clients over TLS only, started and
/// stopped with the shell functions scripts/run uses (as the postgres user, data under the
/// repository's ignored `.run/`, which that user can reach).
final class PostgresInstance: Sendable {
    let port: Int
    let tls: TLSMaterial
    /// The superuser's conninfo, without any TLS settings.
    let server: String
    private let state: URL
    private let environment: TestEnvironment

    init(tls: TLSMaterial, state: URL) throws {
        environment = try TestEnvironment.require()
        port = TestEnvironment.freePort()
        self.tls = tls
        self.state = state
        server = "host=localhost port=\(port) user=postgres password=postgres dbname=postgres"
        do {
            try shell("mdme_start_postgres")
        } catch {
            shutdown()
            throw error
        }
    }

    /// The superuser's conninfo, verifying the server against the test CA.
    var verifiedServer: String {
        server + " sslmode=verify-full sslrootcert=\(tls.caFile)"
    }

    func shutdown() {
        try? shell("mdme_stop_postgres")
    }

    private func shell(_ function: String) throws {
        var variables = ProcessInfo.processInfo.environment
        variables["MDME_STATE"] = state.path
        variables["MDME_PG_PORT"] = "\(port)"
        variables["MDME_PG_TLS_DIR"] = tls.directory.path
        variables["MDME_PG_SUPERUSER_PASSWORD"] = "postgres"
        variables["MDME_PG_FSYNC"] = "off"
        let script = environment.repository.appendingPathComponent("scripts/lib/servers.sh").path
        try TestEnvironment.run("/bin/bash", ["-c", "source '\(script)' && \(function)"], environment: variables)
    }
}
