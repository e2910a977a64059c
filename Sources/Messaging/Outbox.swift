import Foundation
import MDMECore
import Postgres

/// The transactional outbox: events are rows written with the handler's effects and relayed
/// to RabbitMQ afterwards by `OutboxRelay`.
enum Outbox {
    static func insert(_ events: [OutboxEvent], causedBy cause: Envelope, in connection: PostgresConnection) throws {
        for event in events {
            let envelope = Envelope(type: event.type, correlationID: cause.correlationID, actorID: cause.actorID, payload: event.payload)
            try connection.query(
                """
                insert into outbox (message_id, exchange, routing_key, message_type, body)
                values ($1, $2, $3, $4, $5)
                """,
                [envelope.id, Topology.events, event.type, event.type, String(decoding: try envelope.encoded(), as: UTF8.self)]
            )
        }
    }
}
