/// A message delivered to one of this connection's consumers.
public struct AMQPMessage: Sendable {
    public var body: [UInt8]
    public var properties: AMQPProperties
    /// The exchange the message was published to ("" for the default exchange).
    public var exchange: String
    public var routingKey: String
    /// Pass this to ``AMQPConnection/ack(deliveryTag:multiple:)`` or ``AMQPConnection/reject(deliveryTag:requeue:)``.
    public var deliveryTag: UInt64
    /// True when the broker delivered this message before (it was requeued or its consumer died).
    public var redelivered: Bool
    public var consumerTag: String

    public init(
        body: [UInt8],
        properties: AMQPProperties,
        exchange: String,
        routingKey: String,
        deliveryTag: UInt64,
        redelivered: Bool,
        consumerTag: String
    ) {
        self.body = body
        self.properties = properties
        self.exchange = exchange
        self.routingKey = routingKey
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.consumerTag = consumerTag
    }
}
