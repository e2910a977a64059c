internal import CSodium

/// Hashes and message authentication codes.
public enum Digest {
    /// SHA-256 of `message` (used to store single-use tokens by hash only).
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        _ = crypto_hash_sha256(&out, message, UInt64(message.count))
        return out
    }

    /// HMAC-SHA-256 of `message` under `key` (any key length).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        _ = crypto_auth_hmacsha256_init(&state, key, key.count)
        _ = crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        _ = crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    /// HMAC-SHA-1 of `message` under `key` (RFC 2104). Only for TOTP (RFC 6238) and the mail
    /// provider's webhook signature, which prescribe it.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var blockKey = key.count > SHA1.blockSize ? SHA1.hash(key) : key
        blockKey += [UInt8](repeating: 0, count: SHA1.blockSize - blockKey.count)
        let inner = SHA1.hash(blockKey.map { $0 ^ 0x36 } + message)
        return SHA1.hash(blockKey.map { $0 ^ 0x5c } + inner)
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return sodium_memcmp(a, b, a.count) == 0
    }

    /// Lower-case hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
