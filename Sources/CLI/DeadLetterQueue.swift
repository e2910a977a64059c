import AMQP
import Foundation
import MDMECore
import Messaging

/// One worker's dead-letter queue (`mdme.dead.<worker>`), read through a consumer with manual
/// acks: what is not acknowledged goes back to the queue when the connection closes, so looking
/// never loses a dead letter.
final class DeadLetterQueue {
    let queues: Topology.WorkerQueues
    private let connection: AMQPConnection

    init(_ queues: Topology.WorkerQueues, connection: AMQPConnection) {
        self.queues = queues
        self.connection = connection
    }

    /// Starts reading the queue and returns how many dead letters wait in it now; those are
    /// what ``next()`` hands over. At most `window` are unacknowledged at once (0: no limit).
    func open(window: UInt16) throws -> Int {
        let waiting = try connection.declareQueue(queues.deadLetterQueue, arguments: ["x-queue-type": .string("quorum")]).messageCount
        try connection.setPrefetch(window)
        try connection.consume(queue: queues.deadLetterQueue)
        return Int(waiting)
    }

    /// The next dead letter, or nil when none came for a few seconds.
    func next() throws -> AMQPMessage? {
        while true {
            switch try connection.nextEvent(timeout: .seconds(5)) {
            case .delivery(let message): return message
            case .timeout: return nil
            default: continue
            }
        }
    }

    /// Puts a dead letter back on its worker's queue, as a fresh first attempt, then removes it
    /// here. A crash between the two replays it twice, which the worker's inbox recognises by the
    /// unchanged message id.
    func replay(_ message: AMQPMessage) throws {
        var properties = message.properties
        properties.headers[Headers.originalRoutingKey] = .string(DeadLetter(message).routingKey)
        for header in [Headers.attempt, Headers.deadReason, "x-delivery-count"] {
            properties.headers.removeValue(forKey: header)
        }
        try connection.publishConfirmed(exchange: "", routingKey: queues.queue, body: message.body, properties: properties, mandatory: true)
        try connection.ack(deliveryTag: message.deliveryTag)
    }

    /// Removes a dead letter for good.
    func purge(_ message: AMQPMessage) throws {
        try connection.ack(deliveryTag: message.deliveryTag)
    }
}

/// What an operator needs to decide about a dead letter: never its payload or token, which may
/// hold personal data, only the names of the payload's fields.
struct DeadLetter {
    let message: AMQPMessage

    init(_ message: AMQPMessage) { self.message = message }

    var messageID: String { message.properties.messageID ?? "" }

    /// Where the message was first sent: kept by the consumer loop, or in the broker's x-death record.
    var routingKey: String {
        if case .string(let key)? = message.properties.headers[Headers.originalRoutingKey] { return key }
        if case .array(let deaths)? = message.properties.headers["x-death"], case .table(let death)? = deaths.last,
           case .array(let keys)? = death["routing-keys"], case .string(let key)? = keys.first {
            return key
        }
        return message.routingKey
    }

    /// The consumer loop's reason, or the broker's (`delivery_limit` after repeated crashes).
    var reason: String {
        if case .string(let reason)? = message.properties.headers[Headers.deadReason] { return reason }
        if case .string(let reason)? = message.properties.headers["x-first-death-reason"] { return reason }
        return "unknown"
    }

    var attempts: Int? {
        if case .int(let attempt)? = message.properties.headers[Headers.attempt] { return Int(attempt) }
        return nil
    }

    func summary(worker: String) -> [String: Any] {
        var fields: [String: Any] = [
            "worker": worker,
            "message_id": messageID,
            "type": message.properties.type ?? "",
            "routing_key": routingKey,
            "reason": reason,
        ]
        if let attempts { fields["attempts"] = attempts }
        if let envelope = try? Envelope.decode(message.body) {
            fields["correlation_id"] = envelope.correlationID.lowercasedText
            fields["sent_at"] = RFC3339.format(envelope.sentAt)
            if let actor = envelope.actorID { fields["actor_id"] = actor.lowercasedText }
            if case .object(let payload)? = try? envelope.payload { fields["payload_fields"] = payload.keys.sorted() }
        }
        return fields
    }
}
