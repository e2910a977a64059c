import Foundation
import MDMECore
import Postgres

/// The transactional outbox: events are rows written with the handler's effects and relayed
/// to RabbitMQ afterwards by `OutboxRelay`.
public enum Outbox {
    static func insert(_ events: [OutboxEvent], causedBy cause: Envelope, in connection: PostgresConnection) throws {
        try insert(events, correlationID: cause.correlationID, actorID: cause.actorID, in: connection)
    }

    /// Events that no message caused (a scheduled job's), queued in the caller's transaction.
    public static func insert(_ events: [OutboxEvent], correlationID: UUID? = nil, actorID: UUID? = nil, in connection: PostgresConnection) throws {
        for event in events {
            let envelope = Envelope(type: event.type, correlationID: correlationID, actorID: actorID, payload: event.payload)
            try connection.enqueue(
                """
                insert into outbox (message_id, exchange, routing_key, message_type, body)
                values ($1, $2, $3, $4, $5)
                """,
                [envelope.id, Topology.events, event.type, event.type, String(decoding: try envelope.encoded(), as: UTF8.self)]
            )
        }
    }
}
