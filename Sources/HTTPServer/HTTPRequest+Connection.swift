internal import CMicroHTTPD
#if canImport(Glibc)
import Glibc
#endif

extension HTTPRequest {
    /// Reads method, path, query, headers and peer address of the request on `connection`.
    init(connection: OpaquePointer, method: UnsafePointer<CChar>, url: UnsafePointer<CChar>, body: [UInt8]) {
        var headers: [String: String] = [:]
        for (name, value) in Self.values(of: .HEADER_KIND, on: connection) {
            let key = name.lowercased()
            if let existing = headers[key] {
                headers[key] = existing + ", " + value
            } else {
                headers[key] = value
            }
        }
        var query: [String: String] = [:]
        for (name, value) in Self.values(of: .GET_ARGUMENT_KIND, on: connection) where query[name] == nil {
            query[name] = value
        }
        self.method = String(cString: method)
        self.path = String(cString: url)
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = Self.remoteAddress(of: connection)
    }

    private static func values(of kind: MHD_ValueKind, on connection: OpaquePointer) -> [(String, String)] {
        var fields: [(String, String)] = []
        withUnsafeMutablePointer(to: &fields) { fields in
            _ = MHD_get_connection_values_n(connection, kind, { cls, _, key, keySize, value, valueSize in
                guard let cls, let key else { return .YES }
                let name = String(decoding: UnsafeRawBufferPointer(start: key, count: keySize), as: UTF8.self)
                let text = value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: valueSize), as: UTF8.self) } ?? ""
                cls.assumingMemoryBound(to: [(String, String)].self).pointee.append((name, text))
                return .YES
            }, fields)
        }
        return fields
    }

    private static func remoteAddress(of connection: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let found = buffer.withUnsafeMutableBufferPointer { buffer in
            cmhd_client_address(connection, buffer.baseAddress, socklen_t(buffer.count))
        }
        guard found == 1 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
