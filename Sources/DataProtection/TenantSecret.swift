import Crypto
import Foundation
import MDMECore

/// A tenant's secret setting (the SMTP relay password), sealed with the master key and bound
/// to the tenant and the setting, so it cannot be moved to another tenant or column.
public enum TenantSecret {
    public static func seal(_ secret: String, setting: String, tenantID: UUID, keyring: MasterKeyring) -> (keyID: String, sealed: [UInt8]) {
        let wrapped = keyring.wrap(Array(secret.utf8), owner: owner(setting, tenantID))
        return (wrapped.keyID, wrapped.wrapped)
    }

    public static func open(_ sealed: [UInt8], keyID: String, setting: String, tenantID: UUID, keyring: MasterKeyring) throws -> String {
        String(decoding: try keyring.unwrap(sealed, keyID: keyID, owner: owner(setting, tenantID)), as: UTF8.self)
    }

    private static func owner(_ setting: String, _ tenantID: UUID) -> String {
        "tenant.\(setting):\(tenantID.lowercasedText)"
    }
}
