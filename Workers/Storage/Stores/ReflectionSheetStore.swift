import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// A reflection sheet as front ends see it.
struct ReflectionSheetView: Encodable {
    let id: UUID
    let clientID: UUID
    let title: String
    let items: [ReflectionItem]
    let createdAt: Date
    let updatedAt: Date
}

/// A client's reflection sheets; title and items are sealed under the client's data key.
struct ReflectionSheetStore {
    let database: PostgresConnection
    let cipher: FieldCipher

    /// Oldest first.
    func list(clientID: UUID, tenantID: UUID) throws -> [ReflectionSheetView] {
        try database.query(
            "select \(Self.columns) from reflection_sheets where client_id = $1 and tenant_id = $2 order by created_at, id",
            [clientID, tenantID]
        ).map(view)
    }

    func create(clientID: UUID, tenantID: UUID, request: CreateReflectionSheetRequest) throws -> ReflectionSheetView {
        let id = UUID.random()
        let row = try database.query(
            """
            insert into reflection_sheets (id, tenant_id, client_id, title_enc, items_enc)
            values ($1, $2, $3, $4, $5)
            returning \(Self.columns)
            """,
            [id, tenantID, clientID, cipher.seal(request.title, "reflection_sheets", "title", id),
             try SealedJSON.seal(request.items, with: cipher, "reflection_sheets", "items", id)]
        ).first!
        return try view(row)
    }

    /// The changed sheet; nil when the client has no such sheet.
    func update(_ id: UUID, clientID: UUID, tenantID: UUID, request: UpdateReflectionSheetRequest) throws -> ReflectionSheetView? {
        try database.query(
            """
            update reflection_sheets set title_enc = coalesce($4, title_enc), items_enc = coalesce($5, items_enc),
                                         updated_at = now()
            where id = $1 and client_id = $2 and tenant_id = $3
            returning \(Self.columns)
            """,
            [id, clientID, tenantID, request.title.map { cipher.seal($0, "reflection_sheets", "title", id) },
             try request.items.map { try SealedJSON.seal($0, with: cipher, "reflection_sheets", "items", id) }]
        ).first.map(view)
    }

    private static let columns = "id, client_id, title_enc, items_enc, created_at, updated_at"

    private func view(_ row: PostgresRow) throws -> ReflectionSheetView {
        let id: UUID = try row.decode("id")
        return ReflectionSheetView(
            id: id,
            clientID: try row.decode("client_id"),
            title: try cipher.open(row, "title_enc", table: "reflection_sheets", id: id),
            items: try SealedJSON.open([ReflectionItem].self, row, "items_enc", with: cipher, table: "reflection_sheets", id: id),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
