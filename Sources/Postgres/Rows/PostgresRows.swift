internal import CPostgres

/// The rows of one statement's result, copied out of libpq (the `PGresult` is freed at once).
public struct PostgresRows: RandomAccessCollection, Sendable {
    let storage: Storage

    /// Rows changed by INSERT/UPDATE/DELETE/MERGE (or returned by SELECT), from `PQcmdTuples`; 0 for other commands.
    public let affectedRows: Int
    /// The command tag, e.g. `INSERT 0 1` or `COMMIT`.
    public let commandTag: String

    /// The result's column names, in order.
    public var columns: [String] { storage.columns }

    /// The number of rows.
    public var count: Int { storage.rowCount }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }

    public subscript(position: Int) -> PostgresRow {
        precondition(indices.contains(position), "row index out of range")
        return PostgresRow(storage: storage, row: position)
    }

    /// No rows and no command: what a pipeline of queued statements alone answers.
    static let empty = PostgresRows()

    private init() {
        storage = Storage(columns: [], rowCount: 0, values: [])
        affectedRows = 0
        commandTag = ""
    }

    /// Copies every value of `result` as text; the caller still owns and clears `result`.
    init(copying result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
                    values.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
        }
        storage = Storage(columns: columns, rowCount: rowCount, values: values)
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        commandTag = String(cString: PQcmdStatus(result))
    }

    /// Immutable, so rows can share it across threads.
    final class Storage: Sendable {
        let columns: [String]
        let columnIndex: [String: Int]
        let rowCount: Int
        /// Row-major: row r, column c is at `r * columns.count + c`.
        let values: [String?]

        init(columns: [String], rowCount: Int, values: [String?]) {
            self.columns = columns
            // With duplicate names (`SELECT 1 AS a, 2 AS a`) the first column wins.
            self.columnIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.rowCount = rowCount
            self.values = values
        }
    }
}
