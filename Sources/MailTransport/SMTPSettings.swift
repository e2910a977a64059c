/// A tenant's relay: where, how encrypted, and the optional login.
public struct SMTPSettings: Sendable {
    public enum TLSMode: String, Sendable, Codable, CaseIterable {
        /// STARTTLS when the server offers it, plain otherwise.
        case starttls
        /// STARTTLS or fail.
        case starttlsRequired = "starttls_required"
        /// TLS from the first byte (`smtps://`, usually port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var tlsMode: TLSMode
    public var username: String?
    public var password: String?
    /// A CA bundle to trust instead of the system's (a tenant's private CA, or tests).
    public var caFile: String?
    public var timeoutSeconds: Int

    public init(host: String, port: Int, tlsMode: TLSMode, username: String? = nil, password: String? = nil,
                caFile: String? = nil, timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.tlsMode = tlsMode
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }
}
