import DataProtection
import Foundation
import MDMECore
import Messaging

/// Reflection sheets ("refleksionsark"): written by the therapist with the client, read by the client.
enum ReflectionSheetHandlers {
    struct SheetReference: Decodable {
        let sheetID: UUID
    }

    static func listForClient(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "reflection_sheet.list") else { return ClientRecordAccess.refused }
        return try list(access, context)
    }

    static func listMine(_ context: HandlerContext) throws -> HandlerResult {
        try list(try context.clientAccessToOwnRecords(), context)
    }

    static func create(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "reflection_sheet.create") else { return ClientRecordAccess.refused }
        let request = try context.payload(CreateReflectionSheetRequest.self)
        if let problem = request.validate() { throw problem }
        let sheet = try store(access, context).create(clientID: access.clientID, tenantID: access.caller.tenantID, request: request)
        try access.audit("reflection_sheet.create", context)
        return HandlerResult(reply: try .created(sheet), subject: access.clientID)
    }

    static func update(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "reflection_sheet.update") else { return ClientRecordAccess.refused }
        let reference = try context.payload(SheetReference.self)
        let request = try context.payload(UpdateReflectionSheetRequest.self)
        if let problem = request.validate() { throw problem }
        guard let sheet = try store(access, context)
            .update(reference.sheetID, clientID: access.clientID, tenantID: access.caller.tenantID, request: request) else {
            return try access.refuse("reflection_sheet.update", context)
        }
        try access.audit("reflection_sheet.update", context)
        return HandlerResult(reply: try .ok(sheet), subject: access.clientID)
    }

    private static func list(_ access: ClientRecordAccess, _ context: HandlerContext) throws -> HandlerResult {
        let sheets = try store(access, context).list(clientID: access.clientID, tenantID: access.caller.tenantID)
        try access.audit("reflection_sheet.list", context)
        return HandlerResult(reply: try .ok(sheets))
    }

    private static func store(_ access: ClientRecordAccess, _ context: HandlerContext) -> ReflectionSheetStore {
        ReflectionSheetStore(database: context.database, cipher: access.cipher)
    }
}
