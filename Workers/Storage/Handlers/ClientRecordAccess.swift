import Crypto
import DataProtection
import Foundation
import MDMECore
import Messaging

/// Who works with which client's records, and the key to them. Staff reach a client's
/// records through `/clients/{id}/…` (the responsible therapist, or any tenant admin of the
/// tenant); a client reaches their own through `/me/…`.
struct ClientRecordAccess {
    let caller: Caller
    let clientID: UUID
    let cipher: FieldCipher

    /// A refusal: 404, never revealing whether the client or record exists.
    static let refused = HandlerResult(reply: .failure(.notFound))

    /// Whether `caller` may act on `clientID`'s records. A refusal is audited as denied for
    /// `action`; the caller then answers `refused` (404), never revealing that the client exists.
    static func allows(_ caller: Caller, _ clientID: UUID, action: String, _ context: HandlerContext) throws -> Bool {
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services).get(clientID, for: caller, tenant: tenant) != nil else {
            try context.audit(caller, action, client: clientID, outcome: .denied)
            return false
        }
        return true
    }

    /// One audit row for what the caller read or wrote of the client's records.
    func audit(_ action: String, _ context: HandlerContext) throws {
        try context.audit(caller, action, client: clientID)
    }

    /// Audits a refused attempt; answer it with `refused`, so the audit row is committed.
    func refuse(_ action: String, _ context: HandlerContext) throws -> HandlerResult {
        try context.audit(caller, action, client: clientID, outcome: .denied)
        return Self.refused
    }
}

extension HandlerContext {
    /// The client named by the payload's `client_id`, when the caller is staff who may see them.
    /// A client calling is forbidden (403); staff who may not see the client get nil, after the
    /// refusal is audited as `action`.
    func staffAccessToClient(action: String) throws -> ClientRecordAccess? {
        let caller = try caller(requiring: .therapist)
        let reference = try payload(PeopleHandlers.ClientReference.self)
        let tenant = try TenantStore(database: database).get(caller.tenantID)
        guard try ClientStore(database: database, services: services).get(reference.clientID, for: caller, tenant: tenant) != nil else {
            try audit(caller, action, client: reference.clientID, outcome: .denied)
            return nil
        }
        return ClientRecordAccess(caller: caller, clientID: reference.clientID, cipher: try keys.cipher(for: reference.clientID))
    }

    /// The calling client's own records; anyone else is forbidden (403).
    func clientAccessToOwnRecords() throws -> ClientRecordAccess {
        let caller = try caller(requiring: .client)
        return ClientRecordAccess(caller: caller, clientID: caller.accountID, cipher: try keys.cipher(for: caller.accountID))
    }
}
