/// A Prometheus histogram of durations in seconds: cumulative bucket counts, sum and count.
public struct Histogram: Sendable {
    /// From 1 ms to 10 s: a handler or a request is fast when it takes a few milliseconds.
    public static let latencyBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public let bounds: [Double]
    public private(set) var bucketCounts: [Int]
    public private(set) var sum: Double = 0
    public private(set) var count = 0

    public init(bounds: [Double] = Histogram.latencyBounds) {
        self.bounds = bounds
        bucketCounts = Array(repeating: 0, count: bounds.count)
    }

    public mutating func observe(_ seconds: Double) {
        for (index, bound) in bounds.enumerated() where seconds <= bound {
            bucketCounts[index] += 1
        }
        sum += seconds
        count += 1
    }
}
