import Foundation

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
            SnakeCaseKey(camelCasing: path.last!.stringValue)
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
        [UInt8](try encoder().encode(value))
    }
}

/// `responsible_therapist_id` → `responsibleTherapistID`: the inverse of `convertToSnakeCase`
/// for Swift's naming of acronyms (`ID`, `URL`), which `convertFromSnakeCase` gets wrong.
struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

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
