import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// A client's colour scale as front ends see it: their own, or the standard one (`is_default`).
public struct ColorScaleView: Encodable {
    public let clientID: UUID
    public let isDefault: Bool
    public let levels: [ColorScale.Level]
    /// When the scale was last set; nil for the standard scale.
    public let updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case clientID, isDefault, levels, updatedAt
    }

    /// What a client without a scale of their own sees.
    static func standard(for clientID: UUID) -> ColorScaleView {
        ColorScaleView(clientID: clientID, isDefault: true, levels: ColorScale.standard.levels, updatedAt: nil)
    }

    /// `updated_at` is always present, `null` for the standard scale.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(isDefault, forKey: .isDefault)
        try container.encode(levels, forKey: .levels)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// One colour scale per client, stored whole as sealed JSON under the client's data key.
public struct ColorScaleStore {
    let database: PostgresConnection
    let cipher: FieldCipher

    public init(database: PostgresConnection, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// The client's data key and scale in one statement, for a caller about to write under that
    /// key anyway (a registration: its level indexes this scale). Not found without a key.
    public static func keyAndScale(of clientID: UUID, tenantID: UUID, database: PostgresConnection,
                                   keyring: MasterKeyring) throws -> (cipher: FieldCipher, scale: ColorScaleView) {
        guard let row = try database.query(keyAndScaleOfOne, [clientID, tenantID]).first else { throw APIError.notFound }
        return try keyAndScale(from: row, of: clientID, database: database, keyring: keyring)
    }

    /// `keyAndScale` for several clients of one tenant, in one statement; a client without a key
    /// is left out. For a batch of registrations, read ahead.
    public static func keysAndScales(of clientIDs: Set<UUID>, tenantID: UUID, database: PostgresConnection,
                                     keyring: MasterKeyring) throws -> [UUID: (cipher: FieldCipher, scale: ColorScaleView)] {
        let rows = try database.query(
            keysAndScalesOfSeveral, ["{" + clientIDs.map(\.lowercasedText).joined(separator: ",") + "}", tenantID]
        )
        var found: [UUID: (cipher: FieldCipher, scale: ColorScaleView)] = [:]
        for row in rows {
            let clientID: UUID = try row.decode("account_id")
            found[clientID] = try keyAndScale(from: row, of: clientID, database: database, keyring: keyring)
        }
        return found
    }

    private static let keyAndScaleOfOne = """
        select k.key_id, k.wrapped_key, s.client_id, s.scale_enc, s.updated_at
        from account_keys k left join color_scales s on s.client_id = k.account_id and s.tenant_id = $2
        where k.account_id = $1
        """
    private static let keysAndScalesOfSeveral = """
        select k.account_id, k.key_id, k.wrapped_key, s.client_id, s.scale_enc, s.updated_at
        from account_keys k left join color_scales s on s.client_id = k.account_id and s.tenant_id = $2
        where k.account_id = any($1::uuid[])
        """

    private static func keyAndScale(from row: PostgresRow, of clientID: UUID, database: PostgresConnection,
                                    keyring: MasterKeyring) throws -> (cipher: FieldCipher, scale: ColorScaleView) {
        let cipher = try KeyStore.cipher(from: row, owner: clientID, keyring: keyring)
        guard try row.decode("client_id", as: UUID?.self) != nil else {
            return (cipher, .standard(for: clientID))
        }
        return (cipher, try ColorScaleStore(database: database, cipher: cipher).view(row))
    }

    /// The client's own scale, or the standard scale when none is set.
    public func get(clientID: UUID, tenantID: UUID) throws -> ColorScaleView {
        guard let row = try database.query(
            "select client_id, scale_enc, updated_at from color_scales where client_id = $1 and tenant_id = $2",
            [clientID, tenantID]
        ).first else {
            return .standard(for: clientID)
        }
        return try view(row)
    }

    /// Replaces the client's scale.
    public func set(_ scale: ColorScale, clientID: UUID, tenantID: UUID) throws -> ColorScaleView {
        let sealed = try SealedJSON.seal(scale, with: cipher, "color_scales", "scale", clientID)
        let row = try database.query(
            """
            insert into color_scales (client_id, tenant_id, scale_enc) values ($1, $2, $3)
            on conflict (client_id) do update set scale_enc = excluded.scale_enc, updated_at = now()
            returning client_id, scale_enc, updated_at
            """,
            [clientID, tenantID, sealed]
        ).first!
        return try view(row)
    }

    private func view(_ row: PostgresRow) throws -> ColorScaleView {
        let clientID: UUID = try row.decode("client_id")
        let scale = try SealedJSON.open(ColorScale.self, row, "scale_enc", with: cipher, table: "color_scales", id: clientID)
        return ColorScaleView(clientID: clientID, isDefault: false, levels: scale.levels, updatedAt: try row.decode("updated_at"))
    }
}
