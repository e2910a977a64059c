internal import CMicroHTTPD
#if canImport(Glibc)
import Glibc
#endif

extension HTTPServerConfiguration {
    /// Checks the ranges libmicrohttpd needs, failing fast with a clear message.
    func validate() throws(HTTPServerError) {
        func invalid(_ message: String) -> HTTPServerError {
            HTTPServerError(code: .invalidConfiguration, message: message)
        }
        guard (0...65_535).contains(port) else { throw invalid("port must be 0...65535, got \(port)") }
        guard (1...1_024).contains(threadCount) else { throw invalid("threadCount must be 1...1024, got \(threadCount)") }
        guard maxBodyBytes >= 0 else { throw invalid("maxBodyBytes must not be negative") }
        guard (0...Int(Int32.max)).contains(connectionTimeoutSeconds) else {
            throw invalid("connectionTimeoutSeconds must be 0...\(Int32.max), got \(connectionTimeoutSeconds)")
        }
        guard (1...Int(Int32.max)).contains(connectionLimit) else {
            throw invalid("connectionLimit must be 1...\(Int32.max), got \(connectionLimit)")
        }
        guard shutdownGraceSeconds.isFinite, shutdownGraceSeconds >= 0 else {
            throw invalid("shutdownGraceSeconds must be a finite, non-negative number")
        }
    }

    /// The IPv4 socket address to bind: `host` as a dotted quad (`localhost` meaning loopback) and `port`.
    func socketAddress() throws(HTTPServerError) -> sockaddr_in {
        let text = host == "localhost" ? "127.0.0.1" : host
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, text, &address.sin_addr) == 1 else {
            throw HTTPServerError(code: .invalidAddress, message: "host must be an IPv4 address or localhost, got \"\(host)\"")
        }
        return address
    }
}
