import Crypto
import Foundation
import MDMECore
import Postgres

/// Writes an in-app notice, its text sealed with the recipient's data key, so it goes when the
/// recipient's key goes, whoever the notice is about. Shared by the storage worker and the
/// retention sweep.
public struct NotificationWriter {
    let database: PostgresConnection
    let keys: KeyStore

    public init(database: PostgresConnection, keys: KeyStore) {
        self.database = database
        self.keys = keys
    }

    public func create(for recipientID: UUID, tenantID: UUID, kind: NotificationKind, client clientRef: UUID?, text: String) throws {
        let id = UUID.random()
        let cipher = try keys.cipher(for: recipientID)
        try database.query(
            """
            insert into notifications (id, tenant_id, recipient_id, kind, client_ref, text_enc)
            values ($1, $2, $3, $4, $5, $6)
            """,
            [id, tenantID, recipientID, kind.rawValue, clientRef, cipher.seal(text, "notifications", "text", id)]
        )
    }
}
