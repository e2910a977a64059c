import Foundation

/// A RabbitMQ server of a test's own, so the test can stop and start it without disturbing
/// other tests. Started and stopped with the same shell functions as scripts/run uses.
final class BrokerInstance: Sendable {
    let port: Int
    let node: String
    let url: String
    /// With TLS, the only listener speaks TLS, with the certificates of this material.
    let tls: TLSMaterial?
    private let state: URL
    private let environment: TestEnvironment

    init(tls: TLSMaterial? = nil) throws {
        environment = try TestEnvironment.require()
        port = TestEnvironment.freePort()
        node = "mdme-\(tls == nil ? "e2e" : "tls")-\(UUID().uuidString.prefix(8).lowercased())@localhost"
        state = FileManager.default.temporaryDirectory.appendingPathComponent("broker-\(port)")
        self.tls = tls
        url = tls == nil ? "amqp://mdme:mdme@127.0.0.1:\(port)/" : "amqps://mdme:mdme@localhost:\(port)/"
        do {
            try start()
        } catch {
            shutdown()  // a node that came up but failed later must not outlive the test
            throw error
        }
    }

    func start() throws {
        try shell("mdme_start_rabbitmq")
    }

    /// Stops the server and waits until its process has exited.
    func stop() throws {
        try shell("mdme_stop_rabbitmq")
    }

    func shutdown() {
        try? stop()
        try? FileManager.default.removeItem(at: state)
    }

    private func shell(_ function: String) throws {
        var variables = ProcessInfo.processInfo.environment
        variables["MDME_STATE"] = state.path
        variables["MDME_AMQP_PORT"] = "\(port)"
        variables["MDME_RABBIT_DIST_PORT"] = "\(TestEnvironment.freePort())"
        variables["MDME_RABBIT_NODE"] = node
        variables["MDME_AMQP_USER"] = "mdme"
        variables["MDME_AMQP_PASSWORD"] = "mdme"
        if let tls { variables["MDME_AMQP_TLS_DIR"] = tls.directory.path }
        let script = environment.repository.appendingPathComponent("scripts/lib/servers.sh").path
        try TestEnvironment.run("/bin/bash", ["-c", "source '\(script)' && \(function)"], environment: variables)
    }
}
