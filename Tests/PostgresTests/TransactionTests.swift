import Postgres
import Testing

@Suite("Transactions", .scratchDatabase)
struct TransactionTests {
    struct Abort: Error {}

    static func count(_ table: String, on connection: PostgresConnection) throws -> Int {
        // Table names in these tests are literals, never input.
        try #require(try connection.query("SELECT count(*) AS n FROM \(table)").first).decode("n", as: Int.self)
    }

    @Test func throwingBodyRollsBack() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE rolled_back (n int)")
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO rolled_back VALUES ($1), ($2)", [1, 2])
                #expect(connection.inTransaction)
                throw Abort()
            }
        }
        #expect(!connection.inTransaction)
        #expect(try Self.count("rolled_back", on: connection) == 0)
    }

    @Test func commitPersistsAndReturnsTheBodysValue() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        try connection.executeScript("CREATE TABLE committed (n int)")
        let inserted = try connection.transaction { connection in
            try connection.query("INSERT INTO committed VALUES ($1), ($2), ($3)", [1, 2, 3]).affectedRows
        }
        #expect(inserted == 3)
        #expect(!connection.inTransaction)
        let other = try database.connect()
        #expect(try Self.count("committed", on: other) == 3)
    }

    @Test func uncommittedWorkIsInvisibleToOthers() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        let other = try database.connect()
        try connection.executeScript("CREATE TABLE invisible (n int)")
        try connection.transaction { connection in
            try connection.query("INSERT INTO invisible VALUES ($1)", [1])
            #expect(try Self.count("invisible", on: other) == 0)
        }
        #expect(try Self.count("invisible", on: other) == 1)
    }

    @Test func nestedTransactionIsInvalidState() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE nested (n int)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO nested VALUES ($1)", [1])
                try connection.transaction { _ in }
            }
        }
        #expect(error?.code == .invalidState)
        #expect(try Self.count("nested", on: connection) == 0)
    }

    @Test func swallowedStatementErrorMakesCommitFail() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE swallowed (n int PRIMARY KEY)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO swallowed VALUES ($1)", [1])
                _ = try? connection.query("INSERT INTO swallowed VALUES ($1)", [1])
            }
        }
        #expect(error?.code == .queryFailed)
        #expect(try Self.count("swallowed", on: connection) == 0)
    }

    @Test(arguments: [
        (PostgresIsolation.readCommitted, "read committed"),
        (.repeatableRead, "repeatable read"),
        (.serializable, "serializable"),
    ])
    func isolationLevelIsApplied(isolation: PostgresIsolation, expected: String) throws {
        let connection = try ScratchDatabase.require().connect()
        let level = try connection.transaction(isolation: isolation) { connection in
            try #require(try connection.query("SHOW transaction_isolation").first).decode("transaction_isolation", as: String.self)
        }
        #expect(level == expected)
    }

    @Test func serializationFailureIsTransient() throws {
        let database = try ScratchDatabase.require()
        let first = try database.connect()
        let second = try database.connect()
        try first.executeScript("CREATE TABLE contested (id int PRIMARY KEY, n int); INSERT INTO contested VALUES (1, 0)")
        let error = #expect(throws: PostgresError.self) {
            try first.transaction(isolation: .repeatableRead) { first in
                try first.query("SELECT n FROM contested WHERE id = $1", [1])
                try second.query("UPDATE contested SET n = n + 1 WHERE id = $1", [1])
                try first.query("UPDATE contested SET n = n + 10 WHERE id = $1", [1])
            }
        }
        #expect(error?.sqlState == "40001")
        #expect(error?.isTransient == true)
        #expect(try #require(try first.query("SELECT n FROM contested").first).decode("n", as: Int.self) == 1)
    }
}
