/// The one error type of the `Postgres` module.
///
/// `message` is the server's primary message or libpq's own message; it never contains query
/// parameter values or row data, so it is safe to log.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure happened.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// A connection could not be established.
        public static let connectionFailed = Code("connectionFailed")
        /// An established connection broke; an open transaction is gone.
        public static let connectionLost = Code("connectionLost")
        /// The server rejected a statement.
        public static let queryFailed = Code("queryFailed")
        /// A result column could not be converted to the requested Swift type.
        public static let decodingFailed = Code("decodingFailed")
        /// A schema migration could not be applied (see `underlying`).
        public static let migrationFailed = Code("migrationFailed")
        /// The connection was used in a way its state does not allow.
        public static let invalidState = Code("invalidState")
        /// A statement queued by a savepoint that had already ended failed
        /// (`savepoint(deferringRelease: true)`); `underlying` is its error. The transaction
        /// is aborted and can only be rolled back.
        public static let endedSavepointFailed = Code("endedSavepointFailed")

        public var description: String { name }
    }

    /// What kind of failure happened.
    public var code: Code
    /// The five-character SQLSTATE when the server reported one.
    public var sqlState: String?
    /// The server's primary message or libpq's message; never parameter values.
    public var message: String
    /// The error that caused this one, if any (for example the query error behind `migrationFailed`).
    public var underlying: (any Error)?

    /// Creates an error; custom `PostgresDecodable` types throw `.decodingFailed` errors.
    public init(code: Code, message: String, sqlState: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.underlying = underlying
    }

    /// True for SQLSTATE 23505 (`unique_violation`).
    public var isUniqueViolation: Bool {
        sqlState == "23505"
    }

    /// True when retrying the same work later may succeed: connection problems, serialization
    /// failures, deadlocks, server shutdown or start-up, and too many connections.
    public var isTransient: Bool {
        if code == .connectionFailed || code == .connectionLost {
            return true
        }
        if let sqlState, sqlState.hasPrefix("08") || Self.transientStates.contains(sqlState) {
            return true
        }
        return (underlying as? PostgresError)?.isTransient ?? false
    }

    public var description: String {
        if let sqlState {
            return "PostgresError.\(code) [\(sqlState)]: \(message)"
        }
        return "PostgresError.\(code): \(message)"
    }

    /// serialization_failure, deadlock_detected, admin_shutdown, crash_shutdown,
    /// cannot_connect_now, too_many_connections.
    private static let transientStates: Set<String> = ["40001", "40P01", "57P01", "57P02", "57P03", "53300"]
}
