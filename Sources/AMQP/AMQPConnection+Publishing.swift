internal import CRabbitMQ

extension AMQPConnection {
    /// Puts the channel in publisher-confirm mode (`confirm.select`). From then on every publish
    /// gets a sequence number, starting at 1, that the broker acks or nacks.
    public func enableConfirms() throws {
        guard !confirmsEnabled else {
            return
        }
        _ = try rpc("enabling publisher confirms") { _ in
            amqp_confirm_select(state, Self.channel)
        }
        confirmsEnabled = true
        nextPublishTag = 1
    }

    /// Publishes without waiting (`basic.publish`).
    ///
    /// - Parameter mandatory: Ask the broker to return the message (``AMQPEvent/returned(replyCode:replyText:exchange:routingKey:properties:)``)
    ///   when no queue is bound for it.
    /// - Returns: In confirm mode, the publish sequence number (delivery tag) whose ack or nack
    ///   arrives later as an event; 0 otherwise.
    @discardableResult
    public func publish(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPProperties,
        mandatory: Bool = false
    ) throws -> UInt64 {
        try checkUsable()
        let status = CArena.with { arena in
            var cProperties = properties.cProperties(in: arena)
            return body.withUnsafeBytes { body in
                amqp_basic_publish(
                    state,
                    Self.channel,
                    arena.bytes(exchange),
                    arena.bytes(routingKey),
                    mandatory ? 1 : 0,
                    0,
                    &cProperties,
                    amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress))
                )
            }
        }
        try check(status, "publishing to exchange '\(exchange)' with routing key '\(routingKey)'")
        guard confirmsEnabled else {
            return 0
        }
        defer { nextPublishTag += 1 }
        return nextPublishTag
    }

    /// Publishes and waits, reading frames, until the broker acks this message. Enables confirm
    /// mode first if needed.
    ///
    /// Deliveries, other acks and returns that arrive meanwhile are kept and handed out by later
    /// ``nextEvent(timeout:)`` calls (an ack with `multiple` that also covers earlier publishes
    /// is kept too). A `basic.return` counts as this message's when exchange, routing key,
    /// message ID and correlation ID match.
    ///
    /// - Throws: ``AMQPError`` `publishNacked` on nack; `unroutable` when `mandatory` and the
    ///   broker returned the message; `timeout` when no ack came within `timeout` (the ack may
    ///   still arrive later as an event); fatal errors when the channel or connection closes.
    public func publishConfirmed(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPProperties,
        mandatory: Bool = false,
        timeout: Duration = .seconds(10)
    ) throws {
        try enableConfirms()
        let deadline = ContinuousClock.now + timeout
        let tag = try publish(exchange: exchange, routingKey: routingKey, body: body, properties: properties, mandatory: mandatory)
        let context = "publish to exchange '\(exchange)' with routing key '\(routingKey)'"
        var returned: (replyCode: Int, replyText: String)?
        while true {
            let event = try receiveEvent(until: deadline)
            switch event {
            case .timeout:
                throw AMQPError(code: .timeout, message: "\(context): no confirm within \(timeout)")
            case .publishAcked(let ackedTag, let multiple) where Self.confirm(ackedTag, multiple: multiple, covers: tag):
                keepUnlessOnlyFor(tag, event: event, deliveryTag: ackedTag, multiple: multiple)
                if let returned {
                    throw AMQPError(code: .unroutable, replyCode: returned.replyCode, message: "\(context): returned by the broker: \(returned.replyText)")
                }
                return
            case .publishNacked(let nackedTag, let multiple) where Self.confirm(nackedTag, multiple: multiple, covers: tag):
                keepUnlessOnlyFor(tag, event: event, deliveryTag: nackedTag, multiple: multiple)
                throw AMQPError(code: .publishNacked, message: "\(context): nacked by the broker")
            case .returned(let replyCode, let replyText, let returnedExchange, let returnedRoutingKey, let returnedProperties)
                where returned == nil && returnedExchange == exchange && returnedRoutingKey == routingKey
                && returnedProperties.messageID == properties.messageID
                && returnedProperties.correlationID == properties.correlationID:
                returned = (replyCode, replyText)
            default:
                bufferedEvents.append(event)
            }
        }
    }

    private static func confirm(_ deliveryTag: UInt64, multiple: Bool, covers tag: UInt64) -> Bool {
        multiple ? tag <= deliveryTag : tag == deliveryTag
    }

    /// Keeps a confirm for later ``nextEvent(timeout:)`` calls when it may concern other publishes too.
    private func keepUnlessOnlyFor(_ tag: UInt64, event: AMQPEvent, deliveryTag: UInt64, multiple: Bool) {
        if multiple || deliveryTag != tag {
            bufferedEvents.append(event)
        }
    }
}
