import Foundation
internal import CPostgres

extension PostgresError {
    /// Converts a failed libpq result (or a missing one) into an error. The connection counts as
    /// lost when libpq reports it bad or the server sent a connection-class SQLSTATE.
    static func failedResult(_ result: OpaquePointer?, on connection: OpaquePointer) -> PostgresError {
        let sqlState = result.flatMap { cpostgres_sqlstate($0) }.map { String(cString: $0) }
        let message = result.flatMap { cpostgres_primary_message($0) }.map { String(cString: $0) }
            ?? result.map { String(cString: PQresultErrorMessage($0)) }.flatMap(nonEmpty)
            ?? libpqMessage(connection)
        let lost = PQstatus(connection) != CONNECTION_OK || sqlState?.hasPrefix("08") == true
        return PostgresError(code: lost ? .connectionLost : .queryFailed, message: message, sqlState: sqlState)
    }

    /// The connection's last libpq message, trimmed; libpq ends it with a newline.
    static func libpqMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let text = PQerrorMessage(connection) else {
            return "libpq could not allocate a connection"
        }
        return nonEmpty(String(cString: text)) ?? "unknown libpq error"
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
