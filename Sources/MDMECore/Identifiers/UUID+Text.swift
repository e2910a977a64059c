import Foundation

extension UUID {
    /// The identifier in lowercase, e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`: the form the API,
    /// the database and the messages use (RFC 4122 prefers it).
    ///
    /// Equal to `uuidString.lowercased()`, without its cost: Foundation formats `uuidString` with
    /// `snprintf` and sixteen `%02X` conversions, and lowercasing makes a second string. Every
    /// query parameter and message id goes through here.
    public var lowercasedText: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = digits.utf8Start[Int(byte >> 4)]
                    text[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Reads the 36-character form (`0f8fad5b-d9cb-469f-a165-70867728950e`, either case), as
    /// `UUID(uuidString:)` does, without the `sscanf` Foundation reads it with: every message's
    /// ids and every id read from the database come through here.
    public init?(text: String) {
        var text = text
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = text.withUTF8 { characters in
            guard characters.count == 36 else { return false }
            return withUnsafeMutableBytes(of: &value) { bytes in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard characters[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = characters[position].hexDigitValue, let low = characters[position + 1].hexDigitValue else {
                        return false
                    }
                    bytes[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        guard parsed else { return nil }
        self.init(uuid: value)
    }
}
