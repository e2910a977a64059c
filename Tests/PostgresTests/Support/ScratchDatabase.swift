import Foundation
import Postgres
import Testing

/// A database of its own for one test suite, `part_<random>`, created through the superuser
/// connection in `MDME_TEST_POSTGRES` and dropped when the suite ends.
struct ScratchDatabase: Sendable {
    /// The suite's database, set by the `.scratchDatabase` trait.
    @TaskLocal static var current: ScratchDatabase?

    let name: String
    let serverConnectionString: String

    /// The superuser conninfo; a test without it fails rather than skips.
    static func serverConnectionString() throws -> String {
        let value = ProcessInfo.processInfo.environment["MDME_TEST_POSTGRES"]
        return try #require(value, "MDME_TEST_POSTGRES must hold a superuser conninfo, e.g. host=127.0.0.1 port=54339 user=postgres password=postgres dbname=postgres")
    }

    /// The current suite's database; fails the test when the suite lacks `.scratchDatabase`.
    static func require() throws -> ScratchDatabase {
        try #require(current, "the suite needs the .scratchDatabase trait")
    }

    /// A configuration for this database, optionally with extra libpq keywords.
    func configuration(_ parameters: [String: String] = [:]) -> PostgresConfiguration {
        var configuration = Self.serverConfiguration(serverConnectionString)
        configuration.connectionParameters = parameters.merging(["dbname": name]) { mine, _ in mine }
        return configuration
    }

    /// The test machine is shared and the suites connect in bursts while whole systems start
    /// beside them, so a connection may wait longer for its backend than the production 5 s
    /// (CI once timed out two).
    private static func serverConfiguration(_ connectionString: String) -> PostgresConfiguration {
        var configuration = PostgresConfiguration(connectionString: connectionString, applicationName: "mdme-tests")
        configuration.connectTimeoutSeconds = 30
        return configuration
    }

    /// A new, connected connection to this database.
    func connect(_ parameters: [String: String] = [:]) throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration(parameters))
        try connection.connect()
        return connection
    }

    static func create() throws -> ScratchDatabase {
        let server = try serverConnectionString()
        let name = "part_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        // CREATE DATABASE takes no parameters; the name is generated here, never user input.
        try withServerConnection(server) { try $0.executeScript("CREATE DATABASE \(name)") }
        return ScratchDatabase(name: name, serverConnectionString: server)
    }

    func drop() throws {
        try Self.withServerConnection(serverConnectionString) { try $0.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    private static func withServerConnection(_ connectionString: String, _ body: (PostgresConnection) throws -> Void) throws {
        let connection = PostgresConnection(configuration: serverConfiguration(connectionString))
        try connection.connect()
        defer { connection.close() }
        try body(connection)
    }
}

/// Gives a suite its own scratch database for the suite's whole run.
struct ScratchDatabaseTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let database = try ScratchDatabase.create()
        do {
            try await ScratchDatabase.$current.withValue(database) {
                try await function()
            }
        } catch {
            try? database.drop()
            throw error
        }
        try database.drop()
    }
}

extension Trait where Self == ScratchDatabaseTrait {
    /// Creates a `part_<random>` database before the suite and drops it afterwards.
    static var scratchDatabase: Self { Self() }
}
