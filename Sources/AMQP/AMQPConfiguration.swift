internal import Foundation

/// Where and how to connect to the broker.
public struct AMQPConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 5672
    public var user = "guest"
    public var password = "guest"
    public var virtualHost = "/"
    /// Heartbeat interval asked of the broker, in seconds; 0 disables heartbeats.
    /// librabbitmq only services heartbeats while the caller is inside a call that reads
    /// (e.g. ``AMQPConnection/nextEvent(timeout:)``), so loop with a timeout well below this.
    public var heartbeatSeconds = 30
    /// Limit for the TCP connect and for the AMQP handshake (login), in seconds.
    public var connectTimeoutSeconds = 5
    /// Largest frame size asked of the broker, in bytes.
    public var frameMax = 131072
    /// Shown as the connection's name in the RabbitMQ management UI and logs.
    public var connectionName: String?
    /// Speak TLS (`amqps://`); `nil` is plain TCP.
    public var tls: AMQPTLSConfiguration?

    public init(
        host: String = "127.0.0.1",
        port: Int = 5672,
        user: String = "guest",
        password: String = "guest",
        virtualHost: String = "/",
        heartbeatSeconds: Int = 30,
        connectTimeoutSeconds: Int = 5,
        frameMax: Int = 131072,
        connectionName: String? = nil,
        tls: AMQPTLSConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeatSeconds = heartbeatSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.frameMax = frameMax
        self.connectionName = connectionName
        self.tls = tls
    }

    /// Parses `amqp://user:password@host:port/vhost` or `amqps://…`.
    ///
    /// Every part but the host is optional; user, password and vhost are percent-decoded
    /// (`%2F` is the vhost `/`), and an empty or missing path means the vhost `/`.
    /// `amqps` selects TLS with the system's CA certificates and port 5671 by default.
    public init(url: String) throws {
        let scheme = URLComponents(string: url)?.scheme?.lowercased()
        guard let components = URLComponents(string: url), scheme == "amqp" || scheme == "amqps" else {
            throw AMQPError(code: .invalidConfiguration, message: "not an amqp:// or amqps:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw AMQPError(code: .invalidConfiguration, message: "the AMQP URL has no host")
        }
        self.init(host: host)
        if scheme == "amqps" {
            port = 5671
            tls = AMQPTLSConfiguration()
        }
        if let port = components.port {
            guard (1...65535).contains(port) else {
                throw AMQPError(code: .invalidConfiguration, message: "the AMQP URL has an invalid port")
            }
            self.port = port
        }
        if let user = components.user {
            self.user = user
        }
        if let password = components.password {
            self.password = password
        }
        let path = components.percentEncodedPath
        let encodedVirtualHost = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if !encodedVirtualHost.isEmpty {
            guard let virtualHost = encodedVirtualHost.removingPercentEncoding else {
                throw AMQPError(code: .invalidConfiguration, message: "the AMQP URL has an invalid virtual host")
            }
            self.virtualHost = virtualHost
        }
    }
}
