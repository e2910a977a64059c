import Foundation
import Postgres
import Testing

@Suite("Lost connections and reconnecting", .scratchDatabase)
struct ReconnectTests {
    static func backendPID(of connection: PostgresConnection) throws -> Int {
        try #require(try connection.query("SELECT pg_backend_pid() AS pid").first).decode("pid", as: Int.self)
    }

    /// Kills `pid` from another connection and waits until the backend is gone.
    static func terminate(_ pid: Int, database: ScratchDatabase) throws {
        let killer = try database.connect()
        defer { killer.close() }
        let row = try #require(try killer.query("SELECT pg_terminate_backend($1, 5000) AS done", [pid]).first)
        #expect(try row.decode("done", as: Bool.self))
    }

    @Test func killedBackendGivesConnectionLostThenReconnectWorks() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        let pid = try Self.backendPID(of: connection)
        try Self.terminate(pid, database: database)

        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.code == .connectionLost)
        #expect(error?.isTransient == true)
        #expect(!connection.isConnected)

        try connection.reconnect(until: .now + .seconds(10))
        #expect(connection.isConnected)
        #expect(try Self.backendPID(of: connection) != pid)
        let row = try #require(try connection.query("SELECT current_setting('TimeZone') AS tz").first)
        #expect(try row.decode("tz", as: String.self) == "UTC")
    }

    @Test func nextQueryOutsideATransactionReconnectsOnce() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        try Self.terminate(try Self.backendPID(of: connection), database: database)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.code == .connectionLost)
        #expect(try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
    }

    @Test func lostConnectionInsideATransactionIsNotRetried() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        try connection.executeScript("CREATE TABLE lost_in_transaction (n int)")
        var firstFailure: PostgresError?
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO lost_in_transaction VALUES ($1)", [1])
                try Self.terminate(try Self.backendPID(of: connection), database: database)
                do {
                    try connection.query("INSERT INTO lost_in_transaction VALUES ($1)", [2])
                } catch let error as PostgresError {
                    firstFailure = error
                }
                // Must not silently reconnect and carry on outside the transaction.
                try connection.query("INSERT INTO lost_in_transaction VALUES ($1)", [3])
            }
        }
        #expect(firstFailure?.code == .connectionLost)
        #expect(error?.code == .connectionLost)
        #expect(!connection.inTransaction)
        #expect(try connection.query("SELECT count(*) AS n FROM lost_in_transaction").first?.decode("n", as: Int.self) == 0)
    }

    @Test func reconnectGivesUpAtTheDeadline() throws {
        let connection = PostgresConnection(configuration: PostgresConfiguration(
            connectionString: "host=127.0.0.1 port=1 user=postgres dbname=postgres"
        ))
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: PostgresError.self) {
            try connection.reconnect(until: start + .milliseconds(1500))
        }
        let elapsed = clock.now - start
        #expect(error?.code == .connectionFailed)
        #expect(error?.isTransient == true)
        #expect(elapsed >= .milliseconds(1500))
        #expect(elapsed < .seconds(3))
        #expect(!connection.isConnected)
    }

    @Test func reconnectStopsWhenAsked() throws {
        let connection = PostgresConnection(configuration: PostgresConfiguration(
            connectionString: "host=127.0.0.1 port=1 user=postgres dbname=postgres"
        ))
        let clock = ContinuousClock()
        let start = clock.now
        var attemptsChecked = 0
        let error = #expect(throws: PostgresError.self) {
            try connection.reconnect(until: start + .seconds(30)) {
                attemptsChecked += 1
                return clock.now - start > .milliseconds(250)
            }
        }
        #expect(error?.code == .connectionFailed)
        #expect(attemptsChecked > 0)
        #expect(clock.now - start < .seconds(2))
    }

    @Test func connectFailureAgainstClosedPort() {
        let connection = PostgresConnection(configuration: PostgresConfiguration(
            connectionString: "host=127.0.0.1 port=1 user=postgres dbname=postgres"
        ))
        let error = #expect(throws: PostgresError.self) { try connection.connect() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.isEmpty == false)
    }
}
