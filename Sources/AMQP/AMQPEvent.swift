/// Something the broker sent on this connection's channel, returned by ``AMQPConnection/nextEvent(timeout:)``.
public enum AMQPEvent: Sendable {
    /// A `basic.deliver` with its content, for one of this connection's consumers.
    case delivery(AMQPMessage)
    /// Publisher confirm: the broker took responsibility for the message with this publish
    /// sequence number (and, when `multiple`, for every earlier one too).
    case publishAcked(deliveryTag: UInt64, multiple: Bool)
    /// Publisher confirm: the broker could not take the message(s); publish again or give up.
    case publishNacked(deliveryTag: UInt64, multiple: Bool)
    /// A mandatory message could not be routed (`basic.return`); its body was read and discarded.
    /// In confirm mode the ack for that message follows.
    case returned(replyCode: Int, replyText: String, exchange: String, routingKey: String, properties: AMQPProperties)
    /// The broker cancelled a consumer (`basic.cancel`), e.g. because its queue was deleted.
    /// The connection stays usable; consume again once the queue exists.
    case consumerCancelled(consumerTag: String)
    /// Nothing arrived within the timeout.
    case timeout
}
