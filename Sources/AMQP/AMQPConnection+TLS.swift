internal import CRabbitMQ

/// librabbitmq's OpenSSL set-up is process-global and not reference-counted safely across
/// threads that open and close connections at will, so it is done once, here, and never undone.
private let sslLibraryStatus: Int32 = {
    amqp_set_initialize_ssl_library(1)
    return amqp_initialize_ssl_library()
}()

extension AMQPConnection {
    /// A TLS socket on `state` that verifies the broker's certificate chain and host name.
    static func tlsSocket(_ state: amqp_connection_state_t, _ tls: AMQPTLSConfiguration) throws -> OpaquePointer {
        guard sslLibraryStatus == AMQP_STATUS_OK.rawValue else {
            throw AMQPError.library(status: sslLibraryStatus, context: "initialising OpenSSL")
        }
        guard let socket = amqp_ssl_socket_new(state) else {
            throw AMQPError(code: .protocolError, message: "amqp_ssl_socket_new failed")
        }
        amqp_ssl_socket_set_verify_peer(socket, 1)
        amqp_ssl_socket_set_verify_hostname(socket, 1)
        try check(amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST), "setting TLS versions")
        if let caFile = tls.caFile {
            try check(amqp_ssl_socket_set_cacert(socket, caFile), "loading CA certificates from \(caFile)")
        }
        if let certificate = tls.certificateFile, let key = tls.keyFile {
            try check(amqp_ssl_socket_set_key(socket, certificate, key), "loading client certificate \(certificate)")
        }
        return socket
    }

    private static func check(_ status: Int32, _ context: String) throws {
        guard status == AMQP_STATUS_OK.rawValue else {
            var error = AMQPError.library(status: status, context: context)
            error.code = .invalidConfiguration
            throw error
        }
    }
}
