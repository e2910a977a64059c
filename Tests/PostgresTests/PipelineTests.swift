import Postgres
import Testing

@Suite("Queued statements and savepoints", .scratchDatabase)
struct PipelineTests {
    struct Refused: Error {}

    static func numbers(_ table: String, on connection: PostgresConnection) throws -> [Int] {
        // Table names in these tests are literals, never input.
        try connection.query("SELECT n FROM \(table) ORDER BY n").map { try $0.decode("n", as: Int.self) }
    }

    static func backendPID(of connection: PostgresConnection) throws -> Int {
        try #require(try connection.query("SELECT pg_backend_pid() AS pid").first).decode("pid", as: Int.self)
    }

    @Test func queuedStatementsRunInOrderBeforeTheNextQuery() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE ordered (n int PRIMARY KEY, seen bigint)")
        let seen = try connection.transaction { connection in
            try connection.enqueue("INSERT INTO ordered VALUES ($1, $2)", [1, nil as Int?])
            // Sees the row above: the queue keeps its order with the statement that sends it.
            try connection.enqueue("INSERT INTO ordered VALUES ($1, (SELECT count(*) FROM ordered))", [2])
            return try connection.query("SELECT seen FROM ordered WHERE n = $1", [2]).first?.decode("seen", as: Int.self)
        }
        #expect(seen == 1)
        #expect(try Self.numbers("ordered", on: connection) == [1, 2])
    }

    @Test func commitSendsWhatIsStillQueued() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        try connection.executeScript("CREATE TABLE committed_queue (n int)")
        try connection.transaction { connection in
            for n in 1...3 { try connection.enqueue("INSERT INTO committed_queue VALUES ($1)", [n]) }
        }
        #expect(try Self.numbers("committed_queue", on: database.connect()) == [1, 2, 3])
    }

    @Test func aFailingQueuedStatementFailsTheNextQueryAndTheTransaction() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE unique_queue (n int PRIMARY KEY)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.enqueue("INSERT INTO unique_queue VALUES ($1)", [1])
                try connection.enqueue("INSERT INTO unique_queue VALUES ($1)", [1])
                try connection.enqueue("INSERT INTO unique_queue VALUES ($1)", [2])
                try connection.query("SELECT 1")
                Issue.record("the query after a failed queued statement returned")
            }
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.sqlState == "23505")
        #expect(!connection.inTransaction)
        #expect(try Self.numbers("unique_queue", on: connection) == [])
        // The connection is left fit for the next transaction.
        try connection.transaction { try $0.enqueue("INSERT INTO unique_queue VALUES ($1)", [3]) }
        #expect(try Self.numbers("unique_queue", on: connection) == [3])
    }

    @Test func aQueuedStatementFailingAtCommitRollsBack() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE checked_queue (n int CHECK (n > 0))")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO checked_queue VALUES ($1)", [1])
                try connection.enqueue("INSERT INTO checked_queue VALUES ($1)", [-1])
            }
        }
        #expect(error?.sqlState == "23514")
        #expect(!connection.inTransaction)
        #expect(try Self.numbers("checked_queue", on: connection) == [])
    }

    @Test func aThrowingBodyDropsTheQueue() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE dropped_queue (n int)")
        #expect(throws: Refused.self) {
            try connection.transaction { connection in
                try connection.enqueue("INSERT INTO dropped_queue VALUES ($1)", [1])
                throw Refused()
            }
        }
        _ = try connection.transaction { try $0.query("INSERT INTO dropped_queue VALUES ($1)", [2]) }
        #expect(try Self.numbers("dropped_queue", on: connection) == [2])
    }

    @Test func enqueueOutsideATransactionIsInvalidState() throws {
        let connection = try ScratchDatabase.require().connect()
        let error = #expect(throws: PostgresError.self) { try connection.enqueue("SELECT 1") }
        #expect(error?.code == .invalidState)
        let savepointError = #expect(throws: PostgresError.self) { try connection.savepoint { } }
        #expect(savepointError?.code == .invalidState)
    }

    @Test func savepointKeepsItsWorkOrUndoesOnlyIt() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE saved (n int PRIMARY KEY)")
        try connection.transaction { connection in
            try connection.savepoint { try connection.enqueue("INSERT INTO saved VALUES ($1)", [1]) }
            // Refused before anything of it was sent: only forgotten.
            #expect(throws: Refused.self) {
                try connection.savepoint {
                    try connection.enqueue("INSERT INTO saved VALUES ($1)", [2])
                    throw Refused()
                }
            }
            // Refused after its work reached the server: rolled back there.
            #expect(throws: Refused.self) {
                try connection.savepoint {
                    try connection.query("INSERT INTO saved VALUES ($1)", [3])
                    try connection.enqueue("INSERT INTO saved VALUES ($1)", [4])
                    throw Refused()
                }
            }
            // A failing queued statement fails only its savepoint; the transaction goes on.
            let error = #expect(throws: PostgresError.self) {
                try connection.savepoint {
                    try connection.enqueue("INSERT INTO saved VALUES ($1)", [5])
                    try connection.enqueue("INSERT INTO saved VALUES ($1)", [1])
                }
            }
            #expect(error?.sqlState == "23505")
            try connection.savepoint {
                try connection.savepoint { try connection.enqueue("INSERT INTO saved VALUES ($1)", [6]) }
                // do/catch, not #expect(throws:): this toolchain's #expect, two closures deep,
                // ran the closure before it instead of its own.
                do {
                    try connection.savepoint {
                        try connection.query("INSERT INTO saved VALUES ($1)", [7])
                        throw Refused()
                    }
                    Issue.record("the inner savepoint's refusal was lost")
                } catch is Refused {}
            }
        }
        #expect(try Self.numbers("saved", on: connection) == [1, 6])
    }

    /// A savepoint that defers its release sends nothing when it ends: its queued work goes
    /// with the next statement. A later failure of the current work is still the current
    /// savepoint's alone; a failure of the ended savepoint's work is reported as such, and
    /// leaves only rolling back.
    @Test func aDeferredReleaseTravelsWithTheNextStatement() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE deferred (n int PRIMARY KEY)")
        try connection.transaction { connection in
            let before = try Self.backendPID(of: connection)
            try connection.savepoint(deferringRelease: true) { try connection.enqueue("INSERT INTO deferred VALUES ($1)", [1]) }
            // The next savepoint's refusal, after the first one's work went out with it:
            // only its own work is undone.
            #expect(throws: Refused.self) {
                try connection.savepoint(deferringRelease: true) {
                    #expect(try connection.query("SELECT count(*) AS n FROM deferred").first?.decode("n", as: Int.self) == 1)
                    try connection.enqueue("INSERT INTO deferred VALUES ($1)", [2])
                    try connection.query("INSERT INTO deferred VALUES ($1)", [3])
                    throw Refused()
                }
            }
            // A failing statement of the current savepoint, behind ended work that succeeds.
            try connection.savepoint(deferringRelease: true) { try connection.enqueue("INSERT INTO deferred VALUES ($1)", [4]) }
            let own = #expect(throws: PostgresError.self) {
                try connection.savepoint(deferringRelease: true) { try connection.query("INSERT INTO deferred VALUES ($1)", [1]) }
            }
            #expect(own?.sqlState == "23505")
            #expect(try Self.backendPID(of: connection) == before)
        }
        #expect(try Self.numbers("deferred", on: connection) == [1, 4])

        // An ended savepoint's failing statement surfaces at the next one, as its own kind of
        // error, and the transaction is lost.
        let ended = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.savepoint(deferringRelease: true) { try connection.enqueue("INSERT INTO deferred VALUES ($1)", [5]) }
                try connection.savepoint(deferringRelease: true) { try connection.enqueue("INSERT INTO deferred VALUES ($1)", [1]) }
                _ = try connection.savepoint(deferringRelease: true) { try connection.query("INSERT INTO deferred VALUES ($1)", [6]) }
            }
        }
        #expect(ended?.code == .endedSavepointFailed)
        #expect((ended?.underlying as? PostgresError)?.sqlState == "23505")
        #expect(ended?.sqlState == nil, "not mistaken for a failure of the statement that carried it")
        // At the commit, too.
        let atCommit = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.savepoint(deferringRelease: true) { try connection.enqueue("INSERT INTO deferred VALUES ($1)", [4]) }
            }
        }
        #expect(atCommit?.code == .endedSavepointFailed)
        #expect(try Self.numbers("deferred", on: connection) == [1, 4])
    }

    @Test func aKeptValueLastsAsLongAsItsTransaction() throws {
        let connection = try ScratchDatabase.require().connect()
        struct ReadAhead: Equatable { let n: Int }
        #expect(throws: PostgresError.self) { try connection.keepForTransaction(ReadAhead(n: 0)) }
        try connection.transaction { connection in
            #expect(connection.transactionValue(ReadAhead.self) == nil)
            try connection.keepForTransaction(ReadAhead(n: 1))
            try connection.keepForTransaction(ReadAhead(n: 2))
            #expect(connection.transactionValue(ReadAhead.self) == ReadAhead(n: 2))
            #expect(connection.transactionValue(Int.self) == nil)
        }
        #expect(connection.transactionValue(ReadAhead.self) == nil, "dropped at the commit")
        #expect(throws: Refused.self) {
            try connection.transaction { connection in
                try connection.keepForTransaction(ReadAhead(n: 3))
                throw Refused()
            }
        }
        #expect(connection.transactionValue(ReadAhead.self) == nil, "dropped at the rollback")
    }

    @Test func pipelinedStatementsArePreparedOnce() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("CREATE TABLE prepared_queue (n int)")
        try connection.transaction { connection in
            for n in 1...50 { try connection.enqueue("INSERT INTO prepared_queue VALUES ($1)", [n]) }
            try connection.query("SELECT count(*) FROM prepared_queue")
        }
        let prepared = try connection.query(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", ["INSERT INTO prepared_queue VALUES ($1)"]
        ).first?.decode("n", as: Int.self)
        #expect(prepared == 1)
        #expect(try Self.numbers("prepared_queue", on: connection).count == 50)
    }

    @Test func aConnectionLostUnderAPipelineIsReportedAndReopened() throws {
        let database = try ScratchDatabase.require()
        let connection = try database.connect()
        try connection.executeScript("CREATE TABLE lost_queue (n int)")
        let pid = try Self.backendPID(of: connection)
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.enqueue("INSERT INTO lost_queue VALUES ($1)", [1])
                let killer = try database.connect()
                defer { killer.close() }
                try killer.query("SELECT pg_terminate_backend($1, 5000)", [pid])
                try connection.query("SELECT 1")
            }
        }
        #expect(error?.code == .connectionLost)
        #expect(!connection.inTransaction)
        try connection.transaction { try $0.enqueue("INSERT INTO lost_queue VALUES ($1)", [2]) }
        #expect(try Self.backendPID(of: connection) != pid)
        #expect(try Self.numbers("lost_queue", on: connection) == [2])
    }
}
