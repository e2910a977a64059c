import MDMECore
import Postgres

/// A refusal raised by SQL. A check (the storage worker's session check) refuses a command with
/// SQLSTATE `MD401` (not signed in) or `MD403` (forbidden, its message saying why). It may be
/// queued, so its failure surfaces at whichever statement is sent next — in the handler, at
/// the inbox write, at `RELEASE` or `COMMIT` — and the consumer loop turns it into the
/// command's refusal there. In a batch, where a message's last statements go out with the next
/// message's, it may surface after its savepoint ended: the batch is then handled again one
/// message at a time, and the refusal met in the message's own transaction.
extension PostgresError {
    var refusal: APIError? {
        switch sqlState {
        case "MD401": return .unauthenticated
        case "MD403": return APIError(.forbidden, message)
        default: return nil
        }
    }
}

/// The refusal `error` stands for: one a handler threw or one SQL raised; nil for a failure.
func refusal(in error: any Error) -> APIError? {
    switch error {
    case let refusal as APIError: return refusal
    case let error as PostgresError: return error.refusal
    default: return nil
    }
}
