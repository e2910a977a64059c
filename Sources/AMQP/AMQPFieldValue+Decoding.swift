internal import CRabbitMQ

extension AMQPFieldValue {
    /// Decodes a received field table; entries of unknown or unrepresentable kinds are dropped.
    static func dictionary(from table: amqp_table_t) -> [String: AMQPFieldValue] {
        guard table.num_entries > 0, let entries = table.entries else {
            return [:]
        }
        var dictionary: [String: AMQPFieldValue] = [:]
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            if let value = AMQPFieldValue(entry.value) {
                dictionary[entry.key.string] = value
            }
        }
        return dictionary
    }

    private init?(_ field: amqp_field_value_t) {
        let value = field.value
        switch UInt32(field.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: self = .bool(value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: self = .int(Int64(value.i8))
        case AMQP_FIELD_KIND_U8.rawValue: self = .int(Int64(value.u8))
        case AMQP_FIELD_KIND_I16.rawValue: self = .int(Int64(value.i16))
        case AMQP_FIELD_KIND_U16.rawValue: self = .int(Int64(value.u16))
        case AMQP_FIELD_KIND_I32.rawValue: self = .int(Int64(value.i32))
        case AMQP_FIELD_KIND_U32.rawValue: self = .int(Int64(value.u32))
        case AMQP_FIELD_KIND_I64.rawValue: self = .int(value.i64)
        case AMQP_FIELD_KIND_U64.rawValue, AMQP_FIELD_KIND_TIMESTAMP.rawValue:
            guard let int = Int64(exactly: value.u64) else {
                return nil
            }
            self = .int(int)
        case AMQP_FIELD_KIND_F32.rawValue: self = .double(Double(value.f32))
        case AMQP_FIELD_KIND_F64.rawValue: self = .double(value.f64)
        case AMQP_FIELD_KIND_DECIMAL.rawValue:
            var scale = 1.0
            for _ in 0..<value.decimal.decimals {
                scale *= 10
            }
            self = .double(Double(value.decimal.value) / scale)
        case AMQP_FIELD_KIND_UTF8.rawValue, AMQP_FIELD_KIND_BYTES.rawValue: self = .string(value.bytes.string)
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            var values: [AMQPFieldValue] = []
            if value.array.num_entries > 0, let entries = value.array.entries {
                for index in 0..<Int(value.array.num_entries) {
                    if let element = AMQPFieldValue(entries[index]) {
                        values.append(element)
                    }
                }
            }
            self = .array(values)
        case AMQP_FIELD_KIND_TABLE.rawValue: self = .table(AMQPFieldValue.dictionary(from: value.table))
        default: return nil
        }
    }
}

extension amqp_bytes_t {
    /// The bytes as UTF-8 text (invalid sequences are replaced).
    var string: String {
        String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    var array: [UInt8] {
        Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }
}
