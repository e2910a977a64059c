import MDMECore
import Postgres

/// An event a handler emits; written to the outbox in the handler's transaction and relayed
/// to `mdme.events` (routing key = `type`) after commit.
public struct OutboxEvent: Sendable {
    public var type: String
    public var payload: JSONValue

    public init(type: String, payload: JSONValue) {
        self.type = type
        self.payload = payload
    }
}

/// What a handler decided: the reply for the caller and the events that happened.
public struct HandlerResult: Sendable {
    public var reply: Reply
    public var events: [OutboxEvent]

    public init(reply: Reply, events: [OutboxEvent] = []) {
        self.reply = reply
        self.events = events
    }
}

/// A worker's business logic: from a decoded message and an open database transaction to a
/// reply and events. Transport, retries, dedupe and the outbox are the runtime's job.
///
/// Throwing an `APIError` rolls the transaction back and answers with that error (bad input,
/// not found, forbidden). Returning a `.failure` reply commits what the handler did (e.g. a
/// counted failed login) and still answers with the error. Any other error is treated as
/// transient: the message is retried with backoff and finally dead-lettered.
public protocol MessageHandler: Sendable {
    func handle(_ envelope: Envelope, in transaction: PostgresConnection) throws -> HandlerResult
}
