/// One result row; values are looked up by column name and decoded from PostgreSQL's text format.
public struct PostgresRow: Sendable {
    let storage: PostgresRows.Storage
    let row: Int

    /// The result's column names, in order.
    public var columns: [String] { storage.columns }

    /// Decodes a non-NULL column; throws `.decodingFailed` when it is NULL, missing or malformed.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decode(column, as: T?.self) else {
            throw PostgresError(code: .decodingFailed, message: "column \"\(column)\" is NULL, expected \(T.self)")
        }
        return value
    }

    /// Decodes a nullable column: NULL becomes `nil`; throws `.decodingFailed` when it is missing or malformed.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type = T?.self) throws -> T? {
        guard let index = storage.columnIndex[column] else {
            throw PostgresError(code: .decodingFailed, message: "no column named \"\(column)\" in the result")
        }
        guard let text = storage.values[row * storage.columns.count + index] else {
            return nil
        }
        do {
            return try T(postgresText: text)
        } catch let error as PostgresError {
            throw PostgresError(code: .decodingFailed, message: "column \"\(column)\": \(error.message)", underlying: error)
        } catch {
            throw PostgresError(code: .decodingFailed, message: "column \"\(column)\" could not be decoded as \(T.self)", underlying: error)
        }
    }

    /// True when the column is NULL or the result has no such column.
    public func isNull(_ column: String) -> Bool {
        guard let index = storage.columnIndex[column] else { return true }
        return storage.values[row * storage.columns.count + index] == nil
    }
}
