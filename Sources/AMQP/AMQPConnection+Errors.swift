internal import CRabbitMQ

extension AMQPConnection {
    /// Throws the stored fatal error, if any.
    func checkUsable() throws {
        if let failure {
            throw failure
        }
    }

    /// Remembers a fatal error so every later call throws it, and returns it for throwing.
    func fail(_ error: AMQPError) -> AMQPError {
        if error.code.isFatal {
            if error.code != .channelClosed {
                // The socket or the protocol state is gone: no polite close handshakes any more.
                connectionOpen = false
                channelOpen = false
            }
            if failure == nil {
                failure = error
            }
        }
        return error
    }

    /// Converts a failed RPC reply into an error, answering a broker's close first.
    func failure(from reply: amqp_rpc_reply_t, context: String) -> AMQPError {
        switch reply.reply_type {
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return fail(.library(status: reply.library_error, context: context))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            return acceptClose(reply.reply, channel: reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD ? 0 : Self.channel, context: context)
        default:
            return fail(AMQPError(code: .connectionClosed, message: "\(context): no reply from the broker"))
        }
    }

    /// Answers the broker's `channel.close` / `connection.close` with close-ok and returns the
    /// error describing it, with the broker's reply code and text.
    func acceptClose(_ method: amqp_method_t, channel: amqp_channel_t, context: String) -> AMQPError {
        guard let close = Self.brokerClose(method) else {
            return fail(AMQPError(code: .protocolError, message: "\(context): unexpected method 0x\(String(method.id, radix: 16)) from the broker"))
        }
        if method.id == AMQP_CHANNEL_CLOSE_METHOD {
            var closeOK = amqp_channel_close_ok_t()
            _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOK)
            channelOpen = false
            return fail(AMQPError(code: .channelClosed, replyCode: close.replyCode, message: "\(context): the broker closed the channel: \(close.replyText)"))
        }
        var closeOK = amqp_connection_close_ok_t()
        _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOK)
        return fail(AMQPError(code: .connectionClosed, replyCode: close.replyCode, message: "\(context): the broker closed the connection: \(close.replyText)"))
    }

    /// The reply code and text of a `channel.close` or `connection.close`; nil for other methods.
    static func brokerClose(_ method: amqp_method_t) -> (replyCode: Int, replyText: String)? {
        switch method.id {
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = method.decoded.load(as: amqp_channel_close_t.self)
            return (Int(close.reply_code), close.reply_text.string)
        case AMQP_CONNECTION_CLOSE_METHOD:
            let close = method.decoded.load(as: amqp_connection_close_t.self)
            return (Int(close.reply_code), close.reply_text.string)
        default:
            return nil
        }
    }

    /// Runs a synchronous librabbitmq RPC whose C arguments live in an arena, returning its decoded reply.
    /// The reply's pointers stay valid only until the next call that reads from the broker.
    func rpc<Reply>(_ context: @autoclosure () -> String, _ call: (CArena) -> UnsafeMutablePointer<Reply>?) throws -> Reply {
        try checkUsable()
        amqp_maybe_release_buffers(state)
        guard let reply = CArena.with(call) else {
            throw failure(from: amqp_get_rpc_reply(state), context: context())
        }
        return reply.pointee
    }

    /// Checks the status of a librabbitmq call that only sends (ack, publish…).
    func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        guard status == AMQP_STATUS_OK.rawValue else {
            throw fail(.library(status: status, context: context()))
        }
    }
}
