internal import CSodium

/// Encrypts personal data and free text at rest with XChaCha20-Poly1305 (libsodium's IETF
/// construction) under one data key.
///
/// The associated data names where a ciphertext belongs (`"accounts.name:<row id>"`), so a
/// ciphertext copied into another row or column no longer opens.
public struct FieldCipher: Sendable {
    public static let keyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    private static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    private static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    private let key: [UInt8]

    public init(key: [UInt8]) throws {
        guard key.count == Self.keyBytes else { throw CryptoError(.invalidKey, "a data key has \(Self.keyBytes) bytes") }
        Sodium.ensureInitialized()
        self.key = key
    }

    /// A fresh random data key.
    public static func generateKey() -> [UInt8] {
        SecureRandom.bytes(keyBytes)
    }

    /// `nonce ‖ ciphertext ‖ tag`; a random 192-bit nonce per call is safe with XChaCha.
    public func seal(_ plaintext: [UInt8], associatedData: String) -> [UInt8] {
        let nonce = SecureRandom.bytes(Self.nonceBytes)
        let ad = Array(associatedData.utf8)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + Self.tagBytes)
        var length: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &ciphertext, &length, plaintext, UInt64(plaintext.count), ad, UInt64(ad.count), nil, nonce, key
        )
        return nonce + ciphertext.prefix(Int(length))
    }

    public func open(_ sealed: [UInt8], associatedData: String) throws -> [UInt8] {
        guard sealed.count >= Self.nonceBytes + Self.tagBytes else {
            throw CryptoError(.decryptionFailed, "ciphertext too short")
        }
        let nonce = Array(sealed.prefix(Self.nonceBytes))
        let ciphertext = Array(sealed.dropFirst(Self.nonceBytes))
        let ad = Array(associatedData.utf8)
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &plaintext, &length, nil, ciphertext, UInt64(ciphertext.count), ad, UInt64(ad.count), nonce, key
        )
        guard status == 0 else { throw CryptoError(.decryptionFailed, "ciphertext does not open with this key and place") }
        return Array(plaintext.prefix(Int(length)))
    }

    public func seal(_ text: String, associatedData: String) -> [UInt8] {
        seal(Array(text.utf8), associatedData: associatedData)
    }

    public func openText(_ sealed: [UInt8], associatedData: String) throws -> String {
        String(decoding: try open(sealed, associatedData: associatedData), as: UTF8.self)
    }
}
