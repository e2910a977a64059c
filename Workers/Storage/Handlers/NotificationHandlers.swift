import Crypto
import DataProtection
import Foundation
import MDMECore
import MDMERuntime
import Messaging
import Postgres

/// The caller's in-app notices. Any role may have some; each sees only their own. Notices
/// name clients by pseudonymous reference only, so reading them is not audited.
enum NotificationHandlers {
    struct NotificationReference: Decodable {
        let notificationID: UUID
    }

    static func list(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        let notices = try NotificationStore(database: context.database, keys: context.keys)
            .list(for: caller.accountID, tenantID: caller.tenantID)
        return HandlerResult(reply: try .ok(notices))
    }

    /// Someone else's notice is as unknown as a missing one: 404.
    static func markRead(_ context: HandlerContext) throws -> HandlerResult {
        let caller = try context.caller()
        let reference = try context.payload(NotificationReference.self)
        guard try NotificationStore(database: context.database, keys: context.keys)
            .markRead(reference.notificationID, recipientID: caller.accountID, tenantID: caller.tenantID) else {
            throw APIError.notFound
        }
        return HandlerResult(reply: .noContent)
    }
}
