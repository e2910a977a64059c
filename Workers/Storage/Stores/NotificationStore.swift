import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// An in-app notice as its recipient sees it.
struct NotificationView: Encodable {
    let id: UUID
    /// A `NotificationKind` raw value; kept as text so notices of kinds this build does not
    /// know yet still list.
    let kind: String
    let clientRef: UUID?
    let text: String
    let createdAt: Date
    let readAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, clientRef, text, createdAt, readAt
    }

    /// Absent values are written as `null`, so every notice has the same fields. `client_ref`
    /// is an id in lower case like every other, though its name does not end in `_id`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(clientRef?.lowercasedText, forKey: .clientRef)
        try container.encode(text, forKey: .text)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(readAt, forKey: .readAt)
    }
}

/// In-app notices. The text is sealed with the recipient's data key, so it goes when the
/// recipient's key goes, whoever the notice is about.
struct NotificationStore {
    let database: PostgresConnection
    let keys: KeyStore

    func create(for recipientID: UUID, tenantID: UUID, kind: NotificationKind, client clientRef: UUID?, text: String) throws {
        try NotificationWriter(database: database, keys: keys).create(for: recipientID, tenantID: tenantID, kind: kind, client: clientRef, text: text)
    }

    /// The recipient's notices, newest first.
    func list(for recipientID: UUID, tenantID: UUID) throws -> [NotificationView] {
        let rows = try database.query(
            """
            select id, kind, client_ref, text_enc, created_at, read_at from notifications
            where recipient_id = $1 and tenant_id = $2
            order by created_at desc, id
            """,
            [recipientID, tenantID]
        )
        guard !rows.isEmpty else { return [] }
        let cipher = try keys.cipher(for: recipientID)
        return try rows.map { row in
            let id: UUID = try row.decode("id")
            return NotificationView(
                id: id,
                kind: try row.decode("kind"),
                clientRef: try row.decode("client_ref", as: UUID?.self),
                text: try cipher.open(row, "text_enc", table: "notifications", id: id),
                createdAt: try row.decode("created_at"),
                readAt: try row.decode("read_at", as: Date?.self)
            )
        }
    }

    /// Marks the recipient's notice read (the first time counts). False when there is no such
    /// notice for this recipient.
    func markRead(_ id: UUID, recipientID: UUID, tenantID: UUID) throws -> Bool {
        try database.query(
            """
            update notifications set read_at = coalesce(read_at, now())
            where id = $1 and recipient_id = $2 and tenant_id = $3
            returning id
            """,
            [id, recipientID, tenantID]
        ).count == 1
    }
}
