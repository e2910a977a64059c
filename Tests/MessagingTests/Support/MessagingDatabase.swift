import Foundation
import Postgres
import Testing

/// A database of its own for one suite, `msg_<random hex>`, created through the superuser
/// connection in `MDME_TEST_POSTGRES`, migrated with the messaging tables plus a test `effects`
/// table, and dropped (`WITH (FORCE)`) when the suite ends.
struct MessagingDatabase: Sendable {
    /// The suite's database, set by the `.messagingDatabase` trait.
    @TaskLocal static var current: MessagingDatabase?

    let name: String
    let serverConnectionString: String

    /// The superuser conninfo; a test without it fails rather than skips.
    static func serverConnectionString() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["MDME_TEST_POSTGRES"],
            "MDME_TEST_POSTGRES must hold a superuser conninfo, e.g. host=127.0.0.1 port=54339 user=postgres password=postgres dbname=postgres"
        )
    }

    /// The current suite's database; fails the test when the suite lacks `.messagingDatabase`.
    static func require() throws -> MessagingDatabase {
        try #require(current, "the suite needs the .messagingDatabase trait")
    }

    /// The conninfo of this database: the server's, with `dbname` replaced.
    var connectionString: String {
        if serverConnectionString.contains("://"), var url = URLComponents(string: serverConnectionString) {
            url.path = "/" + name
            return url.string ?? serverConnectionString
        }
        let kept = serverConnectionString.split(separator: " ").filter { !$0.hasPrefix("dbname=") }
        return (kept + ["dbname=\(name)"]).joined(separator: " ")
    }

    /// A new, connected connection to this database.
    func connect() throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: Self.configuration(connectionString))
        try connection.connect()
        return connection
    }

    /// The messaging migration the CLI applies (`mdme migrate`).
    static func messagingMigration() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // Support
            .deletingLastPathComponent() // MessagingTests
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent() // package root
            .appendingPathComponent("Sources/CLI/Migrations/0001_messaging.sql")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The test machine is shared and the suites connect in bursts while whole systems start
    /// beside them, so a connection may wait longer for its backend than the production 5 s.
    private static func configuration(_ connectionString: String) -> PostgresConfiguration {
        var configuration = PostgresConfiguration(connectionString: connectionString, applicationName: "mdme-messaging-tests")
        configuration.connectTimeoutSeconds = 30
        return configuration
    }

    static func create() throws -> MessagingDatabase {
        let server = try serverConnectionString()
        let hex = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        // Generated here from a random UUID, never input: CREATE DATABASE takes no parameters.
        let name = "msg_\(hex)"
        try withServerConnection(server) { try $0.executeScript("CREATE DATABASE \(name)") }
        let database = MessagingDatabase(name: name, serverConnectionString: server)
        do {
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(try messagingMigration())
            try connection.executeScript("create table effects (message_id uuid, note text)")
            // A check that refuses with the SQLSTATE and message it is given (SQLRefusalTests).
            try connection.executeScript("""
                create function test_refuse(code text, reason text) returns void language plpgsql
                as $$ begin raise exception '%', reason using errcode = code; end $$
                """)
        } catch {
            try? database.drop()
            throw error
        }
        return database
    }

    func drop() throws {
        try Self.withServerConnection(serverConnectionString) { try $0.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    private static func withServerConnection(_ connectionString: String, _ body: (PostgresConnection) throws -> Void) throws {
        let connection = PostgresConnection(configuration: Self.configuration(connectionString))
        try connection.connect()
        defer { connection.close() }
        try body(connection)
    }
}

/// Gives a suite its own messaging database for the suite's whole run.
struct MessagingDatabaseTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let database = try MessagingDatabase.create()
        do {
            try await MessagingDatabase.$current.withValue(database) {
                try await function()
            }
        } catch {
            try? database.drop()
            throw error
        }
        try database.drop()
    }
}

extension Trait where Self == MessagingDatabaseTrait {
    /// Creates a migrated `msg_<random hex>` database before the suite and drops it afterwards.
    static var messagingDatabase: Self { Self() }
}

extension PostgresConnection {
    /// `select count(*) as n …` in one call.
    func count(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try #require(try query(sql, parameters).first).decode("n", as: Int.self)
    }
}
