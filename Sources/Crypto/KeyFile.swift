import Foundation

/// Reads key material kept outside the repository: a file holding base64 (as `scripts/run`
/// writes it), or the base64 text itself when passed through the environment.
public enum KeyFile {
    /// Loads a key from `path` (base64 text, whitespace ignored), or from the environment variable
    /// `NAME` when `path` is `env:NAME` (for secret stores that hand keys over as variables).
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        if path.hasPrefix("env:") {
            let name = String(path.dropFirst(4))
            guard let text = environment[name], !name.isEmpty else {
                throw CryptoError(.invalidKey, "the environment variable \(name) holding a key is not set")
            }
            return try decode(text, source: "$\(name)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CryptoError(.invalidKey, "cannot read key file \(path)")
        }
        return try decode(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Decodes base64 key text.
    public static func decode(_ text: String, source: String) throws -> [UInt8] {
        let compact = text.filter { !$0.isWhitespace }
        guard let bytes = Data(base64Encoded: compact), bytes.count >= 32 else {
            throw CryptoError(.invalidKey, "key from \(source) is not base64 of at least 32 bytes")
        }
        return [UInt8](bytes)
    }
}
