import Foundation
import MDMECore
import Postgres

/// The dedupe table: a message's id (and the caller's idempotency key) is recorded in the same
/// transaction as its effects, with the reply, so a redelivery is recognised and answered again
/// without a second effect.
enum Inbox {
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
    static func claim(_ envelope: Envelope, in connection: PostgresConnection) throws -> Claim {
        let fingerprintSource = envelope.type + "\n" + String(decoding: try MDMEJSON.encode(envelope.payload), as: UTF8.self)
        if let key = envelope.idempotencyKey {
            try connection.query(
                """
                update inbox set idempotency_key = null
                where actor_id is not distinct from $1 and idempotency_key = $2
                  and received_at < now() - $3::interval
                """,
                [envelope.actorID, key, idempotencyWindow]
            )
        }
        // A dead-lettered message being replayed gets a fresh start.
        try connection.query("delete from inbox where message_id = $1 and status = 'failed'", [envelope.id])
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

        if let row = try connection.query("select reply::text as reply from inbox where message_id = $1", [envelope.id]).first {
            return .duplicate(try storedReply(row))
        }
        guard let key = envelope.idempotencyKey,
              let row = try connection.query(
                  """
                  select reply::text as reply,
                         fingerprint = encode(sha256(convert_to($3, 'UTF8')), 'hex') as same_request
                  from inbox where actor_id is not distinct from $1 and idempotency_key = $2
                  """,
                  [envelope.actorID, key, fingerprintSource]
              ).first
        else {
            // The conflicting row vanished between the insert and the select (inbox clean-up).
            return try claim(envelope, in: connection)
        }
        guard try row.decode("same_request", as: Bool.self) else {
            return .duplicate(.failure(APIError(.conflict, "This Idempotency-Key was already used for a different request.")))
        }
        return .duplicate(try storedReply(row))
    }

    static func complete(_ envelope: Envelope, reply: Reply, in connection: PostgresConnection) throws {
        let text = String(decoding: try MDMEJSON.encode(reply), as: UTF8.self)
        try connection.query(
            "update inbox set reply = $2::jsonb, completed_at = now() where message_id = $1",
            [envelope.id, text]
        )
    }

    /// Records that the message was dead-lettered, so `GET /commands/{id}` can say "failed".
    static func markFailed(_ envelope: Envelope, in connection: PostgresConnection) throws {
        let reply = Reply.failure(APIError(.unavailable, "The command could not be carried out; operators have been alerted."))
        try connection.query(
            """
            insert into inbox (message_id, message_type, actor_id, status, reply, completed_at)
            values ($1, $2, $3, 'failed', $4::jsonb, now())
            on conflict do nothing
            """,
            [envelope.id, envelope.type, envelope.actorID, String(decoding: try MDMEJSON.encode(reply), as: UTF8.self)]
        )
    }

    /// Deletes rows older than the retention; redeliveries that late cannot happen.
    static func prune(olderThanHours hours: Int, in connection: PostgresConnection) throws -> Int {
        try connection.query(
            "delete from inbox where received_at < now() - make_interval(hours => $1::int)", [hours]
        ).affectedRows
    }

    private static func storedReply(_ row: PostgresRow) throws -> Reply {
        guard let text: String = try row.decode("reply", as: String?.self) else {
            return .failure(APIError(.unavailable, "The command is still being carried out."))
        }
        return try MDMEJSON.decoder().decode(Reply.self, from: Data(text.utf8))
    }
}
