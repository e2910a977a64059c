import Foundation
import Synchronization

/// The JSON conventions of API.md in one place: snake_case keys, RFC 3339 UTC times.
public enum MDMEJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            SnakeCaseKey.converting(path.last!.stringValue)
        }
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a time in RFC 3339 form, e.g. 2027-01-31T09:30:00Z")
            }
            return date
        }
        return decoder
    }

    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        [UInt8](try shared.encoder.encode(value))
    }

    /// Decodes with the shared decoder (see `shared`).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try shared.decoder.decode(type, from: data)
    }

    /// One encoder and one decoder for every call that needs no options of its own: Foundation's
    /// are safe to use from several threads at once, and building one per message showed in
    /// profiles. Neither is changed after it is made here.
    private static let shared = (encoder: encoder(), decoder: decoder())

    /// An API answer's JSON: encoded, with the identifiers lowercased (see below).
    public static func encodeAnswer(_ value: some Encodable) throws -> [UInt8] {
        var bytes = try encode(value)
        lowercaseIdentifiers(in: &bytes)
        return bytes
    }

    /// API answers spell ids in lowercase (API.md, RFC 4122's advice); Foundation spells a
    /// `UUID` in capitals. Lowercases the UUID of every `"id"` and `"…_id"` field in place; free
    /// text never sits under such keys. In this encoder's compact output
    /// such a field always reads `…id":"XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX"`, and the pattern
    /// cannot occur inside a string, where every quote is escaped.
    static func lowercaseIdentifiers(in bytes: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-")
        var index = 3
        while index + 39 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == quote, bytes[index - 1] == UInt8(ascii: "d"), bytes[index - 2] == UInt8(ascii: "i"),
                  bytes[index - 3] == quote || bytes[index - 3] == UInt8(ascii: "_"),
                  bytes[index + 1] == colon, bytes[index + 2] == quote, bytes[index + 39] == quote else { continue }
            let start = index + 3
            let isUUID = (0..<36).allSatisfy { offset in
                let byte = bytes[start + offset]
                return [8, 13, 18, 23].contains(offset) ? byte == dash : (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
            }
            guard isUUID else { continue }
            for position in start..<(start + 36) where bytes[position] >= 65 && bytes[position] <= 70 {
                bytes[position] += 32
            }
            index = start + 36
        }
    }
}

/// `responsible_therapist_id` → `responsibleTherapistID`: the inverse of `convertToSnakeCase`
/// for Swift's naming of acronyms (`ID`, `URL`), which `convertFromSnakeCase` gets wrong.
struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// The same few dozen keys are converted for every message and request, so conversions are
    /// remembered; only so many, as keys come from requests.
    private static let converted = Mutex<[String: SnakeCaseKey]>([:])
    private static let rememberedKeys = 512

    static func converting(_ key: String) -> SnakeCaseKey {
        if let known = converted.withLock({ $0[key] }) { return known }
        let fresh = SnakeCaseKey(camelCasing: key)
        converted.withLock { keys in
            if keys.count < rememberedKeys { keys[key] = fresh }
        }
        return fresh
    }

    init(camelCasing key: String) {
        let words = key.split(separator: "_", omittingEmptySubsequences: true)
        guard key.contains("_"), let first = words.first else {
            stringValue = key
            return
        }
        stringValue = String(first) + words.dropFirst().map { word in
            switch word {
            case "id", "url", "uri": word.uppercased()
            default: word.prefix(1).uppercased() + word.dropFirst()
            }
        }.joined()
    }
}
