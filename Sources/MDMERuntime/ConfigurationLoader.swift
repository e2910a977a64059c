import Foundation

/// A configuration problem found at start-up; the process prints it and exits.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "configuration: \(message)" }
}

/// Builds a `Codable` configuration in three layers: the defaults in code, then a JSON file,
/// then `PREFIX_SECTION_KEY` environment variables (`MDME_GATEWAY_PORT=9090`).
///
/// Keys are snake_case in the file and in variable names. An unknown key in the file or a
/// value of the wrong type is an error, so typos fail fast instead of being ignored.
public enum ConfigurationLoader {
    public static func load<T: Codable>(
        defaults: T,
        filePath: String?,
        environment: [String: String],
        prefix: String = "MDME"
    ) throws -> T {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard var tree = try JSONSerialization.jsonObject(with: encoder.encode(defaults)) as? [String: Any] else {
            throw ConfigurationError("defaults are not an object")
        }
        if let filePath {
            guard let data = FileManager.default.contents(atPath: filePath) else {
                throw ConfigurationError("cannot read \(filePath)")
            }
            guard let file = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError("\(filePath) is not a JSON object")
            }
            tree = try merge(file, into: tree, path: [])
        }
        tree = try applyEnvironment(environment, to: tree, path: [prefix])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: JSONSerialization.data(withJSONObject: tree))
        } catch {
            throw ConfigurationError("invalid value: \(error)")
        }
    }

    private static func merge(_ overrides: [String: Any], into base: [String: Any], path: [String]) throws -> [String: Any] {
        var result = base
        for (key, value) in overrides {
            let keyPath = (path + [key]).joined(separator: ".")
            guard let existing = base[key] else { throw ConfigurationError("unknown setting \(keyPath)") }
            if let nested = existing as? [String: Any] {
                guard let nestedOverride = value as? [String: Any] else {
                    throw ConfigurationError("\(keyPath) must be an object")
                }
                result[key] = try merge(nestedOverride, into: nested, path: path + [key])
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func applyEnvironment(_ environment: [String: String], to tree: [String: Any], path: [String]) throws -> [String: Any] {
        var result = tree
        for (key, value) in tree {
            let keyPath = path + [key]
            if let nested = value as? [String: Any] {
                result[key] = try applyEnvironment(environment, to: nested, path: keyPath)
                continue
            }
            let variable = keyPath.joined(separator: "_").uppercased()
            guard let text = environment[variable] else { continue }
            result[key] = try convert(text, like: value, variable: variable)
        }
        return result
    }

    private static func convert(_ text: String, like template: Any, variable: String) throws -> Any {
        switch template {
        case is String:
            return text
        // JSONSerialization hands out booleans as a distinct NSNumber subclass; `is Bool` cannot
        // tell them apart because NSNumber(1) also bridges to Bool.
        case _ where String(describing: type(of: template)) == "__NSCFBoolean":
            guard let flag = Bool(text.lowercased()) else { throw ConfigurationError("\(variable) must be true or false") }
            return flag
        case let number as NSNumber:
            if let integer = Int(text) { return integer }
            // Decimal notation only (Double() would also take "0x10", "nan" and "inf"), and only
            // where the setting is not a whole number.
            let decimal = !text.isEmpty && text.allSatisfy { "0123456789.-+eE".contains($0) }
            guard String(cString: number.objCType) == "d", decimal, let value = Double(text), value.isFinite else {
                throw ConfigurationError("\(variable) must be a \(String(cString: number.objCType) == "d" ? "number" : "whole number")")
            }
            return value
        default:
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) else {
                throw ConfigurationError("\(variable) must be JSON")
            }
            return parsed
        }
    }
}
