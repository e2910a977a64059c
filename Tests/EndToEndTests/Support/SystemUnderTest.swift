import Foundation
import Postgres
import Synchronization
import Testing

/// A whole MDME system for a test: its own database and RabbitMQ virtual host on the shared
/// test servers (or servers of its own, e.g. on TLS), its own keys, and the real executables.
final class SystemUnderTest: Sendable {
    enum Component: String, CaseIterable, Sendable {
        case storage = "mdme-storage"
        case scoring = "mdme-scoring"
        case retention = "mdme-retention"
        case mailer = "mdme-mailer"
        case reports = "mdme-reports"
        case gateway = "mdme-gateway"
    }

    let environment: TestEnvironment
    let name: String
    let port: Int
    let amqpURL: String
    let api: APIClient
    /// The superuser's conninfo of the server holding this system's database.
    let postgresServer: String
    /// Where the system's keys and logs are.
    let directory: URL
    private let vhost: String?
    /// The RabbitMQ node this system's queues are on.
    let rabbitNode: String
    private let overrides: Mutex<[String: String]>
    /// Running processes by component and replica number (1…).
    private let processes = Mutex<[Component: [Int: Subprocess]]>([:])

    /// `settings` are extra `MDME_*` variables (e.g. a short reply timeout). With `postgres` or a
    /// TLS `broker` the processes connect over TLS, verifying against the test CA; with `https`
    /// the gateway serves HTTPS with that material and `api` trusts its CA.
    init(settings: [String: String] = [:], broker: BrokerInstance? = nil, postgres: PostgresInstance? = nil,
         https: TLSMaterial? = nil) throws {
        let environment = try TestEnvironment.require()
        self.environment = environment
        let name = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        self.name = name
        port = TestEnvironment.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        postgresServer = postgres?.verifiedServer ?? environment.postgres
        let postgresBase = postgres?.server ?? environment.postgres
        for key in ["session", "blind-index", "master", "inbox"] {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
            try Data(Data(bytes).base64EncodedString().utf8).write(to: directory.appendingPathComponent("\(key).key"))
        }
        rabbitNode = broker?.node ?? environment.rabbitNode
        if let broker {
            vhost = nil
            amqpURL = broker.url
        } else {
            // A virtual host of its own keeps this system's queues apart from other tests'.
            vhost = name
            try environment.rabbitmqctl(["add_vhost", name])
            try environment.rabbitmqctl(["set_permissions", "-p", name, "mdme", ".*", ".*", ".*"])
            amqpURL = environment.amqpURL.hasSuffix("/") ? environment.amqpURL + name : environment.amqpURL + "/" + name
        }
        // The roles of scripts/run: the owner runs migrations, the workers are `mdme_app`.
        try Self.withServer(postgresServer) { connection in
            for role in ["mdme_owner", "mdme_app"] {
                try connection.executeScript("""
                    do $$ begin create role \(role) login password '\(role)';
                    exception when duplicate_object or unique_violation then null; end $$
                    """)
            }
            // CREATE DATABASE takes no parameters; the name is generated above, never input.
            try connection.executeScript("create database \(name) owner mdme_owner")
        }
        // In a libpq conninfo the last value of a keyword wins.
        let scheme = https == nil ? "http" : "https"
        let host = https == nil ? "127.0.0.1" : "localhost"
        var tlsSettings: [String: String] = [:]
        if let tls = postgres?.tls { tlsSettings["MDME_POSTGRES_TLS_CA_FILE"] = tls.caFile }
        if let tls = broker?.tls { tlsSettings["MDME_AMQP_TLS_CA_FILE"] = tls.caFile }
        if let https {
            tlsSettings["MDME_GATEWAY_TLS_CERTIFICATE_FILE"] = https.certificateFile
            tlsSettings["MDME_GATEWAY_TLS_KEY_FILE"] = https.keyFile
        }
        overrides = Mutex([
            "MDME_CONFIG": environment.repository.appendingPathComponent("config/mdme.json").path,
            "MDME_GATEWAY_OPENAPI_FILE": environment.repository.appendingPathComponent("openapi/mdme.yaml").path,
            "MDME_POSTGRES_URL": postgresBase + " user=mdme_app password=mdme_app dbname=\(name)",
            "MDME_POSTGRES_OWNER_URL": postgresBase + " user=mdme_owner password=mdme_owner dbname=\(name)",
            "MDME_SECURITY_MASTER_KEY_FILE": directory.appendingPathComponent("master.key").path,
            "MDME_SECURITY_INBOX_KEY_FILE": directory.appendingPathComponent("inbox.key").path,
            "MDME_AMQP_URL": amqpURL,
            "MDME_GATEWAY_PORT": "\(port)",
            "MDME_GATEWAY_PUBLIC_URL": "\(scheme)://\(host):\(port)",
            "MDME_SECURITY_SESSION_KEY_FILE": directory.appendingPathComponent("session.key").path,
            "MDME_SECURITY_BLIND_INDEX_KEY_FILE": directory.appendingPathComponent("blind-index.key").path,
            // argon2id at libsodium's minimum cost: tests log in hundreds of times.
            "MDME_SECURITY_PASSWORD_COST": "minimum",
            "MDME_MESSAGING_RETRY_DELAYS_MS": "[200,500]",
            // Dozens of systems share the test server's connections; two loops per worker suffice.
            "MDME_WORKER_CONCURRENCY": "2",
            "MDME_LOG_LEVEL": "info",
        ].merging(tlsSettings) { _, tls in tls }.merging(settings) { _, explicit in explicit })
        api = APIClient(baseURL: URL(string: "\(scheme)://\(host):\(port)")!, caFile: https?.caFile)
        try cli(["migrate"])
    }

    /// Starts the executables and waits until the gateway is ready. mdme-reports only with
    /// `reports`: its four quorum queues per system, declared by every suite's system at once,
    /// slowed the shared test broker past the gateways' readiness wait.
    static func start(settings: [String: String] = [:], broker: BrokerInstance? = nil, postgres: PostgresInstance? = nil,
                      https: TLSMaterial? = nil, reports: Bool = false) async throws -> SystemUnderTest {
        let system = try await blocking { try SystemUnderTest(settings: settings, broker: broker, postgres: postgres, https: https) }
        do {
            for component in Component.allCases where component != .reports || reports { try system.start(component) }
            try await system.waitUntilReady()
        } catch {
            system.shutdown()
            throw error
        }
        return system
    }

    var processEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(overrides.withLock { $0 }) { _, mine in mine }
    }

    /// Changes `MDME_*` variables for processes started from now on (an empty value clears a setting).
    func reconfigure(_ settings: [String: String]) {
        overrides.withLock { $0.merge(settings) { _, new in new } }
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> String {
        try TestEnvironment.run(environment.binDirectory.appendingPathComponent("mdme").path, arguments, environment: processEnvironment)
    }

    /// Starts one executable (another replica of a worker when `replica` > 1); `settings` are
    /// `MDME_*` variables for this process only.
    func start(_ component: Component, replica: Int = 1, settings: [String: String] = [:]) throws {
        let log = replica == 1 ? component.rawValue : "\(component.rawValue)-\(replica)"
        let process = try Subprocess.spawn(
            environment.binDirectory.appendingPathComponent(component.rawValue).path, [],
            environment: processEnvironment.merging(settings) { _, mine in mine },
            outputPath: directory.appendingPathComponent("\(log).log").path
        )
        processes.withLock { $0[component, default: [:]][replica] = process }
    }

    /// Sends `signal` to the component's processes (or one replica) and waits for them to exit;
    /// SIGTERM is a graceful stop. Returns the exit status of the last one stopped.
    @discardableResult
    func stop(_ component: Component, replica: Int? = nil, signal: Int32 = SIGTERM) -> Int32? {
        let stopping: [Subprocess] = processes.withLock { running in
            guard let replica else { return Array((running.removeValue(forKey: component) ?? [:]).values) }
            return [running[component]?.removeValue(forKey: replica)].compactMap { $0 }
        }
        stopping.forEach { $0.signal(signal) }
        return stopping.map { $0.wait() }.last
    }

    /// Generous: the whole suite starts twenty-odd systems at once on a small shared machine.
    func waitUntilReady(timeout: Duration = .seconds(90)) async throws {
        try await eventually(timeout: timeout, "gateway \(port) ready") {
            // Only when this system's gateway says it listens is the port's answer its own
            // (the line is a notice: a system's log level must not be above that).
            guard log(.gateway).contains(#""msg":"listening""#) else { return false }
            return try await api.get("/readyz").status == 200
        }
    }

    /// Messages (ready and unacknowledged) in each of this system's queues.
    func queueDepths() throws -> [String: Int] {
        let output = try TestEnvironment.run("/usr/lib/rabbitmq/bin/rabbitmqctl", [
            "-q", "-n", rabbitNode, "list_queues", "-p", vhost ?? "/", "name", "messages", "--no-table-headers",
        ])
        var depths: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if fields.count == 2, let count = Int(fields[1]) { depths[String(fields[0])] = count }
        }
        return depths
    }

    /// The log of a component, for diagnosing a failure.
    func log(_ component: Component) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("\(component.rawValue).log"), encoding: .utf8)) ?? ""
    }

    /// Stops everything and removes the database and virtual host.
    func shutdown() {
        for component in Component.allCases.reversed() { stop(component) }
        try? Self.withServer(postgresServer) { try $0.executeScript("drop database if exists \(name) with (force)") }
        if let vhost { try? environment.rabbitmqctl(["delete_vhost", vhost]) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A connection to this system's database, for checks behind the API's back: as the
    /// superuser by default, or as the workers' role.
    func database(asApplication: Bool = false) throws -> PostgresConnection {
        var configuration = Self.configuration(postgresServer)
        configuration.connectionParameters = ["dbname": name]
        if asApplication {
            configuration.connectionParameters["user"] = "mdme_app"
            configuration.connectionParameters["password"] = "mdme_app"
        }
        let connection = PostgresConnection(configuration: configuration)
        try connection.connect()
        return connection
    }

    func count(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        let connection = try database()
        defer { connection.close() }
        return try connection.query(sql, parameters).first?.decode("count", as: Int.self) ?? 0
    }

    private static func withServer(_ connectionString: String, _ body: (PostgresConnection) throws -> Void) throws {
        let connection = PostgresConnection(configuration: configuration(connectionString))
        try connection.connect()
        defer { connection.close() }
        try body(connection)
    }

    /// The test machine is shared and the suites connect in bursts while whole systems start
    /// beside them, so a check may wait longer for its backend than the production 5 s.
    private static func configuration(_ connectionString: String) -> PostgresConfiguration {
        var configuration = PostgresConfiguration(connectionString: connectionString, applicationName: "mdme-e2e")
        configuration.connectTimeoutSeconds = 30
        return configuration
    }
}
