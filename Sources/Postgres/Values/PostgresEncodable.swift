import Foundation
import MDMECore

/// A value that can be sent as a text-format query parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
}

extension Double: PostgresEncodable {
    /// Swift prints the shortest text that reads back to the same value; the special values
    /// use PostgreSQL's spelling.
    public var postgresText: String {
        if isNaN {
            return "NaN"
        }
        if isInfinite {
            return self < 0 ? "-Infinity" : "Infinity"
        }
        return description
    }
}

extension UUID: PostgresEncodable {
    public var postgresText: String { lowercasedText }
}

extension Date: PostgresEncodable {
    /// RFC 3339 in UTC with microseconds, e.g. `2027-01-31T09:30:00.123456Z`.
    public var postgresText: String { PostgresTimestamp.format(self) }

    /// This time as a `timestamptz` column keeps it: to the microsecond, rounded as
    /// `postgresText` rounds it, so a value written and one read back are equal.
    public var storedPrecision: Date {
        Date(timeIntervalSinceReferenceDate: PostgresTimestamp.microseconds(sinceReferenceDateOf: self) / 1e6)
    }
}

extension Array: PostgresEncodable where Element == UInt8 {
    /// bytea hex input, e.g. `\x0a0b`.
    public var postgresText: String { PostgresBytea.hexText(self) }
}

extension Data: PostgresEncodable {
    /// bytea hex input, e.g. `\x0a0b`.
    public var postgresText: String { PostgresBytea.hexText(self) }
}
