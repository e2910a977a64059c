import Foundation
import Postgres
import Testing

@Suite("Connections and queries", .scratchDatabase)
struct ConnectionTests {
    @Test func sessionIsSetUp() throws {
        let connection = try ScratchDatabase.require().connect()
        #expect(connection.isConnected)
        let row = try #require(try connection.query(
            "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS style, current_setting('application_name') AS app, current_setting('client_encoding') AS encoding"
        ).first)
        #expect(try row.decode("tz", as: String.self) == "UTC")
        #expect(try row.decode("style", as: String.self).hasPrefix("ISO"))
        #expect(try row.decode("app", as: String.self) == "mdme-tests")
        #expect(try row.decode("encoding", as: String.self) == "UTF8")
    }

    @Test func applicationNameDefaultsToMdme() throws {
        let database = try ScratchDatabase.require()
        var configuration = PostgresConfiguration(connectionString: database.serverConnectionString)
        configuration.connectionParameters["dbname"] = database.name
        let connection = PostgresConnection(configuration: configuration)
        try connection.connect()
        let row = try #require(try connection.query("SELECT current_setting('application_name') AS app, current_database() AS db").first)
        #expect(try row.decode("app", as: String.self) == "mdme")
        #expect(try row.decode("db", as: String.self) == database.name)
    }

    @Test func injectionAttemptStaysData() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE injection_target (name text NOT NULL)")
        let attacks = [
            "x'); DROP TABLE injection_target; --",
            "' OR '1'='1",
            "$1; DELETE FROM injection_target",
            "\\'; SELECT pg_sleep(10); --",
        ]
        for attack in attacks {
            try connection.query("INSERT INTO injection_target (name) VALUES ($1)", [attack])
        }
        let rows = try connection.query("SELECT name FROM injection_target WHERE name = $1", [attacks[1]])
        #expect(rows.count == 1)
        let all = try connection.query("SELECT name FROM injection_target ORDER BY name")
        #expect(try all.map { try $0.decode("name", as: String.self) } == attacks.sorted())
    }

    @Test func queryRefusesStackedStatements() throws {
        let connection = try ScratchDatabase.require().connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1; SELECT 2") }
        #expect(error?.code == .queryFailed)
        #expect(error?.sqlState == "42601")
    }

    @Test func nulByteInParameterIsRefused() throws {
        let connection = try ScratchDatabase.require().connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        #expect(error?.code == .queryFailed)
        #expect(error?.message.contains("$1") == true)
    }

    @Test func uniqueViolationIsRecognisedWithoutLeakingTheValue() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE unique_emails (email text UNIQUE)")
        let email = "secret.person@example.org"
        try connection.query("INSERT INTO unique_emails (email) VALUES ($1)", [email])
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO unique_emails (email) VALUES ($1)", [email])
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.sqlState == "23505")
        #expect(error?.code == .queryFailed)
        #expect(error?.isTransient == false)
        #expect(error?.description.contains("secret") == false)
        #expect(try connection.query("SELECT count(*) AS n FROM unique_emails").first?.decode("n", as: Int.self) == 1)
    }

    @Test func syntaxErrorCarriesServerMessage() throws {
        let connection = try ScratchDatabase.require().connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(error?.sqlState == "42601")
        #expect(error?.message.contains("syntax error") == true)
    }

    @Test func affectedRowsAndCommandTag() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE counted (n int); INSERT INTO counted SELECT generate_series(1, 5)")
        let update = try connection.query("UPDATE counted SET n = n + 10 WHERE n > $1", [2])
        #expect(update.affectedRows == 3)
        #expect(update.commandTag == "UPDATE 3")
        #expect(update.isEmpty)
        let insert = try connection.query("INSERT INTO counted VALUES ($1), ($2)", [100, nil])
        #expect(insert.affectedRows == 2)
        let delete = try connection.query("DELETE FROM counted WHERE n IS NULL")
        #expect(delete.affectedRows == 1)
        let select = try connection.query("SELECT n FROM counted ORDER BY n")
        #expect(select.affectedRows == 6 && select.count == 6)
        #expect(try select.map { try $0.decode("n", as: Int.self) } == [1, 2, 13, 14, 15, 100])
        #expect(try connection.query("CREATE TEMP TABLE nothing (x int)").affectedRows == 0)
    }

    @Test func executeScriptRunsSeveralStatements() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("""
            CREATE TABLE scripted (n int);
            INSERT INTO scripted VALUES (1);
            INSERT INTO scripted VALUES (2);
            """)
        #expect(try connection.query("SELECT sum(n) AS s FROM scripted").first?.decode("s", as: Int.self) == 3)
        try connection.executeScript("")
        let error = #expect(throws: PostgresError.self) { try connection.executeScript("SELECT 1; SELECT no_such_column FROM scripted") }
        #expect(error?.sqlState == "42703")
    }

    @Test func copyIsRefusedAndTheConnectionRecovers() throws {
        let connection = try ScratchDatabase.require().connect()
        let error = #expect(throws: PostgresError.self) { try connection.executeScript("COPY (SELECT 1) TO STDOUT") }
        #expect(error?.code == .queryFailed)
        #expect(try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
    }

    @Test func unusableStatesAreInvalidState() throws {
        let database = try ScratchDatabase.require()
        let connection = PostgresConnection(configuration: database.configuration())
        #expect(!connection.isConnected)
        let before = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(before?.code == .invalidState)
        try connection.connect()
        connection.close()
        #expect(!connection.isConnected)
        let after = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(after?.code == .invalidState)
        try connection.connect()
        #expect(try connection.query("SELECT 1 AS one").count == 1)
    }

    @Test func wrongPasswordIsConnectionFailedWithoutThePassword() throws {
        let database = try ScratchDatabase.require()
        let connection = PostgresConnection(configuration: database.configuration([
            "user": "mdme_no_such_user", "password": "hunter2-secret",
        ]))
        let error = #expect(throws: PostgresError.self) { try connection.connect() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isTransient == true)
        #expect(error?.description.contains("hunter2") == false)
        #expect(!connection.isConnected)
    }

    @Test func urlConnectionStringsWork() throws {
        let database = try ScratchDatabase.require()
        let url = try #require(Self.url(from: database.serverConnectionString, database: database.name))
        let connection = PostgresConnection(configuration: PostgresConfiguration(connectionString: url + "?application_name=ignored"))
        try connection.connect()
        let row = try #require(try connection.query("SELECT current_database() AS db, current_setting('application_name') AS app").first)
        #expect(try row.decode("db", as: String.self) == database.name)
        #expect(try row.decode("app", as: String.self) == "mdme")
    }

    /// The server's conninfo (a URL, or `key=value` pairs without quoting) as a `postgresql://`
    /// URL for `database`.
    static func url(from conninfo: String, database: String) -> String? {
        if let scheme = conninfo.range(of: "://") {
            let authority = conninfo[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
            return conninfo[..<scheme.upperBound] + authority + "/" + database
        }
        var parts: [String: String] = [:]
        for pair in conninfo.split(separator: " ") {
            let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if keyValue.count == 2 {
                parts[keyValue[0]] = keyValue[1]
            }
        }
        let credentials = parts["user"].map { user in parts["password"].map { "\(user):\($0)@" } ?? "\(user)@" } ?? ""
        return "postgresql://\(credentials)\(parts["host"] ?? "localhost"):\(parts["port"] ?? "5432")/\(database)"
    }
}
