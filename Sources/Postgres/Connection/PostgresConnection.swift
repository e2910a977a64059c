internal import CPostgres
import Glibc

/// Owns one libpq connection.
///
/// Confined to one thread at a time: libpq connections are not thread-safe, so this class is
/// deliberately not `Sendable`. Create it on the thread that uses it (a consumer loop's thread)
/// and never call it from the Swift concurrency pool — every call blocks.
public final class PostgresConnection {
    enum State {
        case notConnected
        case connected
        /// The server went away; the next use outside a transaction reconnects once.
        case lost
        case closed
    }

    /// Makes text results predictable whatever the server's defaults are.
    private static let sessionSetup =
        "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET bytea_output = 'hex'; SET extra_float_digits = 1"

    /// Statements kept prepared per connection: workers run the same few dozen statements
    /// thousands of times, and a prepared one skips parsing and planning. Beyond this many
    /// distinct texts the rest run unprepared.
    static let preparedStatementLimit = 256

    let configuration: PostgresConfiguration
    var handle: OpaquePointer?
    private var state = State.notConnected
    /// Server-side statement names by SQL text, for the current server connection only.
    var preparedStatements: [String: String] = [:]
    private var preparedStatementCount = 0

    /// Statements waiting to travel with the next one that needs an answer (`enqueue`).
    var queued: [Statement] = []
    /// How many of `queued`, from its start, belong to savepoints that have already ended
    /// (`savepoint(deferringRelease: true)`): a failure among them is not the current work's.
    var queuedOfEndedSavepoints = 0
    /// How many pipelines have gone out, so a savepoint can tell whether its own has.
    var pipelinesSent = 0
    /// Savepoints open inside `savepoint(_:)`, which names each by its depth.
    var savepointDepth = 0

    /// What the running transaction's users keep for as long as it lasts, one value per type
    /// (`transactionValue(_:)`).
    private var transactionValues: [ObjectIdentifier: Any] = [:]

    /// True while `transaction(isolation:_:)` runs its body.
    public internal(set) var inTransaction = false

    /// Creates a connection object; it does not connect until `connect()`.
    public init(configuration: PostgresConfiguration) {
        self.configuration = configuration
    }

    deinit {
        PQfinish(handle)
    }

    /// True when libpq holds an open connection. A server that went away unnoticed is only
    /// detected by the next statement.
    public var isConnected: Bool {
        handle.map { PQstatus($0) == CONNECTION_OK } ?? false
    }

    /// Opens the connection (replacing any current one) and sets `TimeZone` to UTC, `DateStyle`
    /// to ISO, hex `bytea` output and `application_name`. Throws `.connectionFailed`.
    public func connect() throws {
        guard !inTransaction else {
            throw PostgresError(code: .invalidState, message: "connect() called inside a transaction")
        }
        try open(timeoutSeconds: configuration.connectTimeoutSeconds)
    }

    /// Closes the connection; later statements fail with `.invalidState` until `connect()`.
    public func close() {
        release()
        state = .closed
    }

    /// Runs one statement with text-format parameters `$1, $2…` whose types the server infers;
    /// a `nil` element is SQL NULL. The only way to run SQL with values. The statement is
    /// prepared on first use and reused on this connection (`PQprepare`/`PQexecPrepared`).
    ///
    /// When the connection turns out to be lost this throws `.connectionLost`; the next call
    /// outside a transaction then tries one immediate reconnect, inside a transaction it throws.
    ///
    /// Statements queued with `enqueue` go out first, in one pipeline with this one.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
        let statement = try Statement(sql, parameters)
        if !queued.isEmpty {
            return try sendPipeline(endingWith: statement)
        }
        let texts = statement.texts
        let handle = try usableHandle()
        guard let name = try preparedStatement(for: sql, parameterCount: texts.count, on: handle) else {
            let result = withCStringPointers(texts) { values in
                PQexecParams(handle, sql, Int32(values.count), nil, values.baseAddress, nil, nil, 0)
            }
            return try rows(from: result, on: handle)
        }
        let result = withCStringPointers(texts) { values in
            PQexecPrepared(handle, name, Int32(values.count), values.baseAddress, nil, nil, 0)
        }
        do {
            return try rows(from: result, on: handle)
        } catch let error as PostgresError where error.sqlState == "0A000" {
            // "cached plan must not change result type": a table changed under the statement.
            // Prepare it afresh next time.
            preparedStatements.removeValue(forKey: sql)
            throw error
        }
    }

    /// The name of `sql` prepared on this connection, preparing it on first use; nil once
    /// the cache is full. A statement that fails to prepare throws its error (as it would run).
    func preparedStatement(for sql: String, parameterCount: Int, on handle: OpaquePointer) throws -> String? {
        if let name = preparedStatements[sql] { return name }
        guard preparedStatements.count < Self.preparedStatementLimit else { return nil }
        let name = nextStatementName()
        try rows(from: PQprepare(handle, name, sql, Int32(parameterCount), nil), on: handle)
        preparedStatements[sql] = name
        return name
    }

    /// A statement name not used before on this server connection.
    func nextStatementName() -> String {
        preparedStatementCount += 1
        return "mdme_\(preparedStatementCount)"
    }

    /// Runs several statements without parameters through the simple query protocol (`PQexec`),
    /// after any queued statements. Never build `sql` from values.
    public func executeScript(_ sql: String) throws {
        try Self.rejectNul(in: sql, what: "the SQL text")
        try flushQueued()
        let handle = try usableHandle()
        try rows(from: PQexec(handle, sql), on: handle)
    }

    /// Connects with the given libpq `connect_timeout`, replacing any current connection.
    @discardableResult
    func open(timeoutSeconds: Int) throws -> OpaquePointer {
        release()
        var keywords: [String?] = ["dbname", "client_encoding", "connect_timeout", "application_name"]
        var values: [String?] = [configuration.connectionString, "UTF8", String(timeoutSeconds), configuration.applicationName]
        for (keyword, value) in configuration.connectionParameters.sorted(by: { $0.key < $1.key }) {
            keywords.append(keyword)
            values.append(value)
        }
        // expand_dbname = 1: the first dbname may be a whole conninfo string or URL; later
        // keywords override what it sets.
        let connection = withCStringPointers(keywords + [nil]) { keywords in
            withCStringPointers(values + [nil]) { values in
                PQconnectdbParams(keywords.baseAddress, values.baseAddress, 1)
            }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresError.libpqMessage(connection)
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        // libpq prints server notices (e.g. "relation already exists, skipping") to stderr by
        // default; this module does not log, so they are dropped.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        let setup = PQexec(connection, Self.sessionSetup)
        defer { PQclear(setup) }
        guard PQresultStatus(setup) == PGRES_COMMAND_OK else {
            let error = PostgresError.failedResult(setup, on: connection)
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: "session setup failed: \(error.message)", sqlState: error.sqlState)
        }
        handle = connection
        state = .connected
        return connection
    }

    /// Rolls back the open transaction without throwing; a connection that cannot is dropped,
    /// because its state is unknown.
    func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            markLost()
            return
        }
        let result = PQexec(handle, "ROLLBACK")
        defer { PQclear(result) }
        if PQresultStatus(result) != PGRES_COMMAND_OK {
            markLost()
        }
    }

    /// The live handle; after a loss, reconnects once unless a transaction was running on it.
    func usableHandle() throws -> OpaquePointer {
        if let handle, PQstatus(handle) == CONNECTION_OK {
            return handle
        }
        switch state {
        case .notConnected:
            throw PostgresError(code: .invalidState, message: "not connected; call connect() first")
        case .closed:
            throw PostgresError(code: .invalidState, message: "the connection is closed")
        case .connected, .lost:
            markLost()
            if inTransaction {
                throw PostgresError(code: .connectionLost, message: "the connection was lost; the transaction is gone")
            }
            return try open(timeoutSeconds: configuration.connectTimeoutSeconds)
        }
    }

    /// Copies a successful result, or throws the error it carries; always clears `result`.
    @discardableResult
    func rows(from result: OpaquePointer?, on handle: OpaquePointer) throws -> PostgresRows {
        defer { PQclear(result) }
        guard let result else {
            throw failure(.failedResult(nil, on: handle))
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(copying: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // The protocol now expects COPY data; dropping the connection is the simple way out.
            markLost()
            throw PostgresError(code: .queryFailed, message: "COPY is not supported; the connection was reset")
        default:
            throw failure(.failedResult(result, on: handle))
        }
    }

    func failure(_ error: PostgresError) -> PostgresError {
        if error.code == .connectionLost {
            markLost()
        }
        return error
    }

    func markLost() {
        release()
        if state == .connected {
            state = .lost
        }
    }

    private func release() {
        PQfinish(handle)
        handle = nil
        // Queued statements belonged to a transaction that ended with this connection.
        queued.removeAll()
        queuedOfEndedSavepoints = 0
        preparedStatements.removeAll()
        preparedStatementCount = 0
    }

    /// libpq would silently cut text at a NUL byte; PostgreSQL text cannot hold one anyway.
    /// `memchr` rather than a loop over `utf8`: the text of every statement sent passes here.
    static func rejectNul(in text: String?, what: String) throws {
        guard var text else { return }
        if text.withUTF8({ $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil }) {
            throw PostgresError(code: .queryFailed, message: "\(what) contains a NUL byte")
        }
    }
}

/// Calls `body` with C string pointers for `strings` (nil stays a null pointer), all packed into
/// one buffer that lives for the call.
func withCStringPointers<R>(_ strings: [String?], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
    var bytes: [CChar] = []
    var offsets: [Int?] = []
    for string in strings {
        guard let string else {
            offsets.append(nil)
            continue
        }
        offsets.append(bytes.count)
        bytes.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        bytes.append(0)
    }
    return bytes.withUnsafeBufferPointer { buffer in
        let pointers = offsets.map { offset in offset.map { buffer.baseAddress! + $0 } }
        return pointers.withUnsafeBufferPointer(body)
    }
}

extension PostgresConnection {
    /// The running transaction's value of type `T`, if one was kept (`keepForTransaction`).
    public func transactionValue<T>(_ type: T.Type) -> T? {
        transactionValues[ObjectIdentifier(type)] as? T
    }

    /// Keeps `value` until the running transaction ends, by commit or rollback: for reads done
    /// ahead that several statements to come will use. Replaces a value of the same type.
    public func keepForTransaction<T>(_ value: T) throws {
        guard inTransaction else {
            throw PostgresError(code: .invalidState, message: "keepForTransaction() called outside a transaction")
        }
        transactionValues[ObjectIdentifier(T.self)] = value
    }

    func dropTransactionValues() {
        transactionValues.removeAll()
    }
}
