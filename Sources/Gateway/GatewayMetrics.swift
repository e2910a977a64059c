import Foundation
import MDMERuntime
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
        var durations = Histogram()
    }

    private let state = Mutex(State())

    func record(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Key(route: route, status: status), default: 0] += 1
            state.durations.observe(seconds)
        }
    }

    func render(broker: BrokerClient.Statistics, brokerReady: Bool) -> String {
        let snapshot = state.withLock { $0 }
        var text = PrometheusText()
        let requests = snapshot.requests.sorted { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }
        text.counter("mdme_http_requests_total", "HTTP requests by route pattern and status.",
                     requests.map { (["route": $0.key.route, "status": "\($0.key.status)"], $0.value) })
        text.histogram("mdme_http_request_duration_seconds", "Time from a complete request to its response.", snapshot.durations)
        text.counter("mdme_broker_publishes_total", "Messages published to the broker.", broker.publishes)
        text.counter("mdme_broker_confirms_total", "Publisher confirms (acks) received.", broker.confirms)
        text.counter("mdme_broker_nacks_total", "Publisher nacks received.", broker.nacks)
        text.counter("mdme_broker_replies_total", "Worker replies received.", broker.replies)
        text.counter("mdme_broker_timeouts_total", "Requests answered 202 because no reply came in time.", broker.timeouts)
        text.counter("mdme_broker_reconnects_total", "Broker connection losses.", broker.reconnects)
        text.gauge("mdme_broker_ready", "Whether the broker connection is up.", brokerReady ? 1 : 0)
        return text.text
    }
}
