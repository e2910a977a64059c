import Foundation
import Messaging
import Synchronization

/// Request counters and a latency histogram, rendered in Prometheus' text format.
final class GatewayMetrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let status: Int
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var bucketCounts: [Int]
        var durationSum: Double = 0
        var durationCount = 0
    }

    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let state = Mutex(State(bucketCounts: Array(repeating: 0, count: GatewayMetrics.buckets.count)))

    func record(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Key(route: route, status: status), default: 0] += 1
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound {
                state.bucketCounts[index] += 1
            }
            state.durationSum += seconds
            state.durationCount += 1
        }
    }

    func render(broker: BrokerClient.Statistics, brokerReady: Bool) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP mdme_http_requests_total HTTP requests by route pattern and status.")
        lines.append("# TYPE mdme_http_requests_total counter")
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            lines.append("mdme_http_requests_total{route=\"\(key.route)\",status=\"\(key.status)\"} \(count)")
        }
        lines.append("# HELP mdme_http_request_duration_seconds Time from a complete request to its response.")
        lines.append("# TYPE mdme_http_request_duration_seconds histogram")
        for (index, bound) in Self.buckets.enumerated() {
            lines.append("mdme_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(snapshot.bucketCounts[index])")
        }
        lines.append("mdme_http_request_duration_seconds_bucket{le=\"+Inf\"} \(snapshot.durationCount)")
        lines.append("mdme_http_request_duration_seconds_sum \(snapshot.durationSum)")
        lines.append("mdme_http_request_duration_seconds_count \(snapshot.durationCount)")
        let counters: [(String, String, Int)] = [
            ("mdme_broker_publishes_total", "Messages published to the broker.", broker.publishes),
            ("mdme_broker_confirms_total", "Publisher confirms (acks) received.", broker.confirms),
            ("mdme_broker_nacks_total", "Publisher nacks received.", broker.nacks),
            ("mdme_broker_replies_total", "Worker replies received.", broker.replies),
            ("mdme_broker_timeouts_total", "Requests answered 202 because no reply came in time.", broker.timeouts),
            ("mdme_broker_reconnects_total", "Broker connection losses.", broker.reconnects),
        ]
        for (name, help, value) in counters {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) counter")
            lines.append("\(name) \(value)")
        }
        lines.append("# HELP mdme_broker_ready Whether the broker connection is up.")
        lines.append("# TYPE mdme_broker_ready gauge")
        lines.append("mdme_broker_ready \(brokerReady ? 1 : 0)")
        return lines.joined(separator: "\n") + "\n"
    }
}
