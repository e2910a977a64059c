import Foundation

/// A keyed, deterministic index of an email address, so accounts can be found by email
/// without the address being searchable in the database (HMAC of the normalised address).
public struct BlindIndex: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) throws {
        guard key.count >= 32 else { throw CryptoError(.invalidKey, "blind index key must be at least 32 bytes") }
        self.key = key
    }

    /// Hex HMAC of the address trimmed and lower-cased.
    public func index(email: String) -> String {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return Digest.hex(Digest.hmacSHA256(key: key, message: Array(normalized.utf8)))
    }

    /// Hex HMAC of `text` for another `purpose` (e.g. recovery codes): the purpose separates
    /// the domains, so no value of one kind can stand in for another.
    public func index(_ text: String, purpose: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: key, message: Array(purpose.utf8) + [0] + Array(text.utf8)))
    }
}
