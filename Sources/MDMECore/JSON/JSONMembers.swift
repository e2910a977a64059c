/// The top-level members of a JSON object, found by scanning its bytes: each key and where
/// its value lies. For reading a few fields of a document, or handing one member to a decoder,
/// without parsing the whole document into a tree first.
///
/// The scan checks the document as a parser would, its syntax and its UTF-8. It gives nil for
/// what it does not take on: anything but an object at the top, a key written with an escape
/// or twice, nesting deeper than `maximumDepth`, and malformed JSON. The caller then parses in
/// full, which also says what was wrong.
public struct JSONMembers {
    public let bytes: [UInt8]
    /// Each key (its text, without escapes) and the byte range of its value, in document order.
    public let members: [(key: String, value: Range<Int>)]

    static let maximumDepth = 64

    public init?(_ bytes: [UInt8]) {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: Range<Int>)] = []
        scanner.skipWhitespace()
        if !scanner.take(UInt8(ascii: "}")) {
            while true {
                guard let key = scanner.plainString(), !members.contains(where: { $0.key == key }) else { return nil }
                scanner.skipWhitespace()
                guard scanner.take(UInt8(ascii: ":")) else { return nil }
                scanner.skipWhitespace()
                let start = scanner.index
                guard scanner.skipValue(depth: 1) else { return nil }
                members.append((key, start..<scanner.index))
                scanner.skipWhitespace()
                if scanner.take(UInt8(ascii: "}")) { break }
                guard scanner.take(UInt8(ascii: ",")) else { return nil }
                scanner.skipWhitespace()
            }
        }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { return nil }
        self.bytes = bytes
        self.members = members
    }

    /// A string value without escapes, as text; nil for any other value, or invalid UTF-8.
    public static func plainString(_ value: ArraySlice<UInt8>) -> String? {
        var scanner = Scanner(bytes: value)
        guard let text = scanner.plainString(), scanner.index == value.endIndex else { return nil }
        return text
    }

    /// Whether the value is JSON's `null`.
    public static func isNull(_ value: ArraySlice<UInt8>) -> Bool {
        value.elementsEqual("null".utf8)
    }

    /// An integer value written in plain digits (no fraction or exponent) that fits an `Int`.
    public static func integer(_ value: ArraySlice<UInt8>) -> Int? {
        guard !value.isEmpty, value.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) else { return nil }
        return Int(String(decoding: value, as: UTF8.self))
    }

    private struct Scanner<Bytes: RandomAccessCollection<UInt8>> where Bytes.Index == Int {
        let bytes: Bytes
        var index: Int

        init(bytes: Bytes) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private var current: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        /// A string with no escape in it, as text.
        mutating func plainString() -> String? {
            let start = index + 1
            guard skipString(), !bytes[start..<(index - 1)].contains(UInt8(ascii: "\\")) else { return nil }
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }

        mutating func skipValue(depth: Int) -> Bool {
            switch current {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"): return skipContainer(closing: UInt8(ascii: "}"), depth: depth, keyed: true)
            case UInt8(ascii: "["): return skipContainer(closing: UInt8(ascii: "]"), depth: depth, keyed: false)
            case UInt8(ascii: "t"): return skipLiteral("true")
            case UInt8(ascii: "f"): return skipLiteral("false")
            case UInt8(ascii: "n"): return skipLiteral("null")
            case let byte? where byte == UInt8(ascii: "-") || Self.isDigit(byte): return skipNumber()
            default: return false
            }
        }

        private mutating func skipContainer(closing: UInt8, depth: Int, keyed: Bool) -> Bool {
            guard depth < JSONMembers.maximumDepth else { return false }
            index += 1
            skipWhitespace()
            if take(closing) { return true }
            while true {
                if keyed {
                    guard skipString() else { return false }
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return false }
                    skipWhitespace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if take(closing) { return true }
                guard take(UInt8(ascii: ",")) else { return false }
                skipWhitespace()
            }
        }

        private mutating func skipString() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while let byte = current {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return true
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { return false }
                    index += 1
                    if escaped == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let hex = current, Self.isDigit(hex) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(hex | 0x20) else { return false }
                            index += 1
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                        return false
                    }
                case ..<0x20:
                    return false
                case 0x80...:
                    guard skipRestOfCharacter(startingWith: byte) else { return false }
                default:
                    continue
                }
            }
            return false
        }

        /// The continuation bytes of a UTF-8 sequence whose first byte was `lead`; false for a
        /// sequence that is not UTF-8 (overlong, a surrogate, beyond U+10FFFF, cut short).
        private mutating func skipRestOfCharacter(startingWith lead: UInt8) -> Bool {
            let second: ClosedRange<UInt8>, count: Int
            switch lead {
            case 0xC2...0xDF: (second, count) = (0x80...0xBF, 1)
            case 0xE0: (second, count) = (0xA0...0xBF, 2)
            case 0xE1...0xEC, 0xEE...0xEF: (second, count) = (0x80...0xBF, 2)
            case 0xED: (second, count) = (0x80...0x9F, 2)
            case 0xF0: (second, count) = (0x90...0xBF, 3)
            case 0xF1...0xF3: (second, count) = (0x80...0xBF, 3)
            case 0xF4: (second, count) = (0x80...0x8F, 3)
            default: return false
            }
            for position in 0..<count {
                guard let byte = current, (position == 0 ? second : 0x80...0xBF).contains(byte) else { return false }
                index += 1
            }
            return true
        }

        private mutating func skipLiteral(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.endIndex - index >= count,
                  bytes[index..<(index + count)].elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count)) else { return false }
            index += count
            return true
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        private mutating func skipNumber() -> Bool {
            _ = take(UInt8(ascii: "-"))
            guard let first = current, Self.isDigit(first) else { return false }
            index += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if take(UInt8(ascii: ".")) {
                guard skipDigits() else { return false }
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
                guard skipDigits() else { return false }
            }
            return true
        }

        /// Skips digits; whether there was at least one.
        @discardableResult
        private mutating func skipDigits() -> Bool {
            let start = index
            while let byte = current, Self.isDigit(byte) { index += 1 }
            return index > start
        }
    }
}
