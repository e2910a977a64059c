import Foundation

/// A structured logger writing one JSON object per line to standard error.
///
/// Metadata keys use dots (`request.id`, `message.id`, `client.ref`). Values must be ids,
/// codes and counts — never names, emails, phone numbers, answers or notes.
public struct Logger: Sendable {
    public enum Level: String, Codable, Sendable, Comparable, CaseIterable {
        case debug, info, notice, warning, error

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public typealias Metadata = [String: String]

    public let label: String
    public var level: Level
    public var metadata: Metadata
    private let sink: @Sendable (String) -> Void

    public init(label: String, level: Level = .info, metadata: Metadata = [:],
                sink: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    /// A copy with extra metadata on every line.
    public func with(_ extra: Metadata) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) { log(.debug, message(), extra()) }
    public func info(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) { log(.info, message(), extra()) }
    public func notice(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) { log(.notice, message(), extra()) }
    public func warning(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) { log(.warning, message(), extra()) }
    public func error(_ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) { log(.error, message(), extra()) }

    public func log(_ messageLevel: Level, _ message: @autoclosure () -> String, _ extra: @autoclosure () -> Metadata = [:]) {
        guard messageLevel >= level else { return }
        var fields: [String: String] = metadata.merging(extra()) { _, new in new }
        fields["ts"] = Self.timestamp()
        fields["level"] = messageLevel.rawValue
        fields["logger"] = label
        fields["msg"] = message()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Writes the line with a single `write(2)`, so lines from different threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
