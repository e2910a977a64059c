/// Errors from the cryptographic primitives.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let initializationFailed = Code(name: "initializationFailed")
        public static let hashingFailed = Code(name: "hashingFailed")
        public static let invalidKey = Code(name: "invalidKey")
        public static let invalidToken = Code(name: "invalidToken")
        public static let expiredToken = Code(name: "expiredToken")
        public static let decryptionFailed = Code(name: "decryptionFailed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
