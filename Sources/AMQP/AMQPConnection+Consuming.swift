internal import CRabbitMQ
internal import Glibc

extension AMQPConnection {
    /// Starts a consumer on a queue (`basic.consume`); its deliveries arrive through ``nextEvent(timeout:)``.
    ///
    /// For direct reply-to, consume `amq.rabbitmq.reply-to` with `noAck: true` before publishing
    /// requests whose `replyTo` is `amq.rabbitmq.reply-to`.
    ///
    /// - Parameter consumerTag: "" lets the broker choose one.
    /// - Returns: The consumer tag, for ``cancel(consumerTag:)``.
    @discardableResult
    public func consume(
        queue: String,
        consumerTag: String = "",
        noAck: Bool = false,
        exclusive: Bool = false,
        arguments: [String: AMQPFieldValue] = [:]
    ) throws -> String {
        let reply = try rpc("consuming from queue '\(queue)'") { arena in
            amqp_basic_consume(state, Self.channel, arena.bytes(queue), arena.bytes(consumerTag), 0, noAck ? 1 : 0, exclusive ? 1 : 0, arena.table(arguments))
        }
        return reply.consumer_tag.string
    }

    /// Stops a consumer (`basic.cancel`). Deliveries already on their way still arrive as events.
    public func cancel(consumerTag: String) throws {
        _ = try rpc("cancelling consumer '\(consumerTag)'") { arena in
            amqp_basic_cancel(state, Self.channel, arena.bytes(consumerTag))
        }
    }

    /// Acknowledges a delivery (`basic.ack`); with `multiple`, every earlier unacknowledged one too.
    public func ack(deliveryTag: UInt64, multiple: Bool = false) throws {
        try checkUsable()
        try check(amqp_basic_ack(state, Self.channel, deliveryTag, multiple ? 1 : 0), "acknowledging a delivery")
    }

    /// Rejects a delivery (`basic.nack`): requeued, or dead-lettered / dropped when `requeue` is false.
    public func reject(deliveryTag: UInt64, requeue: Bool) throws {
        try checkUsable()
        try check(amqp_basic_nack(state, Self.channel, deliveryTag, 0, requeue ? 1 : 0), "rejecting a delivery")
    }

    /// The next thing the broker sent: a delivery, a publisher ack/nack, a return, a consumer
    /// cancellation — or ``AMQPEvent/timeout`` when nothing came within `timeout`
    /// (`nil` waits forever, `.zero` does not block).
    ///
    /// Heartbeats are serviced while waiting, so loop over this with a timeout of a second or less.
    ///
    /// - Throws: ``AMQPError`` `connectionClosed` / `channelClosed` (with the reply code) when the
    ///   broker closes the connection or channel, or another fatal error when the socket fails.
    public func nextEvent(timeout: Duration?) throws -> AMQPEvent {
        try checkUsable()
        if !bufferedEvents.isEmpty {
            return bufferedEvents.removeFirst()
        }
        return try receiveEvent(until: timeout.map { ContinuousClock.now + $0 })
    }

    /// Reads frames until one makes an event or the deadline passes (`nil`: no deadline).
    func receiveEvent(until deadline: ContinuousClock.Instant?) throws -> AMQPEvent {
        while true {
            // Frees the memory of earlier frames; librabbitmq keeps it while frames are queued.
            amqp_maybe_release_buffers(state)
            var envelope = amqp_envelope_t()
            var reply: amqp_rpc_reply_t
            if let deadline {
                var timeout = timeval(remaining: deadline - .now)
                reply = amqp_consume_message(state, &envelope, &timeout, 0)
            } else {
                reply = amqp_consume_message(state, &envelope, nil, 0)
            }
            switch reply.reply_type {
            case AMQP_RESPONSE_NORMAL:
                defer { amqp_destroy_envelope(&envelope) }
                return .delivery(AMQPMessage(envelope))
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
                return .timeout
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
                // A frame other than basic.deliver is next; librabbitmq put it back for us to read.
                if let event = try receiveMethod() {
                    return event
                }
            default:
                throw failure(from: reply, context: "reading from the broker")
            }
        }
    }

    /// Reads the pending non-delivery frame; nil for methods that need no event.
    private func receiveMethod() throws -> AMQPEvent? {
        var frame = amqp_frame_t()
        try check(amqp_simple_wait_frame(state, &frame), "reading a frame")
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else {
            throw fail(AMQPError(code: .protocolError, message: "unexpected frame of type \(frame.frame_type) outside a message"))
        }
        let method = frame.payload.method
        switch method.id {
        case AMQP_BASIC_ACK_METHOD:
            let ack = method.decoded.load(as: amqp_basic_ack_t.self)
            return .publishAcked(deliveryTag: ack.delivery_tag, multiple: ack.multiple != 0)
        case AMQP_BASIC_NACK_METHOD:
            let nack = method.decoded.load(as: amqp_basic_nack_t.self)
            return .publishNacked(deliveryTag: nack.delivery_tag, multiple: nack.multiple != 0)
        case AMQP_BASIC_RETURN_METHOD:
            let returned = method.decoded.load(as: amqp_basic_return_t.self)
            let replyCode = Int(returned.reply_code)
            let replyText = returned.reply_text.string
            let exchange = returned.exchange.string
            let routingKey = returned.routing_key.string
            var message = amqp_message_t()
            let reply = amqp_read_message(state, frame.channel, &message, 0)
            guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
                throw failure(from: reply, context: "reading a returned message")
            }
            defer { amqp_destroy_message(&message) }
            return .returned(replyCode: replyCode, replyText: replyText, exchange: exchange, routingKey: routingKey, properties: AMQPProperties(message.properties))
        case AMQP_BASIC_CANCEL_METHOD:
            let cancel = method.decoded.load(as: amqp_basic_cancel_t.self)
            return .consumerCancelled(consumerTag: cancel.consumer_tag.string)
        case AMQP_CHANNEL_CLOSE_METHOD, AMQP_CONNECTION_CLOSE_METHOD:
            throw acceptClose(method, channel: frame.channel, context: "reading from the broker")
        default:
            return nil
        }
    }
}

extension AMQPMessage {
    init(_ envelope: amqp_envelope_t) {
        self.init(
            body: envelope.message.body.array,
            properties: AMQPProperties(envelope.message.properties),
            exchange: envelope.exchange.string,
            routingKey: envelope.routing_key.string,
            deliveryTag: envelope.delivery_tag,
            redelivered: envelope.redelivered != 0,
            consumerTag: envelope.consumer_tag.string
        )
    }
}

extension timeval {
    /// A relative timeout for librabbitmq; zero (or less) becomes {0, 0}, which librabbitmq reads as "do not block".
    init(remaining duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else {
            self.init(tv_sec: 0, tv_usec: 0)
            return
        }
        // Capped so librabbitmq's nanosecond deadline arithmetic cannot overflow.
        self.init(tv_sec: Int(min(seconds, Int64(Int32.max))), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
