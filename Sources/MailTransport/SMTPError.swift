/// Why a message did not reach the relay.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable {
        /// Connection, TLS or a temporary (4xx) answer: worth trying again.
        case transient
        /// The relay refused for good (5xx: unknown recipient, login refused…).
        case permanent
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "SMTPError(\(code)): \(message)" }
}
