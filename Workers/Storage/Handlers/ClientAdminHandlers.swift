import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// Changing, unlocking and deleting a client (the client's therapist or a tenant admin).
enum ClientAdminHandlers {
    static func update(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(PeopleHandlers.ClientReference.self)
        let request = try context.payload(UpdateClientRequest.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        if let problem = request.validate(today: CalendarDate(context.now, in: tenant.timeZone)) { throw problem }
        let clients = ClientStore(database: context.database, services: context.services)
        guard try clients.get(reference.clientID, for: caller, tenant: tenant) != nil else {
            return try denied(caller, "client.update", reference.clientID, context)
        }
        let id = reference.clientID
        let cipher = try context.keys.cipher(for: id)
        if let name = request.name {
            try context.database.query("update accounts set name_enc = $2 where id = $1", [id, cipher.seal(name, "accounts", "name", id)])
        }
        if let email = request.email {
            let address = email.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                try context.database.query(
                    "update accounts set email_enc = $2, email_lookup = $3 where id = $1",
                    [id, cipher.seal(address, "accounts", "email", id), context.services.blindIndex.index(email: address)]
                )
            } catch let error as PostgresError where error.isUniqueViolation {
                throw APIError(.conflict, "An account with this email address already exists.",
                               details: [FieldProblem(field: "email", problem: "is already in use")])
            }
        }
        if let gender = request.gender {
            try context.database.query("update clients set gender = $2 where id = $1", [id, gender.rawValue])
        }
        if let birthDate = request.birthDate {
            try context.database.query("update clients set birth_date_enc = $2 where id = $1",
                                       [id, cipher.seal(birthDate.description, "clients", "birth_date", id)])
        }
        if let phone = request.phone {
            try context.database.query("update clients set phone_enc = $2 where id = $1",
                                       [id, phone.map { cipher.seal($0, "clients", "phone", id) }])
        }
        try context.audit(caller, "client.update", client: id)
        guard let view = try clients.get(id, for: caller, tenant: tenant) else { throw APIError.notFound }
        return HandlerResult(reply: try .ok(view), subject: id)
    }

    static func unlock(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(PeopleHandlers.ClientReference.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services).get(reference.clientID, for: caller, tenant: tenant) != nil else {
            return try denied(caller, "client.unlock", reference.clientID, context)
        }
        try context.database.query("update accounts set failed_logins = 0, locked_at = null where id = $1", [reference.clientID])
        try context.audit(caller, "client.unlock", client: reference.clientID)
        return HandlerResult(reply: .noContent)
    }

    /// Deletes the client and everything about them in one transaction; the data key goes
    /// with the account row, so copies elsewhere become unreadable. A tombstone and the
    /// (pseudonymous) audit rows stay.
    static func delete(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let reference = try context.payload(PeopleHandlers.ClientReference.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services).get(reference.clientID, for: caller, tenant: tenant) != nil else {
            return try denied(caller, "client.delete", reference.clientID, context)
        }
        try ClientDeletion(database: context.database).delete(clientID: reference.clientID, tenantID: caller.tenantID, reason: "therapist")
        try context.audit(caller, "client.delete", client: reference.clientID)
        context.services.logger.notice("client deleted", ["client.id": reference.clientID.lowercasedText])
        return HandlerResult(reply: .noContent)
    }

    /// A refused access to a client is audited and answered 404, never revealing it exists.
    private static func denied(_ caller: Caller, _ action: String, _ clientID: UUID, _ context: HandlerContext) throws -> HandlerResult {
        try context.audit(caller, action, client: clientID, outcome: .denied)
        return HandlerResult(reply: .failure(.notFound))
    }
}
