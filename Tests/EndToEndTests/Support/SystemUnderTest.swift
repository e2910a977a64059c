import Foundation
import Postgres
import Synchronization
import Testing

/// A whole MDME system for a test: its own database and RabbitMQ virtual host on the shared
/// test servers (or a broker of its own), its own keys, and the real executables.
final class SystemUnderTest: Sendable {
    enum Component: String, CaseIterable, Sendable {
        case storage = "mdme-storage"
        case scoring = "mdme-scoring"
        case retention = "mdme-retention"
        case reports = "mdme-reports"
        case gateway = "mdme-gateway"
    }

    let environment: TestEnvironment
    let name: String
    let port: Int
    let amqpURL: String
    let api: APIClient
    private let directory: URL
    private let vhost: String?
    private let overrides: [String: String]
    private let processes = Mutex<[Component: Subprocess]>([:])

    /// `settings` are extra `MDME_*` variables (e.g. a short reply timeout).
    init(settings: [String: String] = [:], broker: BrokerInstance? = nil) throws {
        let environment = try TestEnvironment.require()
        self.environment = environment
        let name = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        self.name = name
        port = TestEnvironment.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for key in ["session", "blind-index", "master", "inbox"] {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
            try Data(Data(bytes).base64EncodedString().utf8).write(to: directory.appendingPathComponent("\(key).key"))
        }
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
        try Self.withServer(environment.postgres) { connection in
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
        overrides = [
            "MDME_CONFIG": environment.repository.appendingPathComponent("config/mdme.json").path,
            "MDME_GATEWAY_OPENAPI_FILE": environment.repository.appendingPathComponent("openapi/mdme.yaml").path,
            "MDME_POSTGRES_URL": environment.postgres + " user=mdme_app password=mdme_app dbname=\(name)",
            "MDME_POSTGRES_OWNER_URL": environment.postgres + " user=mdme_owner password=mdme_owner dbname=\(name)",
            "MDME_SECURITY_MASTER_KEY_FILE": directory.appendingPathComponent("master.key").path,
            "MDME_SECURITY_INBOX_KEY_FILE": directory.appendingPathComponent("inbox.key").path,
            "MDME_AMQP_URL": amqpURL,
            "MDME_GATEWAY_PORT": "\(port)",
            "MDME_GATEWAY_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "MDME_SECURITY_SESSION_KEY_FILE": directory.appendingPathComponent("session.key").path,
            "MDME_SECURITY_BLIND_INDEX_KEY_FILE": directory.appendingPathComponent("blind-index.key").path,
            // argon2id at libsodium's minimum cost: tests log in hundreds of times.
            "MDME_SECURITY_PASSWORD_COST": "minimum",
            "MDME_MESSAGING_RETRY_DELAYS_MS": "[200,500]",
            "MDME_LOG_LEVEL": "info",
        ].merging(settings) { _, explicit in explicit }
        api = APIClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!)
        try cli(["migrate"])
    }

    /// Starts the executables and waits until the gateway is ready. mdme-reports only with
    /// `reports`: its four quorum queues per system, declared by every suite's system at once,
    /// slowed the shared test broker past the gateways' readiness wait.
    static func start(settings: [String: String] = [:], broker: BrokerInstance? = nil, reports: Bool = false) async throws -> SystemUnderTest {
        let system = try SystemUnderTest(settings: settings, broker: broker)
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
        ProcessInfo.processInfo.environment.merging(overrides) { _, mine in mine }
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> String {
        try TestEnvironment.run(environment.binDirectory.appendingPathComponent("mdme").path, arguments, environment: processEnvironment)
    }

    func start(_ component: Component) throws {
        // One renderer per test system: every suite runs its own system at once, and the shared
        // test PostgreSQL has a connection limit.
        let own = component == .reports && overrides["MDME_WORKER_CONCURRENCY"] == nil ? ["MDME_WORKER_CONCURRENCY": "1"] : [:]
        let process = try Subprocess.spawn(
            environment.binDirectory.appendingPathComponent(component.rawValue).path, [],
            environment: processEnvironment.merging(own) { _, mine in mine },
            outputPath: directory.appendingPathComponent("\(component.rawValue).log").path
        )
        processes.withLock { $0[component] = process }
    }

    /// Sends `signal` and waits for the process to exit; SIGTERM is a graceful stop.
    @discardableResult
    func stop(_ component: Component, signal: Int32 = SIGTERM) -> Int32? {
        guard let process = processes.withLock({ $0.removeValue(forKey: component) }) else { return nil }
        process.signal(signal)
        return process.wait()
    }

    func waitUntilReady(timeout: Duration = .seconds(30)) async throws {
        try await eventually(timeout: timeout, "gateway \(port) ready") {
            try await api.get("/readyz").status == 200
        }
    }

    /// The log of a component, for diagnosing a failure.
    func log(_ component: Component) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("\(component.rawValue).log"), encoding: .utf8)) ?? ""
    }

    /// Stops everything and removes the database and virtual host.
    func shutdown() {
        for component in Component.allCases.reversed() { stop(component) }
        try? Self.withServer(environment.postgres) { try $0.executeScript("drop database if exists \(name) with (force)") }
        if let vhost { try? environment.rabbitmqctl(["delete_vhost", vhost]) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A connection to this system's database, for checks behind the API's back: as the
    /// superuser by default, or as the workers' role.
    func database(asApplication: Bool = false) throws -> PostgresConnection {
        var configuration = PostgresConfiguration(connectionString: environment.postgres, applicationName: "mdme-e2e")
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
        let connection = PostgresConnection(configuration: PostgresConfiguration(connectionString: connectionString, applicationName: "mdme-e2e"))
        try connection.connect()
        defer { connection.close() }
        try body(connection)
    }
}
