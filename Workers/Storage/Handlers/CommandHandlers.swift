import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The status of commands that were answered 202 (`GET /commands/{id}`).
enum CommandHandlers {
    struct CommandReference: Decodable {
        let commandID: UUID
        let messageType: String?
    }

    struct CommandStatus: Encodable {
        let id: UUID
        let status: String
        let result: JSONValue?
        let error: APIError?
    }

    static func get(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        let reference = try context.payload(CommandReference.self)
        if let row = try context.database.query(
            "select message_id, status, reply from inbox where message_id = $1 and actor_id = $2",
            [reference.commandID, caller.accountID]
        ).first {
            let reply: Reply? = row.isNull("reply") ? nil : try Inbox.storedReply(row, sealer: context.services.inboxSealer)
            let failed = try row.decode("status", as: String.self) == "failed" || reply?.outcome == .error
            let status = CommandStatus(id: reference.commandID, status: failed ? "failed" : "done",
                                       result: reply?.result, error: reply?.error)
            return HandlerResult(reply: try .ok(status))
        }
        let tracked = try context.database.query(
            "select 1 from tracked_commands where command_id = $1 and actor_id = $2",
            [reference.commandID, caller.accountID]
        )
        guard tracked.count == 1 else { throw APIError.notFound }
        return HandlerResult(reply: try .ok(CommandStatus(id: reference.commandID, status: "accepted", result: nil, error: nil)))
    }

    static func track(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        let reference = try context.payload(CommandReference.self)
        try context.database.query(
            """
            insert into tracked_commands (command_id, actor_id, message_type) values ($1, $2, $3)
            on conflict do nothing
            """,
            [reference.commandID, caller.accountID, reference.messageType ?? "unknown"]
        )
        return HandlerResult(reply: .noContent)
    }
}
