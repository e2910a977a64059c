import Foundation
import Postgres
import Synchronization
import Testing

@Suite("Migrations", .scratchDatabase)
struct MigratorTests {
    /// A schema and a migrations directory of the test's own, so tests can run in parallel.
    struct Fixture {
        let database: ScratchDatabase
        let schema: String
        let directory: URL

        init() throws {
            database = try ScratchDatabase.require()
            schema = "migrations_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-\(schema)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // The schema name is generated above, never input.
            try database.connect().executeScript("CREATE SCHEMA \(schema)")
        }

        func connect() throws -> PostgresConnection {
            try database.connect(["options": "-c search_path=\(schema)"])
        }

        func write(_ name: String, _ sql: String) throws {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        func remove() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func appliesInVersionOrderRecordsAndIsIdempotent() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("0001_create.sql", "CREATE TABLE notes (id int PRIMARY KEY);")
        try fixture.write("0002_add_column.sql", "ALTER TABLE notes ADD COLUMN body text;")
        try fixture.write("3_insert.sql", "INSERT INTO notes (id, body) VALUES (1, 'first'), (2, 'second');")
        try fixture.write("0010_update.sql", "UPDATE notes SET body = upper(body);\nCREATE INDEX notes_body ON notes (body);")
        try fixture.write("README.md", "not a migration")
        let connection = try fixture.connect()
        let migrator = PostgresMigrator(directory: fixture.directory)

        #expect(try migrator.pending(on: connection) == [1, 2, 3, 10])
        #expect(try migrator.migrate(on: connection) == [1, 2, 3, 10])

        let bodies = try connection.query("SELECT body FROM notes ORDER BY id").map { try $0.decode("body", as: String.self) }
        #expect(bodies == ["FIRST", "SECOND"])
        let recorded = try connection.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        #expect(try recorded.map { try $0.decode("version", as: Int.self) } == [1, 2, 3, 10])
        #expect(try recorded.map { try $0.decode("name", as: String.self) }
            == ["0001_create.sql", "0002_add_column.sql", "3_insert.sql", "0010_update.sql"])
        for row in recorded {
            #expect(abs(try row.decode("applied_at", as: Date.self).timeIntervalSinceNow) < 60)
        }

        #expect(try migrator.pending(on: connection) == [])
        #expect(try migrator.migrate(on: connection) == [])
        #expect(try connection.query("SELECT id FROM notes").count == 2)

        try fixture.write("0011_more.sql", "INSERT INTO notes (id, body) VALUES (3, 'third');")
        #expect(try migrator.pending(on: connection) == [11])
        #expect(try migrator.migrate(on: connection) == [11])
        #expect(try connection.query("SELECT id FROM notes").count == 3)
    }

    @Test func failingMigrationRollsBackOnlyItself() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("0001_good.sql", "CREATE TABLE kept (n int);")
        try fixture.write("0002_bad.sql", "CREATE TABLE half_done (n int);\nINSERT INTO no_such_table VALUES (1);")
        try fixture.write("0003_later.sql", "CREATE TABLE later (n int);")
        let connection = try fixture.connect()
        let migrator = PostgresMigrator(directory: fixture.directory)

        let error = #expect(throws: PostgresError.self) { try migrator.migrate(on: connection) }
        #expect(error?.code == .migrationFailed)
        #expect(error?.sqlState == "42P01")
        #expect(error?.message.contains("0002_bad.sql") == true)
        #expect((error?.underlying as? PostgresError)?.code == .queryFailed)
        #expect(!connection.inTransaction)

        let tables = try connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        ).map { try $0.decode("table_name", as: String.self) }
        #expect(tables == ["kept", "schema_migrations"])
        #expect(try migrator.pending(on: connection) == [2, 3])

        try fixture.write("0002_bad.sql", "CREATE TABLE half_done (n int);")
        #expect(try migrator.migrate(on: connection) == [2, 3])
        #expect(try migrator.pending(on: connection) == [])
    }

    @Test func concurrentRunsApplyEachMigrationOnce() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("0001_slow.sql", "CREATE TABLE raced (n int); SELECT pg_sleep(0.3);")
        try fixture.write("0002_insert.sql", "INSERT INTO raced VALUES (1);")
        try fixture.write("0003_insert.sql", "INSERT INTO raced VALUES (2);")
        let migrator = PostgresMigrator(directory: fixture.directory)
        let outcomes = Mutex<[Result<[Int], any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            let outcome = Result<[Int], any Error> { try migrator.migrate(on: fixture.connect()) }
            outcomes.withLock { $0.append(outcome) }
        }
        let applied = try outcomes.withLock { try $0.map { try $0.get() } }
        #expect(applied.flatMap { $0 }.sorted() == [1, 2, 3])
        #expect(try fixture.connect().query("SELECT n FROM raced").count == 2)
    }

    @Test func badlyNamedFileIsRejected() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("0001_fine.sql", "SELECT 1;")
        try fixture.write("initial.sql", "SELECT 1;")
        let error = #expect(throws: PostgresError.self) { try PostgresMigrator(directory: fixture.directory).migrate(on: fixture.connect()) }
        #expect(error?.code == .migrationFailed)
        #expect(error?.message.contains("initial.sql") == true)
    }

    @Test func duplicateVersionIsRejected() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("0001_one.sql", "SELECT 1;")
        try fixture.write("1_other.sql", "SELECT 1;")
        let error = #expect(throws: PostgresError.self) { try PostgresMigrator(directory: fixture.directory).pending(on: fixture.connect()) }
        #expect(error?.code == .migrationFailed)
    }

    @Test func missingDirectoryIsMigrationFailed() throws {
        let fixture = try Fixture()
        fixture.remove()
        let error = #expect(throws: PostgresError.self) { try PostgresMigrator(directory: fixture.directory).migrate(on: fixture.connect()) }
        #expect(error?.code == .migrationFailed)
    }
}
