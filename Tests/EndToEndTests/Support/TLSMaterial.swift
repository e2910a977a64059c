import Foundation

/// A test CA and a server certificate it signed for the name `localhost` only (no IP address,
/// so connecting to 127.0.0.1 shows that host names are checked), made by the same shell
/// function as scripts/run's development certificate; plus an unrelated CA that must not be trusted.
struct TLSMaterial: Sendable {
    let directory: URL

    var caFile: String { directory.appendingPathComponent("ca.crt").path }
    var certificateFile: String { directory.appendingPathComponent("server.crt").path }
    var keyFile: String { directory.appendingPathComponent("server.key").path }
    var otherCAFile: String { directory.appendingPathComponent("other/ca.crt").path }

    /// Makes the material in a new folder under `parent`.
    static func make(in parent: URL) throws -> TLSMaterial {
        let environment = try TestEnvironment.require()
        let directory = parent.appendingPathComponent("tls")
        let script = environment.repository.appendingPathComponent("scripts/lib/servers.sh").path
        var variables = ProcessInfo.processInfo.environment
        variables["MDME_TLS_SAN"] = "DNS:localhost"
        try TestEnvironment.run("/bin/bash", ["-c", """
            source '\(script)' && mdme_make_tls_certificates '\(directory.path)' && \
            mdme_make_tls_certificates '\(directory.appendingPathComponent("other").path)'
            """], environment: variables)
        return TLSMaterial(directory: directory)
    }
}
