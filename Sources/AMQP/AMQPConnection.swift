internal import CRabbitMQ
internal import Glibc

/// One AMQP 0-9-1 connection to RabbitMQ with one channel (channel 1), over librabbitmq.
///
/// Confined to one thread: librabbitmq is not thread-safe, so create, use and drop an instance
/// on the same thread (it is deliberately not `Sendable`). Nothing happens in the background:
/// heartbeats are only serviced while a call reads from the socket, so a consumer loop calls
/// ``nextEvent(timeout:)`` with a timeout of at most a second or so.
///
/// After an error whose ``AMQPError/Code/isFatal`` is true (the broker closed the connection or
/// the channel, the socket failed, …) the connection is unusable: every later call throws that
/// error, and the caller builds a new `AMQPConnection` (with its QoS, confirms and consumers).
/// `timeout`, `publishNacked` and `unroutable` leave the connection usable.
public final class AMQPConnection {
    static let channel: amqp_channel_t = 1
    /// How long ``close()`` waits for the broker's close-ok replies.
    private static let closeTimeoutSeconds = 2

    let state: amqp_connection_state_t
    /// The first fatal error; once set, every call throws it.
    var failure: AMQPError?
    /// Whether a `channel.close` handshake is still owed on close.
    var channelOpen = true
    /// Whether a `connection.close` handshake is still owed on close.
    var connectionOpen = true
    var confirmsEnabled = false
    /// The publish sequence number the broker assigns to the next publish in confirm mode.
    var nextPublishTag: UInt64 = 1
    /// Events read while ``publishConfirmed(exchange:routingKey:body:properties:mandatory:timeout:)``
    /// waited for its own ack, handed out by ``nextEvent(timeout:)`` first.
    var bufferedEvents: [AMQPEvent] = []

    /// Opens a TCP connection (with `connectTimeoutSeconds`), logs in with PLAIN and opens channel 1.
    ///
    /// - Throws: ``AMQPError`` with `connectionFailed` when the socket cannot be opened,
    ///   `loginFailed` when the broker refuses the credentials or the virtual host.
    public init(configuration: AMQPConfiguration) throws {
        guard let state = amqp_new_connection() else {
            throw AMQPError(code: .protocolError, message: "amqp_new_connection failed")
        }
        do {
            try Self.open(state, configuration: configuration)
        } catch {
            amqp_destroy_connection(state)
            throw error
        }
        self.state = state
    }

    deinit {
        close()
        amqp_destroy_connection(state)
    }

    /// The socket, so a caller can `poll()` it together with its own wake-up descriptor.
    /// Check ``hasBufferedInput`` first: data already read into memory does not wake `poll()`.
    public var fileDescriptor: Int32 {
        amqp_get_sockfd(state)
    }

    /// True when events, frames or bytes are already waiting in memory, so ``nextEvent(timeout:)``
    /// returns without reading the socket; callers must not block in `poll()` while this is true.
    public var hasBufferedInput: Bool {
        !bufferedEvents.isEmpty || amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0
    }

    /// False once a fatal error happened or ``close()`` was called.
    public var isOpen: Bool {
        failure == nil
    }

    /// Closes the channel and the connection politely, waiting at most a couple of seconds for
    /// the broker; best effort, never throws. The instance is unusable afterwards.
    public func close() {
        if failure == nil {
            failure = AMQPError(code: .connectionClosed, message: "the connection was closed by close()")
        }
        guard connectionOpen else {
            return
        }
        var timeout = timeval(tv_sec: Self.closeTimeoutSeconds, tv_usec: 0)
        amqp_set_rpc_timeout(state, &timeout)
        if channelOpen {
            _ = amqp_channel_close(state, Self.channel, AMQP_REPLY_SUCCESS)
        }
        _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        channelOpen = false
        connectionOpen = false
    }

    private static func open(_ state: amqp_connection_state_t, configuration: AMQPConfiguration) throws {
        let socket: OpaquePointer
        if let tls = configuration.tls {
            socket = try tlsSocket(state, tls)
        } else {
            guard let tcp = amqp_tcp_socket_new(state) else {
                throw AMQPError(code: .protocolError, message: "amqp_tcp_socket_new failed")
            }
            socket = tcp
        }
        let endpoint = "\(configuration.host):\(configuration.port)"
        var timeout = timeval(tv_sec: max(1, configuration.connectTimeoutSeconds), tv_usec: 0)
        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(clamping: configuration.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            var error = AMQPError.library(status: status, context: "cannot connect to \(endpoint)")
            error.code = .connectionFailed
            throw error
        }
        amqp_set_handshake_timeout(state, &timeout)

        var clientProperties: [String: AMQPFieldValue] = ["capabilities": .table(["consumer_cancel_notify": true])]
        if let name = configuration.connectionName {
            clientProperties["connection_name"] = .string(name)
        }
        let reply = CArena.with { arena in
            var table = arena.table(clientProperties)
            return crabbitmq_login_plain(
                state,
                configuration.virtualHost,
                0,
                Int32(clamping: configuration.frameMax),
                Int32(clamping: configuration.heartbeatSeconds),
                &table,
                configuration.user,
                configuration.password
            )
        }
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            let context = "login to virtual host '\(configuration.virtualHost)' at \(endpoint) failed"
            if reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION, let close = brokerClose(reply.reply) {
                throw AMQPError(code: .loginFailed, replyCode: close.replyCode, message: "\(context): \(close.replyText)")
            }
            let status = reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION ? reply.library_error : AMQP_STATUS_CONNECTION_CLOSED.rawValue
            var error = AMQPError.library(status: status, context: context)
            error.code = .loginFailed
            throw error
        }

        if amqp_channel_open(state, channel) == nil {
            let reply = amqp_get_rpc_reply(state)
            if reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION, let close = brokerClose(reply.reply) {
                throw AMQPError(code: .connectionClosed, replyCode: close.replyCode, message: "opening channel \(channel): \(close.replyText)")
            }
            throw AMQPError.library(status: reply.library_error, context: "opening channel \(channel)")
        }
    }
}
