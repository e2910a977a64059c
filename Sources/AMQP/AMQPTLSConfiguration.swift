/// How an ``AMQPConnection`` speaks TLS. The broker's certificate chain and host name are always
/// verified (TLS 1.2 or later); there is deliberately no switch to turn that off.
public struct AMQPTLSConfiguration: Sendable {
    /// PEM file of the CA certificates the broker's certificate must chain to; `nil` uses the
    /// system's trust store.
    public var caFile: String?
    /// PEM client certificate and its unencrypted key, for brokers that require one.
    public var certificateFile: String?
    public var keyFile: String?

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
