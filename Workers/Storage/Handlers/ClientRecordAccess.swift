import Foundation
import MDMECore
import Messaging

/// Who may touch a client's records: the responsible therapist, or a tenant admin for every
/// client of the tenant.
enum ClientRecordAccess {
    /// Whether `caller` may act on `clientID`'s records. A refusal is audited as denied for
    /// `action`; the caller then answers `notFound` (404), never revealing that the client exists.
    static func allows(_ caller: Caller, _ clientID: UUID, action: String, _ context: HandlerContext) throws -> Bool {
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services).get(clientID, for: caller, tenant: tenant) != nil else {
            try context.audit(caller, action, client: clientID, outcome: .denied)
            return false
        }
        return true
    }
}
