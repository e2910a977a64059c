import Foundation
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
    /// The client whose data the reply holds, if any: deleting that client drops the kept reply.
    public var subject: UUID?

    public init(reply: Reply, events: [OutboxEvent] = [], subject: UUID? = nil) {
        self.reply = reply
        self.events = events
        self.subject = subject
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

    /// Whether the message only reads. Reads have no effects to protect, so they skip the
    /// inbox: a redelivered read simply runs again, and no copy of what it read is kept.
    func isReadOnly(_ envelope: Envelope) -> Bool

    /// Whether the message claims its inbox row before the handler runs. Yes (the default) for
    /// a handler with effects outside the transaction — a mail sent, a PDF rendered: a
    /// redelivered or concurrent twin then waits for the first to commit and never reaches the
    /// handler. A handler whose every effect is inside the transaction may say no: its row is
    /// written once, after it (`Inbox.record`), and a twin's work is rolled back — one insert
    /// and one round trip less for every message.
    func claimsFirst(_ envelope: Envelope) -> Bool

    /// Called in a batch's transaction before any of its messages is handled
    /// (`ConsumerLoop.handleBatch`), so the handler can read in one statement what several of
    /// them need, and keep it for them (`PostgresConnection.keepForTransaction`). It may only
    /// read ahead what no message of the batch changes: the messages then read it a moment
    /// earlier, as if they had come a moment earlier. A failure fails the batch, whose messages
    /// are then handled one by one.
    func readAhead(for batch: [Envelope], in transaction: PostgresConnection) throws

    /// Called once the message has been dead-lettered after its last attempt, in a
    /// transaction of its own, so the handler can record the failure where people look (a
    /// report shown as failed). Errors here are logged; the message stays dead-lettered.
    func deadLettered(_ envelope: Envelope, in transaction: PostgresConnection) throws
}

extension MessageHandler {
    public func isReadOnly(_ envelope: Envelope) -> Bool { false }

    public func claimsFirst(_ envelope: Envelope) -> Bool { true }

    public func readAhead(for batch: [Envelope], in transaction: PostgresConnection) throws {}

    public func deadLettered(_ envelope: Envelope, in transaction: PostgresConnection) throws {}
}
