import AMQP
import Foundation
import Postgres
import Testing

/// The whole system with every connection on TLS — HTTPS at the gateway, AMQPS to RabbitMQ,
/// `verify-full` to PostgreSQL — on a PostgreSQL cluster and a RabbitMQ node of the test's own
/// that accept TLS only, with certificates from a test CA.
@Suite(.serialized)
struct TransportSecurityTests {
    @Test("login and a registration round trip over HTTPS, AMQPS and PostgreSQL TLS; plain, old and unverified connections are refused")
    func everythingOnTLS() async throws {
        let environment = try TestEnvironment.require()
        // Under the repository's ignored .run/: the postgres user can reach it (the test runs as root).
        let state = environment.repository.appendingPathComponent(".run/tls-e2e-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: state) }
        let tls = try await blocking { try TLSMaterial.make(in: state) }
        let postgres = try await blocking { try PostgresInstance(tls: tls, state: state) }
        defer { postgres.shutdown() }
        let broker = try await blocking { try BrokerInstance(tls: tls) }
        defer { broker.shutdown() }
        let system = try await SystemUnderTest.start(broker: broker, postgres: postgres, https: tls)
        defer { system.shutdown() }

        // Logins (curl trusting only the test CA) and a registration through both workers.
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let posted = try await system.api.post("/api/v1/me/registrations", registration("Walk over TLS"), token: client.token)
        #expect(posted.status == 201, "\(posted.text)")
        let seen = try await system.api.get("/api/v1/clients/\(client.id)/registrations", token: tenant.admin.token)
        #expect(seen.status == 200 && seen.array.first?["activity"] as? String == "Walk over TLS", "\(seen.text)")

        // Every database session of the system is encrypted (the server refuses others anyway).
        let database = try system.database()
        defer { database.close() }
        let sessions = try #require(try database.query("""
            select count(*)::int as total, (count(*) filter (where not coalesce(s.ssl, false)))::int as plain
            from pg_stat_activity a left join pg_stat_ssl s using (pid)
            where a.datname = $1 and a.usename = 'mdme_app'
            """, [system.name]).first)
        #expect(try sessions.decode("total", as: Int.self) > 0)
        #expect(try sessions.decode("plain", as: Int.self) == 0)

        // HTTPS only, TLS 1.2 or later, and only with a certificate the client trusts.
        let health = "localhost:\(system.port)/healthz"
        #expect(throws: (any Error).self, "plain HTTP on the HTTPS port") {
            try TestEnvironment.run("/usr/bin/curl", ["-sS", "--max-time", "5", "http://\(health)"])
        }
        #expect(throws: (any Error).self, "a client trusting another CA") {
            try TestEnvironment.run("/usr/bin/curl", ["-sS", "--max-time", "5", "--cacert", tls.otherCAFile, "https://\(health)"])
        }
        for (name, port, protocolName) in [("gateway", system.port, nil), ("RabbitMQ", broker.port, nil), ("PostgreSQL", postgres.port, "postgres")] {
            #expect(try handshake(port: port, starttls: protocolName, version: "TLS1.2", ca: tls.caFile), "\(name) speaks TLS 1.2")
            #expect(try !handshake(port: port, starttls: protocolName, version: "TLS1.1", ca: tls.caFile), "\(name) refuses TLS 1.1")
        }

        // The AMQP client verifies the broker's chain and host name (the certificate names only localhost).
        var amqp = try AMQPConfiguration(url: broker.url)
        amqp.tls?.caFile = tls.caFile
        try AMQPConnection(configuration: amqp).close()
        var wrongCA = amqp
        wrongCA.tls?.caFile = tls.otherCAFile
        #expect(throws: AMQPError.self, "AMQP with an untrusted CA") { try AMQPConnection(configuration: wrongCA).close() }
        var wrongHost = amqp
        wrongHost.host = "127.0.0.1"
        #expect(throws: AMQPError.self, "AMQP to a name the certificate does not hold") { try AMQPConnection(configuration: wrongHost).close() }
        var plain = amqp
        plain.tls = nil
        #expect(throws: AMQPError.self, "AMQP without TLS") { try AMQPConnection(configuration: plain).close() }

        // So does the PostgreSQL client, configured the way the processes are (postgres.tls_ca_file).
        let migrate = system.environment.binDirectory.appendingPathComponent("mdme").path
        #expect(try TestEnvironment.run(migrate, ["migrate"], environment: system.processEnvironment).contains("applied"))
        #expect(throws: (any Error).self, "PostgreSQL with an untrusted CA") {
            try TestEnvironment.run(migrate, ["migrate"], environment: system.processEnvironment.merging(
                ["MDME_POSTGRES_TLS_CA_FILE": tls.otherCAFile]) { _, new in new })
        }
        let byAddress = postgres.server.replacingOccurrences(of: "host=localhost", with: "host=127.0.0.1")
        #expect(throws: (any Error).self, "PostgreSQL at a name the certificate does not hold") {
            try TestEnvironment.run(migrate, ["migrate"], environment: system.processEnvironment.merging(
                ["MDME_POSTGRES_OWNER_URL": byAddress + " user=mdme_owner password=mdme_owner dbname=\(system.name)"]) { _, new in new })
        }
        #expect(throws: PostgresError.self, "PostgreSQL without TLS") {
            let connection = PostgresConnection(configuration: PostgresConfiguration(connectionString: postgres.server + " sslmode=disable"))
            defer { connection.close() }
            try connection.connect()
        }
    }

    @Test("the gateway will not start with plain HTTP on a non-loopback address (without allow_plain_http)")
    func plainHTTPRefused() throws {
        let environment = try TestEnvironment.require()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("session.key")
        try Data(Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString().utf8).write(to: key)
        let variables = ProcessInfo.processInfo.environment.merging([
            "MDME_CONFIG": environment.repository.appendingPathComponent("config/mdme.json").path,
            "MDME_SECURITY_SESSION_KEY_FILE": key.path,
            "MDME_GATEWAY_HOST": "0.0.0.0",
            "MDME_GATEWAY_PORT": "\(TestEnvironment.freePort())",
        ]) { _, new in new }
        let log = directory.appendingPathComponent("gateway.log").path
        let gateway = try Subprocess.spawn(environment.binDirectory.appendingPathComponent("mdme-gateway").path, [],
                                           environment: variables, outputPath: log)
        // A gateway that started anyway would never exit by itself.
        let watchdog = DispatchWorkItem { gateway.signal(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        #expect(gateway.wait() == 2)
        watchdog.cancel()
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(output.contains("gateway.host 0.0.0.0 is not a loopback address"), "\(output)")
    }

    /// Whether a TLS handshake with only `version` offered succeeds (gnutls-cli, trusting `ca`).
    private func handshake(port: Int, starttls: String?, version: String, ca: String) throws -> Bool {
        var arguments = ["--x509cafile", ca, "--priority", "NORMAL:-VERS-ALL:+VERS-\(version)", "-p", "\(port)", "localhost"]
        if let starttls { arguments.insert("--starttls-proto=\(starttls)", at: 0) }
        return (try? TestEnvironment.run("/usr/bin/gnutls-cli", arguments)) != nil
    }
}
