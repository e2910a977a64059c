import Crypto
import MDMERuntime

extension MDMEConfiguration {
    /// The master keys: the current one, plus the previous one while a rotation is under way,
    /// so data keys wrapped by either can be unwrapped (each wrapped key names its master key).
    public func masterKeyring() throws -> MasterKeyring {
        var keys = [security.masterKeyId: try KeyFile.load(path: security.masterKeyFile)]
        if !security.previousMasterKeyId.isEmpty {
            keys[security.previousMasterKeyId] = try KeyFile.load(path: security.previousMasterKeyFile)
        }
        return try MasterKeyring(currentKeyID: security.masterKeyId, keys: keys)
    }

    /// Signs with the current session key; also accepts the previous key's tokens after a rotation.
    public func sessionTokenSigner() throws -> SessionTokenSigner {
        let previous = security.previousSessionKeyFile.isEmpty ? [] : [try KeyFile.load(path: security.previousSessionKeyFile)]
        return try SessionTokenSigner(key: KeyFile.load(path: security.sessionKeyFile), previousKeys: previous)
    }
}
