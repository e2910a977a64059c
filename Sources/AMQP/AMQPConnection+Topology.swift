internal import CRabbitMQ

extension AMQPConnection {
    /// Declares an exchange (`exchange.declare`), e.g. of type `topic`, `direct` or `fanout`.
    public func declareExchange(_ name: String, type: String, durable: Bool = true) throws {
        _ = try rpc("declaring exchange '\(name)'") { arena in
            amqp_exchange_declare(state, Self.channel, arena.bytes(name), arena.bytes(type), 0, durable ? 1 : 0, 0, 0, amqp_table_t())
        }
    }

    /// Declares a queue (`queue.declare`). Declaring an existing queue with other arguments
    /// makes the broker close the channel with 406 PRECONDITION_FAILED (`channelClosed`).
    ///
    /// - Parameter arguments: e.g. `["x-queue-type": "quorum", "x-delivery-limit": 5]`.
    /// - Returns: The queue's ready message count and consumer count.
    @discardableResult
    public func declareQueue(
        _ name: String,
        durable: Bool = true,
        exclusive: Bool = false,
        autoDelete: Bool = false,
        arguments: [String: AMQPFieldValue] = [:]
    ) throws -> (messageCount: UInt32, consumerCount: UInt32) {
        let reply = try rpc("declaring queue '\(name)'") { arena in
            amqp_queue_declare(state, Self.channel, arena.bytes(name), 0, durable ? 1 : 0, exclusive ? 1 : 0, autoDelete ? 1 : 0, arena.table(arguments))
        }
        return (reply.message_count, reply.consumer_count)
    }

    /// Binds a queue to an exchange (`queue.bind`).
    public func bindQueue(_ queue: String, exchange: String, routingKey: String) throws {
        _ = try rpc("binding queue '\(queue)' to exchange '\(exchange)'") { arena in
            amqp_queue_bind(state, Self.channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey), amqp_table_t())
        }
    }

    /// Deletes a queue with its messages (`queue.delete`); deleting a missing queue succeeds.
    public func deleteQueue(_ name: String) throws {
        _ = try rpc("deleting queue '\(name)'") { arena in
            amqp_queue_delete(state, Self.channel, arena.bytes(name), 0, 0)
        }
    }

    /// Deletes an exchange (`exchange.delete`); deleting a missing exchange succeeds.
    public func deleteExchange(_ name: String) throws {
        _ = try rpc("deleting exchange '\(name)'") { arena in
            amqp_exchange_delete(state, Self.channel, arena.bytes(name), 0)
        }
    }

    /// Limits unacknowledged deliveries per consumer (`basic.qos`, RabbitMQ's per-consumer meaning).
    /// Applies to consumers started afterwards.
    public func setPrefetch(_ count: UInt16) throws {
        _ = try rpc("setting prefetch") { _ in
            amqp_basic_qos(state, Self.channel, 0, count, 0)
        }
    }
}
