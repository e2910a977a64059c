import ClientRecords
import DataProtection
import Foundation
import MDMECore
import Messaging

/// The client's colour scale: set by their therapist (or a tenant admin), read by the client too.
enum ColorScaleHandlers {
    static func getForClient(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "color_scale.get") else { return ClientRecordAccess.refused }
        return try get(access, context)
    }

    static func getMine(_ context: HandlerContext) throws -> HandlerResult {
        try get(try context.clientAccessToOwnRecords(), context)
    }

    static func set(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "color_scale.set") else { return ClientRecordAccess.refused }
        let request = try context.payload(SetColorScaleRequest.self)
        if let problem = request.validate() { throw problem }
        let scale = try ColorScaleStore(database: context.database, cipher: access.cipher)
            .set(request.scale, clientID: access.clientID, tenantID: access.caller.tenantID)
        try access.audit("color_scale.set", context)
        return HandlerResult(reply: try .ok(scale), subject: access.clientID)
    }

    private static func get(_ access: ClientRecordAccess, _ context: HandlerContext) throws -> HandlerResult {
        let scale = try ColorScaleStore(database: context.database, cipher: access.cipher)
            .get(clientID: access.clientID, tenantID: access.caller.tenantID)
        try access.audit("color_scale.get", context)
        return HandlerResult(reply: try .ok(scale))
    }
}
