/// Failures talking to a directory (not a wrong password: that is an outcome, not an error).
public struct DirectoryError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// Settings that cannot work (bad URL, missing file).
        public static let misconfigured = Code(name: "misconfigured")
        /// The server could not be reached or answered nothing in time.
        public static let unreachable = Code(name: "unreachable")
        /// TLS could not be established or the certificate was not trusted.
        public static let tlsFailed = Code(name: "tlsFailed")
        /// Any other LDAP result.
        public static let operationFailed = Code(name: "operationFailed")
    }

    public var code: Code
    public var message: String
    /// The LDAP result code, when there was one.
    public var resultCode: Int32?

    public init(_ code: Code, _ message: String, resultCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.resultCode = resultCode
    }

    public var description: String { "\(code): \(message)" + (resultCode.map { " (LDAP \($0))" } ?? "") }
}
