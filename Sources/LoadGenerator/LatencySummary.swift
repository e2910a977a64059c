/// Throughput and latency percentiles of one load phase.
struct LatencySummary {
    let requests: Int
    let errors: Int
    let seconds: Double
    let p50: Double
    let p95: Double
    let p99: Double

    /// `latencies` in seconds, of the successful requests.
    init(latencies: [Double], errors: Int, seconds: Double) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        requests = latencies.count
        self.errors = errors
        self.seconds = seconds
        p50 = percentile(0.50)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
    }

    var throughput: Double { seconds > 0 ? Double(requests) / seconds : 0 }
}
