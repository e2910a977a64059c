internal import CRabbitMQ
internal import Foundation

extension AMQPProperties {
    /// Reads the properties of a received message or return.
    init(_ properties: amqp_basic_properties_t) {
        let flags = properties._flags
        func text(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            flags & amqp_flags_t(flag) != 0 ? bytes.string : nil
        }
        self.init(
            messageID: text(AMQP_BASIC_MESSAGE_ID_FLAG, properties.message_id),
            correlationID: text(AMQP_BASIC_CORRELATION_ID_FLAG, properties.correlation_id),
            type: text(AMQP_BASIC_TYPE_FLAG, properties.type),
            contentType: text(AMQP_BASIC_CONTENT_TYPE_FLAG, properties.content_type),
            persistent: flags & amqp_flags_t(AMQP_BASIC_DELIVERY_MODE_FLAG) != 0
                && properties.delivery_mode == UInt8(AMQP_DELIVERY_PERSISTENT.rawValue),
            replyTo: text(AMQP_BASIC_REPLY_TO_FLAG, properties.reply_to),
            expiration: text(AMQP_BASIC_EXPIRATION_FLAG, properties.expiration),
            timestamp: flags & amqp_flags_t(AMQP_BASIC_TIMESTAMP_FLAG) != 0
                ? Date(timeIntervalSince1970: TimeInterval(properties.timestamp))
                : nil,
            headers: flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG) != 0
                ? AMQPFieldValue.dictionary(from: properties.headers)
                : [:]
        )
    }

    /// Builds the C properties for a publish; the strings and headers live in `arena`.
    func cProperties(in arena: CArena) -> amqp_basic_properties_t {
        var properties = amqp_basic_properties_t()
        var flags: Int32 = 0
        func set(_ value: String?, _ flag: Int32, _ field: WritableKeyPath<amqp_basic_properties_t, amqp_bytes_t>) {
            guard let value else {
                return
            }
            properties[keyPath: field] = arena.bytes(value)
            flags |= flag
        }
        set(messageID, AMQP_BASIC_MESSAGE_ID_FLAG, \.message_id)
        set(correlationID, AMQP_BASIC_CORRELATION_ID_FLAG, \.correlation_id)
        set(type, AMQP_BASIC_TYPE_FLAG, \.type)
        set(contentType, AMQP_BASIC_CONTENT_TYPE_FLAG, \.content_type)
        set(replyTo, AMQP_BASIC_REPLY_TO_FLAG, \.reply_to)
        set(expiration, AMQP_BASIC_EXPIRATION_FLAG, \.expiration)
        if persistent {
            properties.delivery_mode = UInt8(AMQP_DELIVERY_PERSISTENT.rawValue)
            flags |= AMQP_BASIC_DELIVERY_MODE_FLAG
        }
        if let timestamp {
            properties.timestamp = UInt64(max(0, timestamp.timeIntervalSince1970.rounded(.down)))
            flags |= AMQP_BASIC_TIMESTAMP_FLAG
        }
        if !headers.isEmpty {
            properties.headers = arena.table(headers)
            flags |= AMQP_BASIC_HEADERS_FLAG
        }
        properties._flags = amqp_flags_t(flags)
        return properties
    }
}
