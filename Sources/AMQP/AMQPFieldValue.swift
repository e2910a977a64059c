/// A value in an AMQP field table: queue arguments, consumer arguments and message headers.
///
/// Integers are sent as signed 64-bit (`l`); every incoming integer kind (8 to 64 bits,
/// signed or unsigned, and timestamps) decodes to ``int(_:)``, byte strings to ``string(_:)``,
/// and floats and decimals to ``double(_:)``. Unsigned 64-bit values above `Int64.max`
/// and void entries are dropped.
public indirect enum AMQPFieldValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case array([AMQPFieldValue])
    case table([String: AMQPFieldValue])
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }

    public init(integerLiteral value: Int64) {
        self = .int(value)
    }

    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }

    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}
