import ClientRecords
import DataProtection
import Foundation
import MDMECore
import Messaging

/// Goals and agreements: written by the client's therapist (or a tenant admin), read by the client too.
enum GoalHandlers {
    struct GoalReference: Decodable {
        let goalID: UUID
    }

    static func listForClient(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "goal.list") else { return ClientRecordAccess.refused }
        return try list(access, context)
    }

    static func listMine(_ context: HandlerContext) throws -> HandlerResult {
        try list(try context.clientAccessToOwnRecords(), context)
    }

    static func create(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "goal.create") else { return ClientRecordAccess.refused }
        let request = try context.payload(CreateGoalRequest.self)
        if let problem = request.validate() { throw problem }
        let goal = try store(access, context).create(clientID: access.clientID, tenantID: access.caller.tenantID, request: request)
        try access.audit("goal.create", context)
        return HandlerResult(reply: try .created(goal), subject: access.clientID)
    }

    static func update(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "goal.update") else { return ClientRecordAccess.refused }
        let reference = try context.payload(GoalReference.self)
        let request = try context.payload(UpdateGoalRequest.self)
        if let problem = request.validate() { throw problem }
        guard let goal = try store(access, context)
            .update(reference.goalID, clientID: access.clientID, tenantID: access.caller.tenantID, request: request) else {
            return try access.refuse("goal.update", context)
        }
        try access.audit("goal.update", context)
        return HandlerResult(reply: try .ok(goal), subject: access.clientID)
    }

    static func delete(_ context: HandlerContext) throws -> HandlerResult {
        guard let access = try context.staffAccessToClient(action: "goal.delete") else { return ClientRecordAccess.refused }
        let reference = try context.payload(GoalReference.self)
        guard try store(access, context).delete(reference.goalID, clientID: access.clientID, tenantID: access.caller.tenantID) else {
            return try access.refuse("goal.delete", context)
        }
        try access.audit("goal.delete", context)
        return HandlerResult(reply: .noContent)
    }

    private static func list(_ access: ClientRecordAccess, _ context: HandlerContext) throws -> HandlerResult {
        let goals = try store(access, context).list(clientID: access.clientID, tenantID: access.caller.tenantID)
        try access.audit("goal.list", context)
        return HandlerResult(reply: try .ok(goals))
    }

    private static func store(_ access: ClientRecordAccess, _ context: HandlerContext) -> GoalStore {
        GoalStore(database: context.database, cipher: access.cipher)
    }
}
