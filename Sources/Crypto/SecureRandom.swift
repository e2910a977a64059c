internal import CSodium

/// Cryptographically secure random bytes and tokens.
public enum SecureRandom {
    /// `count` random bytes from libsodium's CSPRNG.
    public static func bytes(_ count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var buffer = [UInt8](repeating: 0, count: count)
        buffer.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return buffer
    }

    /// A URL-safe random token carrying `byteCount` bytes of entropy (for invitations and resets).
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
