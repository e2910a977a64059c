import Crypto
import Foundation
import MDMECore
import Postgres

/// The dedupe table: a message's id (and the caller's idempotency key) is recorded in the same
/// transaction as its effects, with the reply, so a redelivery is recognised and answered again
/// without a second effect.
///
/// Two ways in (`MessageHandler.claimsFirst` chooses). `claim` before the handler, then
/// `complete`: a duplicate never reaches the handler, which matters when its effects leave the
/// transaction (a mail sent). Or `record`, once, after a handler whose every effect is in the
/// transaction: nearly every message is new, and PostgreSQL's unique indexes still make a
/// concurrent twin wait and then conflict; the caller then undoes that attempt's work and
/// settles the message claim first.
public enum Inbox {
    /// `record` found the message id or its idempotency key already there: undo this attempt's
    /// effects, then handle the message again with `claim` first.
    struct AlreadyRecorded: Error {}

    enum Claim {
        /// First time: go ahead, then `complete`.
        case new
        /// Already handled: send this reply again.
        case duplicate(Reply)
    }

    /// Idempotency keys are honoured for 24 hours (API.md).
    static let idempotencyWindow = "24 hours"

    /// Claims the message inside the caller's transaction. A concurrent claim of the same id or
    /// key waits on PostgreSQL's unique index until the other transaction ends.
    static func claim(_ envelope: Envelope, in connection: PostgresConnection, sealer: FieldCipher) throws -> Claim {
        let fingerprintSource = try fingerprintSource(of: envelope)
        try releaseExpiredKey(of: envelope, in: connection)
        let inserted = try connection.query(
            """
            insert into inbox (message_id, message_type, actor_id, idempotency_key, fingerprint, status)
            values ($1, $2, $3, $4, encode(sha256(convert_to($5, 'UTF8')), 'hex'), 'done')
            on conflict do nothing
            returning message_id
            """,
            [envelope.id, envelope.type, envelope.actorID, envelope.idempotencyKey, fingerprintSource]
        )
        if inserted.count == 1 { return .new }

        if let row = try connection.query("select message_id, reply, status from inbox where message_id = $1", [envelope.id]).first {
            // A dead-lettered message being replayed gets a fresh start.
            if try row.decode("status", as: String.self) == "failed" {
                try connection.query("delete from inbox where message_id = $1 and status = 'failed'", [envelope.id])
                return try claim(envelope, in: connection, sealer: sealer)
            }
            return .duplicate(try storedReply(row, sealer: sealer))
        }
        guard let key = envelope.idempotencyKey,
              let row = try connection.query(
                  """
                  select message_id, reply,
                         fingerprint = encode(sha256(convert_to($3, 'UTF8')), 'hex') as same_request
                  from inbox where actor_id is not distinct from $1 and idempotency_key = $2
                  """,
                  [envelope.actorID, key, fingerprintSource]
              ).first
        else {
            // The conflicting row vanished between the insert and the select (inbox clean-up).
            return try claim(envelope, in: connection, sealer: sealer)
        }
        guard try row.decode("same_request", as: Bool.self) else {
            return .duplicate(.failure(APIError(.conflict, "This Idempotency-Key was already used for a different request.")))
        }
        return .duplicate(try storedReply(row, sealer: sealer))
    }

    /// Records a handled message with its reply, after its effects and in their transaction.
    /// Throws `AlreadyRecorded` when its id or idempotency key is there already.
    ///
    /// `queued` only queues the insert, so it costs no round trip: a message seen before then
    /// fails it with a unique violation wherever the queue is sent. For a batch
    /// (`ConsumerLoop.handleBatch`), whose transaction that failure ends; its messages are then
    /// handled one by one, and so recorded with the check awaited.
    static func record(_ envelope: Envelope, reply: Reply, subject: UUID?, in connection: PostgresConnection,
                       sealer: FieldCipher, queued: Bool = false) throws {
        try releaseExpiredKey(of: envelope, in: connection)
        let insert = """
            insert into inbox (message_id, message_type, actor_id, idempotency_key, fingerprint, status, reply, subject_id, completed_at)
            values ($1, $2, $3, $4, encode(sha256(convert_to($5, 'UTF8')), 'hex'), 'done', $6, $7, now())
            """
        let parameters: [(any PostgresEncodable)?] = [
            envelope.id, envelope.type, envelope.actorID, envelope.idempotencyKey, try fingerprintSource(of: envelope),
            try seal(reply, messageID: envelope.id, sealer: sealer), subject,
        ]
        if queued {
            try connection.enqueue(insert, parameters)
            return
        }
        let inserted = try connection.query(insert + " on conflict do nothing returning message_id", parameters)
        guard inserted.count == 1 else { throw AlreadyRecorded() }
    }

    /// Only a keyed request is ever compared with another one, so only it needs a fingerprint.
    private static func fingerprintSource(of envelope: Envelope) throws -> String? {
        try envelope.idempotencyKey.map { _ in
            envelope.type + "\n" + String(decoding: try MDMEJSON.encode(try envelope.payload), as: UTF8.self)
        }
    }

    /// A key older than the window is free again: its row lets go of it (queued).
    private static func releaseExpiredKey(of envelope: Envelope, in connection: PostgresConnection) throws {
        guard let key = envelope.idempotencyKey else { return }
        try connection.enqueue(
            """
            update inbox set idempotency_key = null
            where actor_id is not distinct from $1 and idempotency_key = $2
              and received_at < now() - $3::interval
            """,
            [envelope.actorID, key, idempotencyWindow]
        )
    }

    /// Completes a claimed message with its reply. Queued: it travels with the transaction's
    /// next statement or its commit.
    static func complete(_ envelope: Envelope, reply: Reply, subject: UUID? = nil, in connection: PostgresConnection, sealer: FieldCipher) throws {
        try connection.enqueue(
            "update inbox set reply = $2, subject_id = $3, completed_at = now() where message_id = $1",
            [envelope.id, try seal(reply, messageID: envelope.id, sealer: sealer), subject]
        )
    }

    /// Records that the message was dead-lettered, so `GET /commands/{id}` can say "failed".
    static func markFailed(_ envelope: Envelope, in connection: PostgresConnection, sealer: FieldCipher) throws {
        let reply = Reply.failure(APIError(.unavailable, "The command could not be carried out; operators have been alerted."))
        try connection.query(
            """
            insert into inbox (message_id, message_type, actor_id, status, reply, completed_at)
            values ($1, $2, $3, 'failed', $4, now())
            on conflict do nothing
            """,
            [envelope.id, envelope.type, envelope.actorID, try seal(reply, messageID: envelope.id, sealer: sealer)]
        )
    }

    /// Deletes rows older than the retention; redeliveries that late cannot happen.
    static func prune(olderThanHours hours: Int, in connection: PostgresConnection) throws -> Int {
        try connection.query(
            "delete from inbox where received_at < now() - make_interval(hours => $1::int)", [hours]
        ).affectedRows
    }

    /// The reply of an inbox row (`message_id`, `reply` columns), opened.
    public static func storedReply(_ row: PostgresRow, sealer: FieldCipher) throws -> Reply {
        guard let sealed: [UInt8] = try row.decode("reply", as: [UInt8]?.self) else {
            return .failure(APIError(.unavailable, "The command is still being carried out."))
        }
        let messageID: UUID = try row.decode("message_id")
        let opened = try sealer.open(sealed, associatedData: "inbox.reply:\(messageID.lowercasedText)")
        // Rows written before replies were kept in their wire form hold the reply as JSON.
        if opened.first == UInt8(ascii: "{") {
            return try MDMEJSON.decode(Reply.self, from: Data(opened))
        }
        guard let newline = opened.firstIndex(of: UInt8(ascii: "\n")) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "stored reply without its type"))
        }
        return try Reply(wireType: String(decoding: opened[..<newline], as: UTF8.self), body: Array(opened[(newline + 1)...]))
    }

    /// Kept as it is sent: the type, a newline, the body.
    private static func seal(_ reply: Reply, messageID: UUID, sealer: FieldCipher) throws -> [UInt8] {
        sealer.seal(Array(reply.wireType.utf8) + [UInt8(ascii: "\n")] + (try reply.wireBody()),
                    associatedData: "inbox.reply:\(messageID.lowercasedText)")
    }
}
