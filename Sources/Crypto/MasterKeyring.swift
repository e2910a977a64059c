internal import CSodium

/// The master keys that wrap per-client data keys. Data keys are stored wrapped, with the id of
/// the master key that wrapped them, so master keys rotate by rewrapping data keys only.
public struct MasterKeyring: Sendable {
    /// The key new data keys are wrapped with.
    public let currentKeyID: String
    private let keys: [String: FieldCipher]

    /// `keys` maps key ids to 32-byte master keys; `currentKeyID` must be among them.
    public init(currentKeyID: String, keys: [String: [UInt8]]) throws {
        guard keys[currentKeyID] != nil else { throw CryptoError(.invalidKey, "no master key with id \(currentKeyID)") }
        self.currentKeyID = currentKeyID
        self.keys = try keys.mapValues { try FieldCipher(key: $0) }
    }

    /// A wrapped data key is bound to its owner, so it cannot be swapped onto another account.
    public func wrap(_ dataKey: [UInt8], owner: String) -> (keyID: String, wrapped: [UInt8]) {
        (currentKeyID, keys[currentKeyID]!.seal(dataKey, associatedData: "mdme.data-key:\(owner)"))
    }

    /// The ids of every loaded master key.
    public var keyIDs: Set<String> { Set(keys.keys) }

    /// Re-seals a data key wrapped by any loaded master key under the current one.
    public func rewrap(_ wrapped: [UInt8], keyID: String, owner: String) throws -> (keyID: String, wrapped: [UInt8]) {
        var dataKey = try unwrap(wrapped, keyID: keyID, owner: owner)
        defer { dataKey.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        return wrap(dataKey, owner: owner)
    }

    public func unwrap(_ wrapped: [UInt8], keyID: String, owner: String) throws -> [UInt8] {
        guard let cipher = keys[keyID] else { throw CryptoError(.invalidKey, "master key \(keyID) is not configured") }
        return try cipher.open(wrapped, associatedData: "mdme.data-key:\(owner)")
    }
}
