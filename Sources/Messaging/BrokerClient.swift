import AMQP
import Foundation
import MDMECore
import MDMERuntime
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The gateway's side of the broker: one thread owning one AMQP connection in confirm mode,
/// consuming direct reply-to. HTTP threads hand it messages with `send`; it publishes them,
/// reads confirms and replies, and calls each completion exactly once.
///
/// A wake-up pipe lets `send` interrupt the thread's `poll()` on the socket, so a request
/// does not wait for a polling interval before it is published. Under load the thread is
/// rarely asleep: only the first `send` after it last emptied the pipe writes to it.
// @unchecked: `state` below is touched only by the broker thread; what other threads share
// (submissions, statistics, flags, the pipe) is behind a Mutex or atomic.
public final class BrokerClient: Service, @unchecked Sendable {
    public enum Outcome: Sendable {
        /// The worker's reply: its message type (the outcome) and body.
        case reply(type: String, body: [UInt8])
        /// Durably queued (confirmed) but no reply in time, or none was asked for.
        case accepted
        /// Not confirmed by the broker: the caller should retry later.
        case unavailable
    }

    public struct Statistics: Sendable {
        public var publishes = 0
        public var confirms = 0
        public var nacks = 0
        public var replies = 0
        public var timeouts = 0
        public var reconnects = 0
    }

    public let name = "broker-client"
    private let configuration: MDMEConfiguration
    private let logger: Logger
    private let submissions = Mutex<[Request]>([])
    private let counters = Mutex(Statistics())
    private let stopRequested = Atomic<Bool>(false)
    private let connected = Atomic<Bool>(false)
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// A byte is in the pipe that the broker thread has not read yet.
    private let wakePending = Atomic<Bool>(false)
    private var state = BrokerThreadState()

    struct Request {
        var envelope: Envelope
        var body: [UInt8]
        var routingKey: String
        var awaitReply: Bool
        var deadline: ContinuousClock.Instant
        var completion: @Sendable (Outcome) -> Void
        var deliveryTag: UInt64 = 0
        var confirmed = false
    }

    struct BrokerThreadState {
        var amqp: AMQPConnection?
        var unpublished: [Request] = []
        var inFlight: [UUID: Request] = [:]
        var correlationByTag: [UInt64: UUID] = [:]
    }

    public init(configuration: MDMEConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger.with(["service": "broker-client"])
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "cannot create wake-up pipe")
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// True while the connection is up and publishing is possible (for `/readyz`).
    public var isReady: Bool { connected.load(ordering: .relaxed) }

    public var statistics: Statistics { counters.withLock { $0 } }

    /// Publishes `envelope` to `mdme.commands` and calls `completion` once: with the reply, with
    /// `.accepted` when the broker confirmed it but no reply came by `timeout` (or none was
    /// asked for), or with `.unavailable` when the broker did not take it.
    public func send(_ envelope: Envelope, routingKey: String, awaitReply: Bool, timeout: Duration,
                     completion: @escaping @Sendable (Outcome) -> Void) {
        let body: [UInt8]
        do { body = try envelope.encoded() } catch {
            completion(.unavailable)
            return
        }
        let request = Request(envelope: envelope, body: body, routingKey: routingKey, awaitReply: awaitReply,
                              deadline: .now + timeout, completion: completion)
        submissions.withLock { $0.append(request) }
        wake()
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        wake()
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    private func wake() {
        // A pending byte wakes the thread before it next takes submissions, which then
        // include this one: see `waitForInput`.
        guard !wakePending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    public func run() throws {
        var backoff = Backoff()
        while !stopping {
            do {
                try ensureConnected()
                backoff.reset()
                try publishSubmissions()
                try waitForInput()
                try drainEvents()
                expireDeadlines()
            } catch {
                logger.warning("broker connection lost; reconnecting", ["error": "\(error)"])
                connectionLost()
                counters.withLock { $0.reconnects += 1 }
                takeSubmissions()
                expireDeadlines()
                backoff.sleep(while: { !self.stopping })
            }
        }
        state.amqp?.close()
        connectionLost()
        takeSubmissions()
        for request in state.unpublished { request.completion(.unavailable) }
        state.unpublished.removeAll()
    }

    private func ensureConnected() throws {
        guard state.amqp == nil else { return }
        let connection = try configuration.connectToBroker(connectionName: "mdme-gateway")
        try Topology.declareExchanges(on: connection)
        try connection.enableConfirms()
        try connection.consume(queue: Topology.replyTo, noAck: true)
        state.amqp = connection
        connected.store(true, ordering: .relaxed)
        logger.info("connected to broker")
    }

    private func takeSubmissions() {
        let taken = submissions.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        state.unpublished.append(contentsOf: taken)
    }

    private func publishSubmissions() throws {
        takeSubmissions()
        guard let amqp = state.amqp else { return }
        // Requests that arrived together leave together (see `AMQPConnection.corked`).
        if state.unpublished.count > 1 {
            try amqp.corked { try publishUnpublished(on: amqp) }
        } else {
            try publishUnpublished(on: amqp)
        }
    }

    private func publishUnpublished(on amqp: AMQPConnection) throws {
        while var request = state.unpublished.first {
            var properties = AMQPProperties()
            properties.messageID = request.envelope.id.lowercasedText
            properties.correlationID = request.envelope.correlationID.lowercasedText
            properties.type = request.envelope.type
            properties.contentType = "application/json"
            properties.persistent = true
            properties.replyTo = request.awaitReply ? Topology.replyTo : nil
            request.deliveryTag = try amqp.publish(exchange: Topology.commands, routingKey: request.routingKey,
                                                   body: request.body, properties: properties, mandatory: true)
            state.unpublished.removeFirst()
            state.inFlight[request.envelope.correlationID] = request
            state.correlationByTag[request.deliveryTag] = request.envelope.correlationID
            counters.withLock { $0.publishes += 1 }
        }
    }

    private func waitForInput() throws {
        guard let amqp = state.amqp, !amqp.hasBufferedInput else { return }
        let nearest = (state.inFlight.values.map(\.deadline) + state.unpublished.map(\.deadline)).min()
        var timeoutMs: Int32 = 250
        if let nearest {
            let remaining = nearest - .now
            timeoutMs = max(0, min(timeoutMs, Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000) + 1))
        }
        var fds = [pollfd(fd: amqp.fileDescriptor, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, timeoutMs)
        if fds[1].revents != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            while read(wakeRead, &buffer, buffer.count) > 0 {}
            // Emptied first, cleared after: a `send` in between finds the flag still set and
            // skips its write, and its request is among the submissions taken next.
            wakePending.store(false, ordering: .releasing)
        }
    }

    /// Reads everything the broker has sent, without blocking. Heartbeats are serviced here too.
    private func drainEvents() throws {
        guard let amqp = state.amqp else { return }
        while true {
            switch try amqp.nextEvent(timeout: .zero) {
            case .timeout:
                return
            case .publishAcked(let tag, let multiple):
                for confirmedTag in tags(upTo: tag, multiple: multiple) {
                    confirmed(tag: confirmedTag)
                }
            case .publishNacked(let tag, let multiple):
                for nackedTag in tags(upTo: tag, multiple: multiple) {
                    counters.withLock { $0.nacks += 1 }
                    if let correlation = state.correlationByTag.removeValue(forKey: nackedTag) {
                        finish(correlation, .unavailable)
                    }
                }
            case .returned(_, _, _, _, let properties):
                // Unroutable: no queue is bound for this routing key (topology missing).
                if let text = properties.correlationID, let correlation = UUID(text: text) {
                    logger.error("command unroutable", ["message.type": properties.type ?? "-"])
                    finish(correlation, .unavailable)
                }
            case .consumerCancelled:
                throw MessagingError(.publishFailed, "the broker cancelled the reply consumer")
            case .delivery(let message):
                if let text = message.properties.correlationID, let correlation = UUID(text: text),
                   state.inFlight[correlation] != nil {
                    counters.withLock { $0.replies += 1 }
                    finish(correlation, .reply(type: message.properties.type ?? "", body: message.body))
                }
            }
        }
    }

    private func tags(upTo tag: UInt64, multiple: Bool) -> [UInt64] {
        multiple ? state.correlationByTag.keys.filter { $0 <= tag } : [tag]
    }

    private func confirmed(tag: UInt64) {
        guard let correlation = state.correlationByTag.removeValue(forKey: tag),
              var request = state.inFlight[correlation] else { return }
        counters.withLock { $0.confirms += 1 }
        if request.awaitReply {
            request.confirmed = true
            state.inFlight[correlation] = request
        } else {
            finish(correlation, .accepted)
        }
    }

    private func finish(_ correlation: UUID, _ outcome: Outcome) {
        guard let request = state.inFlight.removeValue(forKey: correlation) else { return }
        state.correlationByTag.removeValue(forKey: request.deliveryTag)
        request.completion(outcome)
    }

    /// A request past its deadline is accepted if the broker confirmed it (it is durable and
    /// will be carried out), and unavailable if it was never published. A published but not
    /// yet confirmed one waits a little longer for its confirm.
    private func expireDeadlines() {
        let now = ContinuousClock.now
        let expired = state.unpublished.filter { $0.deadline <= now }
        state.unpublished.removeAll { $0.deadline <= now }
        for request in expired { request.completion(.unavailable) }
        for (correlation, request) in state.inFlight where request.deadline <= now {
            if request.confirmed {
                counters.withLock { $0.timeouts += 1 }
                finish(correlation, .accepted)
            } else if request.deadline + .seconds(5) <= now {
                finish(correlation, .unavailable)
            }
        }
    }

    /// Replies can only arrive on the channel that published, so after a connection loss the
    /// confirmed requests are accepted (durable, carried out later) and the rest unavailable.
    private func connectionLost() {
        state.amqp = nil
        connected.store(false, ordering: .relaxed)
        for (correlation, request) in state.inFlight {
            finish(correlation, request.confirmed ? .accepted : .unavailable)
        }
        state.correlationByTag.removeAll()
    }
}
