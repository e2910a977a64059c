internal import CRabbitMQ

extension AMQPError {
    /// Converts a librabbitmq status code (`amqp_status_enum`) into an error; the one place that maps them.
    static func library(status: Int32, context: String) -> AMQPError {
        let code: Code
        switch status {
        case AMQP_STATUS_TIMEOUT.rawValue:
            code = .timeout
        case AMQP_STATUS_CONNECTION_CLOSED.rawValue,
             AMQP_STATUS_SOCKET_CLOSED.rawValue,
             AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue:
            code = .connectionClosed
        case AMQP_STATUS_SOCKET_ERROR.rawValue,
             AMQP_STATUS_TCP_ERROR.rawValue,
             AMQP_STATUS_SOCKET_INUSE.rawValue,
             AMQP_STATUS_SSL_ERROR.rawValue:
            code = .socketError
        case AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED.rawValue:
            code = .connectionFailed
        default:
            code = .protocolError
        }
        let text = String(cString: amqp_error_string2(status))
        return AMQPError(code: code, message: "\(context): \(text)", libraryStatus: Int(status))
    }
}
