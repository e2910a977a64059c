#if canImport(Glibc)
import Glibc
#endif

/// The one error type of the `HTTPServer` module.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable value to switch over.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name of the code.
        public let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// libmicrohttpd refused to start the daemon (port in use, bad TLS material, …).
        public static let startFailed = Code("startFailed")
        /// The configured host is not an IPv4 address (or `localhost`).
        public static let invalidAddress = Code("invalidAddress")
        /// A configuration value is out of range, or the server is already running.
        public static let invalidConfiguration = Code("invalidConfiguration")

        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation; never contains request data.
    public var message: String

    /// Creates an error with a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "HTTPServerError.\(code): \(message)" }
}

extension HTTPServerError {
    /// MHD reports start-up failures only through a NULL daemon and, sometimes, `errno`.
    static func startFailed(_ what: String, errno code: Int32) -> HTTPServerError {
        guard code != 0 else {
            return HTTPServerError(code: .startFailed, message: what)
        }
        let reason = String(cString: strerror(code))
        return HTTPServerError(code: .startFailed, message: "\(what): \(reason) (errno \(code))")
    }
}
