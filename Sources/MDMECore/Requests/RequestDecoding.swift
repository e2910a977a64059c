import Foundation

/// Decodes a request body into a typed request, turning every decoding failure into the API
/// error a front end can act on: `malformed_json` for broken JSON, `validation_failed` naming
/// the field for a missing field or a wrong type.
public enum RequestDecoding {
    public static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<T, APIError> {
        // Most bodies are well formed: decoded directly, they skip the generic parse below that
        // exists to name a field holding NUL and to tell broken JSON from a wrong field. NUL can
        // only arrive escaped (JSON forbids the raw byte), so a body without that escape has none.
        if !mayHoldNUL(body), let request = try? MDMEJSON.decode(T.self, from: Data(body)) {
            return .success(request)
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return .failure(APIError(.malformedJSON, "The body is not valid JSON."))
        }
        // PostgreSQL text cannot hold NUL, and no person types one: refuse it here, by field.
        if let field = fieldWithNUL(parsed, path: "") {
            return .failure(.validation([FieldProblem(field: field.isEmpty ? "body" : field, problem: "must not contain NUL characters")]))
        }
        do {
            return .success(try MDMEJSON.decode(T.self, from: Data(body)))
        } catch let error as DecodingError {
            return .failure(.validation([problem(for: error)]))
        } catch {
            return .failure(APIError(.malformedJSON, "The body could not be read."))
        }
    }

    /// Whether the body has the escape `\u0000` anywhere, even where a preceding backslash makes
    /// it plain text: those bodies take the full check.
    static func mayHoldNUL(_ body: [UInt8]) -> Bool {
        let escape = Array(#"\u0000"#.utf8)
        guard body.count >= escape.count else { return false }
        var index = 0
        while let backslash = body[index...].firstIndex(of: UInt8(ascii: "\\")) {
            if body.count - backslash >= escape.count, body[backslash..<(backslash + escape.count)].elementsEqual(escape) {
                return true
            }
            index = backslash + 1
        }
        return false
    }

    /// The path of the first string (or key) holding U+0000, if any.
    static func fieldWithNUL(_ value: Any, path: String) -> String? {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\u{0}") ? path : nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = fieldWithNUL(element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case let object as [String: Any]:
            for (key, element) in object {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.unicodeScalars.contains("\u{0}") { return path.isEmpty ? "body" : path }
                if let found = fieldWithNUL(element, path: child) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    public static func problem(for error: DecodingError) -> FieldProblem {
        func name(_ path: [any CodingKey]) -> String {
            let parts = path.map { key in key.intValue.map { "[\($0)]" } ?? snakeCase(key.stringValue) }
            return parts.isEmpty ? "body" : parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: name(context.codingPath + [key]), problem: "is required")
        case .valueNotFound(let type, let context):
            return FieldProblem(field: name(context.codingPath), problem: "must not be null (expected \(describe(type)))")
        case .typeMismatch(let type, let context):
            return FieldProblem(field: name(context.codingPath), problem: "must be \(describe(type))")
        case .dataCorrupted(let context):
            // Foundation's own wording ("Cannot initialize Gender from…") names Swift types.
            let problem = context.debugDescription.hasPrefix("Cannot initialize") ? "is not one of the allowed values" : context.debugDescription
            return FieldProblem(field: name(context.codingPath), problem: problem)
        @unknown default:
            return FieldProblem(field: "body", problem: "is not valid")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        default: type is any Collection.Type ? "a list" : "an object"
        }
    }

    /// `birthDate` → `birth_date`, `clientID` → `client_id`, `publicURLPath` → `public_url_path`:
    /// a new word starts at an upper-case letter after a lower-case one, or at the last capital
    /// of an acronym that is followed by a lower-case letter.
    static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    out += "_"
                }
            }
            out += character.lowercased()
        }
        return out
    }
}

/// Collects field problems while checking a request.
public struct FieldChecker {
    public private(set) var problems: [FieldProblem] = []

    public init() {}

    public mutating func require(_ condition: Bool, _ field: String, _ problem: String) {
        if !condition { problems.append(FieldProblem(field: field, problem: problem)) }
    }

    public mutating func text(_ value: String, _ field: String, max: Int, allowEmpty: Bool = false) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        require(allowEmpty || !trimmed.isEmpty, field, "must not be empty")
        require(value.count <= max, field, "must be at most \(max) characters")
    }

    /// Surrounding white space is forgiven (it is trimmed when stored); inner is not.
    public mutating func email(_ raw: String, _ field: String) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid = value.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !value.contains(where: \.isWhitespace)
        require(valid, field, "must be an email address")
    }

    public mutating func list(_ values: [String]?, _ field: String, maxItems: Int, maxLength: Int) {
        guard let values else { return }
        require(values.count <= maxItems, field, "must have at most \(maxItems) entries")
        for (index, value) in values.enumerated() {
            text(value, "\(field)[\(index)]", max: maxLength)
        }
    }

    public func result() -> APIError? {
        problems.isEmpty ? nil : .validation(problems)
    }
}
