/// The certificate and key an ``HTTPServer`` serves HTTPS with.
public struct HTTPServerTLS: Sendable {
    /// The certificate chain, PEM encoded, leaf first.
    public var certificatePEM: String
    /// The unencrypted private key, PEM encoded.
    public var privateKeyPEM: String
    /// A GnuTLS priority string choosing protocol versions and ciphers.
    public var priorities: String

    /// Creates TLS settings; the default priorities allow TLS 1.2 and 1.3 only.
    public init(
        certificatePEM: String,
        privateKeyPEM: String,
        priorities: String = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
    ) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.priorities = priorities
    }
}
