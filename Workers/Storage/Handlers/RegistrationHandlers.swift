import ClientRecords
import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The client's activity diary.
enum RegistrationHandlers {
    static func create(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .client)
        let request = try context.payload(CreateRegistrationRequest.self)
        let now = context.now
        // The level is an index into the client's own scale, which only the worker knows.
        let readAhead = context.database.transactionValue(RegistrationReadAhead.self)?
            .keysAndScales[RegistrationReadAhead.Client(tenantID: caller.tenantID, accountID: caller.accountID)]
        let (cipher, scale) = try readAhead ?? ColorScaleStore.keyAndScale(of: caller.accountID, tenantID: caller.tenantID,
                                                                           database: context.database, keyring: context.services.keyring)
        if let problem = request.validate(now: now, levelCount: scale.levels.count) { throw problem }
        let registration = try RegistrationStore(database: context.database, cipher: cipher)
            .create(clientID: caller.accountID, tenantID: caller.tenantID, request: request, receivedAt: now)
        try context.audit(caller, "registration.create", client: caller.accountID)
        try ClientStore(database: context.database, services: context.services)
            .touch(clientID: caller.accountID, tenantID: caller.tenantID)
        return HandlerResult(reply: try .created(registration), subject: caller.accountID)
    }

    /// A batch of nothing but new registrations — the diary's steady stream — reads its clients'
    /// keys and scales ahead (`MessageHandler.readAhead`): one statement for each tenant in it,
    /// not one for each message. Nothing in such a batch changes a key or a scale. A client
    /// whose token does not verify is left to its own message to refuse.
    static func readAhead(for batch: [Envelope], in transaction: PostgresConnection, services: StorageServices) throws {
        guard batch.count > 1, batch.allSatisfy({ $0.type == MessageType.createRegistration.rawValue }) else { return }
        let now = Date()
        var clientsByTenant: [UUID: Set<UUID>] = [:]
        for envelope in batch {
            guard let token = envelope.auth, let claims = try? services.tokens.verify(token, now: now),
                  claims.role == Role.client.rawValue else { continue }
            clientsByTenant[claims.tenantID, default: []].insert(claims.accountID)
        }
        var readAhead = RegistrationReadAhead()
        for (tenantID, clients) in clientsByTenant {
            // Row-level security scopes the read to the tenant; each message starts outside it.
            try HandlerContext.enterTenant(tenantID, on: transaction)
            let found = try ColorScaleStore.keysAndScales(of: clients, tenantID: tenantID, database: transaction, keyring: services.keyring)
            for (accountID, keyAndScale) in found {
                readAhead.keysAndScales[RegistrationReadAhead.Client(tenantID: tenantID, accountID: accountID)] = keyAndScale
            }
        }
        try transaction.keepForTransaction(readAhead)
    }

    static func listMine(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .client)
        let range = try context.payload(DateRange.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        let list = try RegistrationStore(database: context.database, cipher: try context.keys.cipher(for: caller.accountID))
            .list(clientID: caller.accountID, tenantID: caller.tenantID, range: range, timeZone: tenant.timeZone)
        try context.audit(caller, "registration.list", client: caller.accountID)
        return HandlerResult(reply: try .ok(list))
    }

    struct ClientRange: Decodable {
        let clientID: UUID
        let from: CalendarDate?
        let to: CalendarDate?
    }

    static func listForClient(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller(requiring: .therapist)
        let query = try context.payload(ClientRange.self)
        let tenant = try TenantStore(database: context.database).get(caller.tenantID)
        guard try ClientStore(database: context.database, services: context.services)
            .get(query.clientID, for: caller, tenant: tenant) != nil else {
            try context.audit(caller, "registration.list", client: query.clientID, outcome: .denied)
            return HandlerResult(reply: .failure(.notFound))
        }
        try context.audit(caller, "registration.list", client: query.clientID)
        let list = try RegistrationStore(database: context.database, cipher: try context.keys.cipher(for: query.clientID)).list(
            clientID: query.clientID, tenantID: caller.tenantID,
            range: DateRange(from: query.from, to: query.to), timeZone: tenant.timeZone
        )
        return HandlerResult(reply: try .ok(list))
    }
}

/// What a batch of registrations read ahead (`RegistrationHandlers.readAhead`), kept for its
/// transaction.
struct RegistrationReadAhead {
    struct Client: Hashable {
        let tenantID: UUID
        let accountID: UUID
    }

    var keysAndScales: [Client: (cipher: FieldCipher, scale: ColorScaleView)] = [:]
}
