import Foundation
import HTTPServer
import MDMERuntime

extension MDMEConfiguration.Gateway {
    /// The certificate and key to serve HTTPS with, or `nil` for plain HTTP.
    ///
    /// Plain HTTP carries passwords and session tokens in clear text, so it is refused on any
    /// address but loopback unless `allow_plain_http` says a TLS-terminating proxy sits in front.
    func transportSecurity() throws -> HTTPServerTLS? {
        guard !tlsCertificateFile.isEmpty else {
            guard isLoopback || allowPlainHttp else {
                throw ConfigurationError("""
                    gateway.host \(host) is not a loopback address and would serve plain HTTP: set \
                    gateway.tls_certificate_file and gateway.tls_key_file, or gateway.allow_plain_http \
                    when a TLS-terminating proxy is in front
                    """)
            }
            return nil
        }
        return HTTPServerTLS(certificatePEM: try Self.read(tlsCertificateFile, "gateway.tls_certificate_file"),
                             privateKeyPEM: try Self.read(tlsKeyFile, "gateway.tls_key_file"))
    }

    private var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.")
    }

    private static func read(_ path: String, _ setting: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              text.contains("-----BEGIN ")
        else { throw ConfigurationError("\(setting): cannot read a PEM file at \(path)") }
        return text
    }
}
