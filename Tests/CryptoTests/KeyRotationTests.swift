import Crypto
import Foundation
import Testing

@Suite("Key rotation")
struct KeyRotationTests {
    static let old = [UInt8](repeating: 1, count: 32)
    static let new = [UInt8](repeating: 2, count: 32)
    static let stranger = [UInt8](repeating: 3, count: 32)
    static let owner = "0b4e6a52-7f1c-4a9e-9d3b-5f0c2e8a1d77"

    @Test("a data key rewrapped under the new master key opens with the new key alone, and stays bound to its owner")
    func rewrap() throws {
        let dataKey = SecureRandom.bytes(32)
        let before = try MasterKeyring(currentKeyID: "k1", keys: ["k1": Self.old])
        let wrapped = before.wrap(dataKey, owner: Self.owner)
        #expect(wrapped.keyID == "k1")

        let during = try MasterKeyring(currentKeyID: "k2", keys: ["k1": Self.old, "k2": Self.new])
        #expect(during.keyIDs == ["k1", "k2"])
        // While rotating, keys wrapped by either master key open.
        #expect(try during.unwrap(wrapped.wrapped, keyID: "k1", owner: Self.owner) == dataKey)
        let rewrapped = try during.rewrap(wrapped.wrapped, keyID: "k1", owner: Self.owner)
        #expect(rewrapped.keyID == "k2" && rewrapped.wrapped != wrapped.wrapped)
        #expect(try during.unwrap(rewrapped.wrapped, keyID: "k2", owner: Self.owner) == dataKey)

        let after = try MasterKeyring(currentKeyID: "k2", keys: ["k2": Self.new])
        #expect(try after.unwrap(rewrapped.wrapped, keyID: "k2", owner: Self.owner) == dataKey)
        // The old wrapping needs the retired key; a rewrapped key cannot be moved to another account.
        #expect(throws: CryptoError.self) { try after.unwrap(wrapped.wrapped, keyID: "k1", owner: Self.owner) }
        #expect(throws: CryptoError.self) { try after.unwrap(rewrapped.wrapped, keyID: "k2", owner: UUID().uuidString.lowercased()) }
        // Claiming the wrong key id does not open it either.
        #expect(throws: CryptoError.self) { try during.unwrap(rewrapped.wrapped, keyID: "k1", owner: Self.owner) }
    }

    @Test("rewrapping a key whose master key is not loaded fails instead of guessing")
    func rewrapUnknownMasterKey() throws {
        let wrapped = try MasterKeyring(currentKeyID: "k0", keys: ["k0": Self.stranger]).wrap(SecureRandom.bytes(32), owner: Self.owner)
        let keyring = try MasterKeyring(currentKeyID: "k2", keys: ["k1": Self.old, "k2": Self.new])
        let error = #expect(throws: CryptoError.self) { try keyring.rewrap(wrapped.wrapped, keyID: "k0", owner: Self.owner) }
        #expect(error?.code == .invalidKey)
    }

    @Test("after a session key rotation old tokens verify until they expire, new ones use the new key, unknown keys are refused")
    func sessionKeyRotation() throws {
        let now = Date(timeIntervalSince1970: 1_801_387_800)
        let claims = SessionClaims(sessionID: UUID(), accountID: UUID(), tenantID: UUID(), role: "client",
                                   expiresAt: now.addingTimeInterval(600))
        let oldToken = try SessionTokenSigner(key: Self.old).sign(claims)
        let rotated = try SessionTokenSigner(key: Self.new, previousKeys: [Self.old])
        #expect(try rotated.verify(oldToken, now: now) == claims)
        let expired = #expect(throws: CryptoError.self) { try rotated.verify(oldToken, now: now.addingTimeInterval(601)) }
        #expect(expired?.code == .expiredToken)

        let newToken = rotated.sign(claims)
        #expect(try SessionTokenSigner(key: Self.new).verify(newToken, now: now) == claims)
        #expect(throws: CryptoError.self) { try SessionTokenSigner(key: Self.old).verify(newToken, now: now) }

        let foreign = try SessionTokenSigner(key: Self.stranger).sign(claims)
        let refused = #expect(throws: CryptoError.self) { try rotated.verify(foreign, now: now) }
        #expect(refused?.code == .invalidToken)
        // Once the previous key is dropped, its tokens stop working.
        #expect(throws: CryptoError.self) { try SessionTokenSigner(key: Self.new).verify(oldToken, now: now) }
        #expect(throws: CryptoError.self) { try SessionTokenSigner(key: Self.new, previousKeys: [[UInt8](repeating: 9, count: 16)]) }
    }

    @Test("a key can come from the environment instead of a file")
    func keyFromEnvironment() throws {
        let text = Data(Self.new).base64EncodedString()
        #expect(try KeyFile.load(path: "env:MDME_TEST_MASTER_KEY", environment: ["MDME_TEST_MASTER_KEY": text]) == Self.new)
        let missing = #expect(throws: CryptoError.self) { try KeyFile.load(path: "env:MDME_TEST_MASTER_KEY", environment: [:]) }
        #expect(missing?.code == .invalidKey)
    }
}
