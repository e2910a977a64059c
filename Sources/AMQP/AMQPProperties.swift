public import Foundation

/// The AMQP basic properties of a message that MDME uses.
public struct AMQPProperties: Sendable, Equatable {
    public var messageID: String?
    public var correlationID: String?
    public var type: String?
    public var contentType: String?
    /// Delivery mode 2: the broker writes the message to disk.
    public var persistent: Bool
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (AMQP's format).
    public var expiration: String?
    /// Sent with a precision of whole seconds (AMQP timestamps are seconds since 1970).
    public var timestamp: Date?
    public var headers: [String: AMQPFieldValue]

    public init(
        messageID: String? = nil,
        correlationID: String? = nil,
        type: String? = nil,
        contentType: String? = nil,
        persistent: Bool = false,
        replyTo: String? = nil,
        expiration: String? = nil,
        timestamp: Date? = nil,
        headers: [String: AMQPFieldValue] = [:]
    ) {
        self.messageID = messageID
        self.correlationID = correlationID
        self.type = type
        self.contentType = contentType
        self.persistent = persistent
        self.replyTo = replyTo
        self.expiration = expiration
        self.timestamp = timestamp
        self.headers = headers
    }
}
