import Foundation
import Postgres
import Testing

/// Statements run through `query` are prepared once per connection and reused.
@Suite("Prepared statements", .scratchDatabase)
struct PreparedStatementTests {
    @Test func aRepeatedStatementIsPreparedOnceAndReused() throws {
        let connection = try ScratchDatabase.require().connect()
        for value in 1...5 {
            #expect(try connection.query("SELECT $1::int + 1 AS next", [value]).first?.decode("next", as: Int.self) == value + 1)
        }
        let prepared = try connection.query(
            "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1", ["SELECT $1::int + 1 AS next"]
        )
        #expect(try prepared.first?.decode("n", as: Int.self) == 1)
    }

    @Test func aStatementThatFailsToPrepareIsNotKeptAndTheConnectionWorks() throws {
        let connection = try ScratchDatabase.require().connect()
        #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table WHERE id = $1", [1]) }
        try connection.executeScript("CREATE TABLE later_table (id int)")
        #expect(try connection.query("SELECT count(*)::int AS n FROM later_table").first?.decode("n", as: Int.self) == 0)
        try connection.executeScript("CREATE TABLE no_such_table (id int)")
        #expect(try connection.query("SELECT * FROM no_such_table WHERE id = $1", [1]).count == 0, "prepared now that the table exists")
    }

    @Test func aTableChangedUnderAStatementIsPreparedAfresh() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE changing (a int); INSERT INTO changing VALUES (1)")
        #expect(try connection.query("SELECT * FROM changing").count == 1)
        try connection.executeScript("ALTER TABLE changing ADD COLUMN b int")
        // The kept plan's result type no longer matches: one failure, then a fresh statement.
        #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM changing") }
        #expect(try connection.query("SELECT * FROM changing").first?.decode("a", as: Int.self) == 1)
    }

    @Test func aReconnectForgetsThePreparedStatements() throws {
        let connection = try ScratchDatabase.require().connect()
        #expect(try connection.query("SELECT $1::text AS echo", ["one"]).first?.decode("echo", as: String.self) == "one")
        try connection.connect()
        #expect(try connection.query("SELECT $1::text AS echo", ["two"]).first?.decode("echo", as: String.self) == "two")
    }
}
