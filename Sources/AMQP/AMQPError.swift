/// An error from the AMQP module: a connection that could not be made, a broker that closed
/// the connection or channel, a socket failure, a timeout, or a publish the broker refused.
///
/// After an error whose ``Code/isFatal`` is true the ``AMQPConnection`` is unusable:
/// every later call throws the same error; build a new connection.
public struct AMQPError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, independent of the message text.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The TCP connection could not be opened (refused, unreachable, name lookup, connect timeout).
        public static let connectionFailed = Code("connectionFailed")
        /// The broker refused the login (credentials, virtual host) or the handshake failed.
        public static let loginFailed = Code("loginFailed")
        /// The broker closed the connection (`connection.close`), or the socket was closed or heartbeats stopped.
        public static let connectionClosed = Code("connectionClosed")
        /// The broker closed the channel (`channel.close`), e.g. 404 NOT_FOUND or 406 PRECONDITION_FAILED.
        public static let channelClosed = Code("channelClosed")
        /// Reading from or writing to the socket failed.
        public static let socketError = Code("socketError")
        /// Nothing arrived within the allowed time. The connection stays usable.
        public static let timeout = Code("timeout")
        /// The broker answered `basic.nack` for a confirmed publish. The connection stays usable.
        public static let publishNacked = Code("publishNacked")
        /// A mandatory publish could not be routed to any queue (`basic.return`). The connection stays usable.
        public static let unroutable = Code("unroutable")
        /// The library or broker spoke something unexpected, or librabbitmq reported an internal failure.
        public static let protocolError = Code("protocolError")
        /// The configuration (e.g. the URL) is invalid.
        public static let invalidConfiguration = Code("invalidConfiguration")

        /// Whether the connection is unusable after an error with this code.
        public var isFatal: Bool {
            switch self {
            case .timeout, .publishNacked, .unroutable, .invalidConfiguration: false
            default: true
            }
        }

        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// The AMQP reply code from the broker's `connection.close` / `channel.close`
    /// (e.g. 320, 403, 404, 406), or the `basic.return` reply code (312 NO_ROUTE).
    public var replyCode: Int?
    /// A human-readable explanation; never contains message bodies.
    public var message: String
    /// The librabbitmq status (`amqp_status_enum`, negative) behind the error, when there is one.
    public var libraryStatus: Int?

    public init(code: Code, replyCode: Int? = nil, message: String, libraryStatus: Int? = nil) {
        self.code = code
        self.replyCode = replyCode
        self.message = message
        self.libraryStatus = libraryStatus
    }

    public var description: String {
        var text = "AMQPError.\(code): \(message)"
        if let replyCode {
            text += " (reply code \(replyCode))"
        }
        return text
    }
}
