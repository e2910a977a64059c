import Foundation
import Synchronization

/// Encodes a value straight into a `JSONValue` with the project's JSON conventions (snake_case
/// keys, RFC 3339 times, ids in lower case), the same value `MDMEJSON` would write as text and
/// read back. The gateway turns every request into a message payload this way; going through
/// text cost it an encoder and a decoder pass per request.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        try Self.node(for: value, at: []).value
    }

    /// A value whose encoding has a JSON form of its own, or the node its `encode(to:)` filled.
    fileprivate static func node(for value: some Encodable, at path: [any CodingKey]) throws -> Node {
        switch value {
        case let json as JSONValue: return Node(json)
        case let date as Date: return Node(.string(RFC3339.format(date)))
        case let uuid as UUID: return Node(.string(uuid.lowercasedText))
        case let url as URL: return Node(.string(url.absoluteString))
        case let data as Data: return Node(.string(data.base64EncodedString()))
        case let dictionary as [String: any Encodable]:
            // A dictionary's keys are data, not coding keys: Foundation leaves them as they are.
            let node = Node()
            node.makeObject()
            for (key, element) in dictionary {
                node.set(try Self.node(for: element, at: path + [AnyKey(stringValue: key)]), for: key)
            }
            return node
        default:
            let encoder = NodeEncoder(codingPath: path)
            try value.encode(to: encoder)
            return encoder.node
        }
    }

    /// `clientID` → `client_id`, exactly as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`
    /// spells it (Foundation is asked once per key). Keys come from the types' coding keys, a
    /// small set; the memory is bounded all the same.
    fileprivate static func snakeCased(_ key: String) -> String {
        // Bytes, not Characters: a key is ASCII, and Unicode's case tables cost more than the
        // rest of a request's encoding. Anything beyond ASCII takes the full conversion.
        guard key.utf8.contains(where: { $0 >= 0x80 || (0x41...0x5A).contains($0) }) else { return key }
        if let known = snakeCasedKeys.withLock({ $0[key] }) { return known }
        let converted = (try? foundationSnakeCase(key)) ?? key
        snakeCasedKeys.withLock { keys in
            if keys.count < 1024 { keys[key] = converted }
        }
        return converted
    }

    private static let snakeCasedKeys = Mutex<[String: String]>([:])

    private static func foundationSnakeCase(_ key: String) throws -> String {
        struct Probe: Encodable {
            let key: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: AnyKey.self)
                try container.encodeNil(forKey: AnyKey(stringValue: key))
            }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try JSONSerialization.jsonObject(with: encoder.encode(Probe(key: key))) as? [String: Any]
        return object?.keys.first ?? key
    }
}

/// One value being built: filled in place, so containers handed out earlier stay live.
private final class Node {
    enum Content {
        case value(JSONValue)
        case object([String: Node])
        case array([Node])
    }

    var content: Content

    init(_ value: JSONValue = .object([:])) {
        content = .value(value)
    }

    var value: JSONValue {
        switch content {
        case .value(let value): value
        case .object(let fields): .object(fields.mapValues(\.value))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ node: Node, for key: String) {
        guard case .object(var fields) = content else { return }
        content = .value(.null) // lets `fields` be uniquely referenced while it changes
        fields[key] = node
        content = .object(fields)
    }

    func append(_ node: Node) {
        guard case .array(var elements) = content else { return }
        content = .value(.null)
        elements.append(node)
        content = .array(elements)
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

private final class NodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    let node: Node

    init(codingPath: [any CodingKey], node: Node = Node()) {
        self.codingPath = codingPath
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(codingPath: codingPath, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(codingPath: codingPath, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(codingPath: codingPath, node: node)
    }
}

/// The JSON value of a number, or the encoding error Foundation gives for one JSON cannot hold.
private func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
    guard value.isFinite else {
        throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "Unable to encode \(value) directly in JSON."))
    }
    return .number(value)
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let codingPath: [any CodingKey]
    let node: Node

    private func put(_ value: JSONValue, _ key: Key) {
        node.set(Node(value), for: JSONValueEncoder.snakeCased(key.stringValue))
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try number(Double("\(value)")!, at: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.number(Double(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(try JSONValueEncoder.node(for: value, at: codingPath + [key]), for: JSONValueEncoder.snakeCased(key.stringValue))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.makeObject()
        node.set(child, for: JSONValueEncoder.snakeCased(key.stringValue))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(codingPath: codingPath + [key], node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        child.makeArray()
        node.set(child, for: JSONValueEncoder.snakeCased(key.stringValue))
        return UnkeyedNodeContainer(codingPath: codingPath + [key], node: child)
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: AnyKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let child = Node()
        node.set(child, for: JSONValueEncoder.snakeCased(key.stringValue))
        return NodeEncoder(codingPath: codingPath + [key], node: child)
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let codingPath: [any CodingKey]
    let node: Node

    var count: Int { node.count }

    private var nextKey: any CodingKey { AnyKey(intValue: count) }

    mutating func encodeNil() throws { node.append(Node(.null)) }
    mutating func encode(_ value: Bool) throws { node.append(Node(.bool(value))) }
    mutating func encode(_ value: String) throws { node.append(Node(.string(value))) }
    mutating func encode(_ value: Double) throws { node.append(Node(try number(value, at: codingPath + [nextKey]))) }
    mutating func encode(_ value: Float) throws { node.append(Node(try number(Double("\(value)")!, at: codingPath + [nextKey]))) }
    mutating func encode(_ value: Int) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: Int8) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: Int16) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: Int32) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: Int64) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: UInt) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: UInt8) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: UInt16) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: UInt32) throws { node.append(Node(.number(Double(value)))) }
    mutating func encode(_ value: UInt64) throws { node.append(Node(.number(Double(value)))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONValueEncoder.node(for: value, at: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = Node()
        child.makeObject()
        node.append(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(codingPath: codingPath + [key], node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = Node()
        child.makeArray()
        node.append(child)
        return UnkeyedNodeContainer(codingPath: codingPath + [key], node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        let child = Node()
        node.append(child)
        return NodeEncoder(codingPath: codingPath + [key], node: child)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    let node: Node

    private func put(_ value: JSONValue) { node.content = .value(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { put(try number(Double("\(value)")!, at: codingPath)) }
    mutating func encode(_ value: Int) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int8) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int16) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int32) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int64) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt8) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt16) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt32) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt64) throws { put(.number(Double(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = try JSONValueEncoder.node(for: value, at: codingPath).content
    }
}
