import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

extension QuestionnaireStore {
    /// The answers the client submitted to assignment `id` (item 1 first, `null` unanswered),
    /// as the JSON list they were sent in; nil before they answered or for another client's.
    public func answers(of id: UUID, clientID: UUID, tenantID: UUID) throws -> JSONValue? {
        guard let row = try database.query(
            "select answers_enc from questionnaire_assignments where id = $1 and client_id = $2 and tenant_id = $3",
            [id, clientID, tenantID]
        ).first, try row.decode("answers_enc", as: [UInt8]?.self) != nil else { return nil }
        return try SealedJSON.open(JSONValue.self, row, "answers_enc", with: try keys.cipher(for: clientID),
                                   table: "questionnaire_assignments", id: id)
    }
}
