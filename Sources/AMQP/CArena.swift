internal import CRabbitMQ

/// Memory for the C structures of one librabbitmq call (names, field tables, properties),
/// all freed together when the call returns. Backed by librabbitmq's own pool allocator.
final class CArena {
    private let pool: UnsafeMutablePointer<amqp_pool_t>

    private init() {
        pool = .allocate(capacity: 1)
        init_amqp_pool(pool, 4096)
    }

    deinit {
        empty_amqp_pool(pool)
        pool.deallocate()
    }

    /// Runs `body` with an arena whose memory stays valid until `body` returns.
    static func with<Result>(_ body: (CArena) throws -> Result) rethrows -> Result {
        let arena = CArena()
        return try withExtendedLifetime(arena) { try body(arena) }
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        let count = string.utf8.count
        guard count > 0 else {
            return amqp_bytes_t(len: 0, bytes: nil)
        }
        let memory = allocate(byteCount: count)
        var utf8 = string
        utf8.withUTF8 { memory.copyMemory(from: $0.baseAddress!, byteCount: count) }
        return amqp_bytes_t(len: count, bytes: memory)
    }

    func table(_ dictionary: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !dictionary.isEmpty else {
            return amqp_table_t(num_entries: 0, entries: nil)
        }
        let entries = allocate(byteCount: MemoryLayout<amqp_table_entry_t>.stride * dictionary.count)
            .bindMemory(to: amqp_table_entry_t.self, capacity: dictionary.count)
        // Sorted so the encoded table is the same for the same dictionary (easier to compare on the wire).
        for (index, entry) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
            (entries + index).initialize(to: amqp_table_entry_t(key: bytes(entry.key), value: field(entry.value)))
        }
        return amqp_table_t(num_entries: Int32(dictionary.count), entries: entries)
    }

    private func array(_ values: [AMQPFieldValue]) -> amqp_array_t {
        guard !values.isEmpty else {
            return amqp_array_t(num_entries: 0, entries: nil)
        }
        let entries = allocate(byteCount: MemoryLayout<amqp_field_value_t>.stride * values.count)
            .bindMemory(to: amqp_field_value_t.self, capacity: values.count)
        for (index, value) in values.enumerated() {
            (entries + index).initialize(to: field(value))
        }
        return amqp_array_t(num_entries: Int32(values.count), entries: entries)
    }

    private func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let string):
            field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
            field.value.bytes = bytes(string)
        case .int(let int):
            field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
            field.value.i64 = int
        case .bool(let bool):
            field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
            field.value.boolean = bool ? 1 : 0
        case .double(let double):
            field.kind = UInt8(AMQP_FIELD_KIND_F64.rawValue)
            field.value.f64 = double
        case .array(let values):
            field.kind = UInt8(AMQP_FIELD_KIND_ARRAY.rawValue)
            field.value.array = array(values)
        case .table(let dictionary):
            field.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue)
            field.value.table = table(dictionary)
        }
        return field
    }

    private func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        guard let memory = amqp_pool_alloc(pool, byteCount) else {
            fatalError("librabbitmq pool allocation of \(byteCount) bytes failed")
        }
        return memory
    }
}
