import MDMERuntime
import Testing

@Suite("Transport security and key settings")
struct TransportSecurityConfigurationTests {
    static func message(_ environment: [String: String]) -> String {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: nil, environment: environment).validate()
        }
        return error?.message ?? ""
    }

    @Test("TLS and key settings come in pairs")
    func pairs() {
        #expect(Self.message(["MDME_GATEWAY_TLS_CERTIFICATE_FILE": "/etc/mdme/cert.pem"]).contains("gateway.tls_key_file"))
        #expect(Self.message(["MDME_AMQP_TLS_KEY_FILE": "/etc/mdme/client.key"]).contains("amqp.tls_cert_file"))
        #expect(Self.message(["MDME_SECURITY_PREVIOUS_MASTER_KEY_ID": "k0"]).contains("previous_master_key_file"))
        #expect(Self.message(["MDME_SECURITY_PREVIOUS_MASTER_KEY_ID": "k1", "MDME_SECURITY_PREVIOUS_MASTER_KEY_FILE": "/k"])
            .contains("must differ"))
    }

    @Test("the settings are read from the environment like every other")
    func fromEnvironment() throws {
        let configuration = try ConfigurationLoader.load(defaults: MDMEConfiguration(), filePath: nil, environment: [
            "MDME_GATEWAY_TLS_CERTIFICATE_FILE": "/c", "MDME_GATEWAY_TLS_KEY_FILE": "/k", "MDME_GATEWAY_ALLOW_PLAIN_HTTP": "true",
            "MDME_AMQP_TLS_CA_FILE": "/ca", "MDME_POSTGRES_TLS_CA_FILE": "/pgca", "MDME_SECURITY_PREVIOUS_SESSION_KEY_FILE": "/s",
        ])
        try configuration.validate()
        #expect(configuration.gateway.tlsCertificateFile == "/c" && configuration.gateway.allowPlainHttp)
        #expect(configuration.amqp.tlsCaFile == "/ca" && configuration.postgres.tlsCaFile == "/pgca")
        #expect(configuration.security.previousSessionKeyFile == "/s")
    }
}
