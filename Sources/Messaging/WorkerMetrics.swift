import MDMERuntime
import Synchronization

/// What a worker process did, for `/metrics` on its own port: messages by outcome, handler
/// latency, messages in flight, reconnects and relayed outbox events. Shared by the process's
/// consumer loops and its outbox relay.
public final class WorkerMetrics: Sendable {
    /// How a delivered message ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Carried out (or answered, for a read) and acknowledged.
        case processed
        /// Refused with a 4xx error; recorded, so a redelivery is refused the same way.
        case refused
        /// A redelivery recognised by the inbox and answered from it.
        case duplicate
        /// The handler failed; sent to a delay queue for another attempt.
        case retried
        /// Attempts exhausted (or undecodable): sent to the dead-letter queue.
        case deadLettered = "dead_lettered"
        /// The database was unreachable; handed back to the queue untouched.
        case returned
    }

    private struct State {
        var outcomes: [Outcome: Int] = [:]
        var handlerDurations = Histogram()
        var inFlight = 0
        var batches = 0
        var reconnects = 0
        var outboxPublished = 0
    }

    public let worker: String
    private let state = Mutex(State())

    public init(worker: String) {
        self.worker = worker
    }

    /// A batch of `count` deliveries begins (a message alone is a batch of one).
    func started(_ count: Int = 1) {
        state.withLock { state in
            state.inFlight += count
            state.batches += 1
        }
    }

    func finished(_ outcome: Outcome, seconds: Double) {
        state.withLock { state in
            state.inFlight -= 1
            state.outcomes[outcome, default: 0] += 1
            state.handlerDurations.observe(seconds)
        }
    }

    func reconnected() {
        state.withLock { $0.reconnects += 1 }
    }

    func relayed(_ count: Int) {
        state.withLock { $0.outboxPublished += count }
    }

    /// The counters of this outcome so far.
    public func count(_ outcome: Outcome) -> Int {
        state.withLock { $0.outcomes[outcome] ?? 0 }
    }

    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = PrometheusText()
        text.counter("mdme_worker_messages_total", "Messages taken from the worker's queue, by how they ended.",
                     Outcome.allCases.map { (["worker": worker, "outcome": $0.rawValue], snapshot.outcomes[$0] ?? 0) })
        text.histogram("mdme_worker_handler_duration_seconds", "Time from delivery to acknowledgement (of the whole batch it was in).", snapshot.handlerDurations)
        text.gauge("mdme_worker_in_flight", "Messages being handled now.", snapshot.inFlight)
        text.counter("mdme_worker_batches_total", "Transactions that handled the messages (several waiting ones share one).", snapshot.batches)
        text.counter("mdme_worker_reconnects_total", "Broker or database connections rebuilt after an error.", snapshot.reconnects)
        text.counter("mdme_outbox_published_total", "Outbox events relayed to the broker with a confirm.", snapshot.outboxPublished)
        return text.text
    }
}
