import Foundation
import MDMECore

/// A value decodable from a text-format result column.
public protocol PostgresDecodable: Sendable {
    /// Parses PostgreSQL's text output; throws a `.decodingFailed` `PostgresError` when the text
    /// does not fit. The error must not quote the text.
    init(postgresText: String) throws
}

extension PostgresDecodable {
    static func invalidText() -> PostgresError {
        PostgresError(code: .decodingFailed, message: "text is not a valid \(Self.self)")
    }
}

extension String: PostgresDecodable {
    public init(postgresText: String) {
        self = postgresText
    }
}

extension Int: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Int(postgresText) else { throw Self.invalidText() }
        self = value
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Int32(postgresText) else { throw Self.invalidText() }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Int64(postgresText) else { throw Self.invalidText() }
        self = value
    }
}

extension Bool: PostgresDecodable {
    /// Accepts the `boolean` output `t`/`f` and the spelled-out `true`/`false`.
    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw Self.invalidText()
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresText: String) throws {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(postgresText), value.isFinite else { throw Self.invalidText() }
            self = value
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = UUID(text: postgresText) else { throw Self.invalidText() }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// Parses `timestamptz` output such as `2027-01-31 09:30:00.123456+00` (also `T`, `Z`,
    /// `+hh:mm` offsets and ` BC`). `infinity` has no `Date` and fails.
    public init(postgresText: String) throws {
        guard let value = PostgresTimestamp.parse(postgresText) else { throw Self.invalidText() }
        self = value
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// Parses bytea hex output (`\x0a0b`); the connection sets `bytea_output = 'hex'`.
    public init(postgresText: String) throws {
        guard let bytes = PostgresBytea.bytes(fromHexText: postgresText) else { throw Self.invalidText() }
        self = bytes
    }
}

extension Data: PostgresDecodable {
    /// Parses bytea hex output (`\x0a0b`); the connection sets `bytea_output = 'hex'`.
    public init(postgresText: String) throws {
        guard let bytes = PostgresBytea.bytes(fromHexText: postgresText) else { throw Self.invalidText() }
        self = Data(bytes)
    }
}
