internal import CRabbitMQ
internal import Glibc

extension AMQPConnection {
    /// Runs `body` with the socket corked (`TCP_CORK`), so that what it sends (several publishes,
    /// an ack) leaves as few full segments instead of one small segment per frame sequence.
    ///
    /// librabbitmq writes each publish with its own `send` calls and ends each on a segment
    /// boundary; for a batch of replies and its ack that is one loopback round of the kernel's
    /// transmit and receive path per message on both ends. Uncorking at the end sends at once,
    /// so nothing waits for the kernel's 200 ms cork limit. Harmless where corking is not
    /// supported: the data then goes out as before.
    public func corked<Result>(_ body: () throws -> Result) rethrows -> Result {
        let socket = amqp_get_sockfd(state)
        guard socket >= 0 else { return try body() }
        setCork(socket, true)
        defer { setCork(socket, false) }
        return try body()
    }

    private func setCork(_ socket: Int32, _ on: Bool) {
        var value: Int32 = on ? 1 : 0
        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
    }
}
