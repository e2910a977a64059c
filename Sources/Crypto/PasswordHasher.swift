internal import CSodium

/// argon2id password hashing (libsodium `crypto_pwhash_str`), with the parameters stored in
/// the hash string so they can be raised later without breaking old hashes.
public struct PasswordHasher: Sendable {
    /// Work factors. `.interactive` is libsodium's recommendation for online logins.
    public struct Cost: Sendable {
        public var operations: UInt64
        public var memoryBytes: Int

        public static let interactive = Cost(
            operations: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE),
            memoryBytes: Int(crypto_pwhash_MEMLIMIT_INTERACTIVE)
        )
        /// libsodium's lowest allowed cost; only for tests that hash many passwords.
        public static let minimum = Cost(
            operations: UInt64(crypto_pwhash_OPSLIMIT_MIN),
            memoryBytes: Int(crypto_pwhash_MEMLIMIT_MIN)
        )
    }

    public let cost: Cost
    /// A hash of a throw-away password at the same cost, made once, for `verifyAgainstDummy`.
    private let dummyHash: String

    public init(cost: Cost = .interactive) {
        self.cost = cost
        dummyHash = Self.encodedHash("mdme-dummy-password", cost: cost) ?? ""
    }

    /// The encoded argon2id hash of `password` (`$argon2id$v=19$m=…`).
    public func hash(_ password: String) throws -> String {
        guard let hash = Self.encodedHash(password, cost: cost) else {
            throw CryptoError(.hashingFailed, "argon2id hashing failed (out of memory?)")
        }
        return hash
    }

    private static func encodedHash(_ password: String, cost: Cost) -> String? {
        Sodium.ensureInitialized()
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let status = crypto_pwhash_str_alg(
            &out, password, UInt64(password.utf8.count),
            cost.operations, cost.memoryBytes, crypto_pwhash_ALG_ARGON2ID13
        )
        guard status == 0 else { return nil }
        let length = out.firstIndex(of: 0) ?? out.count
        return String(decoding: out[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches `encodedHash`. Malformed hashes never match.
    public func verify(_ password: String, against encodedHash: String) -> Bool {
        Sodium.ensureInitialized()
        return crypto_pwhash_str_verify(encodedHash, password, UInt64(password.utf8.count)) == 0
    }

    /// Burns the same time as a real verification, so unknown accounts cannot be told apart
    /// from wrong passwords by timing.
    public func verifyAgainstDummy(_ password: String) {
        _ = verify(password, against: dummyHash)
    }
}
