/// Errors of the messaging runtime (the AMQP and PostgreSQL errors it meets are wrapped).
public struct MessagingError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let undecodableMessage = Code(name: "undecodableMessage")
        public static let publishFailed = Code(name: "publishFailed")
        public static let stopped = Code(name: "stopped")
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(code): \(message) (\($0))" } ?? "\(code): \(message)"
    }
}
