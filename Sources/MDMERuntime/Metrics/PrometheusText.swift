import Foundation

/// Prometheus' text exposition format (version 0.0.4), written metric by metric.
public struct PrometheusText: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private var lines: [String] = []

    public init() {}

    /// A counter with one sample per label set (`[:]` for an unlabelled counter).
    public mutating func counter(_ name: String, _ help: String, _ samples: [([String: String], Int)]) {
        header(name, help, type: "counter")
        for (labels, value) in samples { lines.append("\(name)\(Self.render(labels)) \(value)") }
    }

    public mutating func counter(_ name: String, _ help: String, _ value: Int) {
        counter(name, help, [([:], value)])
    }

    public mutating func gauge(_ name: String, _ help: String, _ value: Int) {
        header(name, help, type: "gauge")
        lines.append("\(name) \(value)")
    }

    public mutating func histogram(_ name: String, _ help: String, _ histogram: Histogram) {
        header(name, help, type: "histogram")
        for (bound, count) in zip(histogram.bounds, histogram.bucketCounts) {
            lines.append("\(name)_bucket{le=\"\(bound)\"} \(count)")
        }
        lines.append("\(name)_bucket{le=\"+Inf\"} \(histogram.count)")
        lines.append("\(name)_sum \(histogram.sum)")
        lines.append("\(name)_count \(histogram.count)")
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    private mutating func header(_ name: String, _ help: String, type: String) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) \(type)")
    }

    /// Label values are escaped as the format requires (backslash, quote, newline).
    private static func render(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
