import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One measured phase: `concurrency` keep-alive connections, each sending its next request as
/// soon as its last one is answered, for `seconds` after a short warm-up that is not counted.
///
/// One thread drives every connection with `poll()`. The load generator runs on the cores of
/// the system it measures; a thread per connection cost a context switch per response, and
/// sixty-four threads woken in turn added their own waiting to the latencies measured.
struct LoadPhase {
    /// What one connection sends again and again, and the status that counts as success.
    struct Request {
        let bytes: [UInt8]
        let expectedStatus: Int
    }

    let port: UInt16
    let concurrency: Int
    let seconds: Double
    let warmUpSeconds = 1.0
    /// How long the phase waits, after its end, for requests still unanswered.
    let drainSeconds = 5.0

    /// Connection `index` sends `request(index)`. A request counts from its first send; one
    /// that fails, or is still unanswered `drainSeconds` after the end, counts as an error.
    func run(_ request: (Int) -> Request) throws -> LatencySummary {
        let measureFrom = ContinuousClock.now + .seconds(warmUpSeconds)
        let end = measureFrom + .seconds(seconds)
        var connections = try (0..<concurrency).map { try LoadConnection(port: port, request: request($0)) }
        defer { connections.forEach { close($0.socket) } }
        var latencies: [Double] = []
        latencies.reserveCapacity(Int(seconds) * 4_000)
        var errors = 0
        for index in connections.indices { try connections[index].send() }

        var descriptors = connections.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
        while connections.contains(where: \.awaiting), ContinuousClock.now < end + .seconds(drainSeconds) {
            guard poll(&descriptors, nfds_t(descriptors.count), 100) >= 0 || errno == EINTR else {
                throw HTTPConnection.Failure(description: "poll: errno \(errno)")
            }
            for index in descriptors.indices where descriptors[index].revents != 0 {
                descriptors[index].revents = 0
                let began = connections[index].began
                switch connections[index].receive() {
                case .answered(let seconds)? where began >= measureFrom: latencies.append(seconds)
                case .failed? where began >= measureFrom: errors += 1
                default: break
                }
                if !connections[index].awaiting, ContinuousClock.now < end {
                    do {
                        try connections[index].send()
                    } catch {
                        // The gateway took no new connection: this one is out of the phase.
                        errors += 1
                    }
                }
                // A connection the server closed was opened again on a new socket (or is gone, -1).
                descriptors[index].fd = connections[index].socket
            }
        }
        errors += connections.filter { $0.awaiting && $0.began >= measureFrom }.count
        return LatencySummary(latencies: latencies, errors: errors, seconds: seconds)
    }
}

/// One of the phase's connections: its socket, what has arrived of the answer it awaits, and
/// when it sent its request.
private struct LoadConnection {
    enum Outcome {
        case answered(seconds: Double)
        case failed
    }

    let port: UInt16
    let request: LoadPhase.Request
    private(set) var socket: Int32
    private(set) var awaiting = false
    private(set) var began = ContinuousClock.now
    private var buffer: [UInt8] = []
    /// Whether the request awaited already went out again on a new connection.
    private var resent = false

    init(port: UInt16, request: LoadPhase.Request) throws {
        self.port = port
        self.request = request
        socket = try HTTPConnection.connectedSocket(port: port)
    }

    /// Sends the request. The socket stays blocking: a request is far smaller than its send
    /// buffer, so the write does not wait, and reads happen only once `poll()` saw data.
    mutating func send() throws {
        began = .now
        awaiting = true
        resent = false
        do {
            try HTTPConnection.write(request.bytes, to: socket)
        } catch {
            try sendOnNewConnection()
        }
    }

    /// Reads what arrived; the outcome of the request once its answer is whole. A connection
    /// closed before any of the answer came (the server may close a keep-alive connection it
    /// found idle) is opened again and the request sent again, once, and not counted; any other
    /// broken connection fails the request.
    mutating func receive() -> Outcome? {
        do {
            try HTTPConnection.fill(&buffer, from: socket)
            guard let response = try HTTPConnection.takeResponse(from: &buffer) else { return nil }
            awaiting = false
            let elapsed = began.duration(to: .now)
            guard response.status == request.expectedStatus else { return .failed }
            return .answered(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            if buffer.isEmpty, !resent, (try? sendOnNewConnection()) != nil { return nil }
            awaiting = false
            close(socket)
            socket = -1
            return .failed
        }
    }

    private mutating func sendOnNewConnection() throws {
        close(socket)
        socket = -1
        buffer.removeAll(keepingCapacity: true)
        socket = try HTTPConnection.connectedSocket(port: port)
        resent = true
        try HTTPConnection.write(request.bytes, to: socket)
    }
}
