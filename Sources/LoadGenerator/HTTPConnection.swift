import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 keep-alive connection to the gateway on loopback, for setting up a run;
/// its parts also serve `LoadPhase`'s connections. The load generator must cost the machine
/// as little as possible, so no URLSession and no connection set-up per request.
final class HTTPConnection {
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let port: UInt16
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []

    init(port: UInt16) {
        self.port = port
    }

    deinit { disconnect() }

    /// Sends one request and reads its response; reconnects once when the server had closed
    /// an idle connection.
    func send(_ method: String, _ path: String, body: [UInt8]? = nil, token: String? = nil) throws -> Response {
        let request = Self.request(method, path, port: port, body: body, token: token)
        if socket < 0 { try connect() }
        do {
            try Self.write(request, to: socket)
            return try readResponse()
        } catch {
            disconnect()
            try connect()
            try Self.write(request, to: socket)
            return try readResponse()
        }
    }

    /// The bytes of one request, sent as they are on every repetition.
    static func request(_ method: String, _ path: String, port: UInt16, body: [UInt8]? = nil, token: String? = nil) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + (body ?? [])
    }

    private func connect() throws {
        socket = try Self.connectedSocket(port: port)
        buffer.removeAll(keepingCapacity: true)
    }

    /// A blocking TCP socket connected to the gateway on loopback, with Nagle off.
    static func connectedSocket(port: UInt16) throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return fd
    }

    private func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
    }

    static func write(_ bytes: [UInt8], to socket: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += count
        }
    }

    /// Reads what `socket` has onto the end of `buffer`, with no intermediate array.
    static func fill(_ buffer: inout [UInt8], from socket: Int32) throws {
        let chunk = 16_384
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + start, chunk, 0) }
        buffer.removeLast(chunk - max(count, 0))
        guard count > 0 else { throw Failure(description: "connection closed") }
    }

    private func readResponse() throws -> Response {
        while true {
            if let response = try Self.takeResponse(from: &buffer) { return response }
            try Self.fill(&buffer, from: socket)
        }
    }

    /// The next whole response at the front of `buffer`, removed from it; nil while only part
    /// of it has arrived. The load generator shares the machine with the system it measures,
    /// so this scans bytes: Foundation's `firstRange(of:)` and string splitting cost it more
    /// CPU than the rest of a request together.
    static func takeResponse(from buffer: inout [UInt8]) throws -> Response? {
        guard let headEnd = endOfHead(in: buffer) else { return nil }
        let head = buffer[..<headEnd]
        // "HTTP/1.1 201 Created": the three digits after the first space.
        guard let space = head.firstIndex(of: UInt8(ascii: " ")), space + 3 < head.endIndex,
              let status = number(in: head[(space + 1)..<(space + 4)]) else {
            throw Failure(description: "malformed status line")
        }
        let length = contentLength(in: head) ?? 0
        let bodyStart = headEnd + 4
        guard buffer.count >= bodyStart + length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return Response(status: status, body: body)
    }

    /// Where the blank line that ends the head (CR LF CR LF) starts.
    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// The value of the `Content-Length` header, matched without regard to case.
    private static func contentLength(in head: ArraySlice<UInt8>) -> Int? {
        let name = Array("\r\ncontent-length:".utf8)
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            var matches = true
            for offset in 0..<name.count where lowercased(head[index + offset]) != name[offset] {
                matches = false
                break
            }
            if matches {
                var valueStart = index + name.count
                while valueStart < head.endIndex, head[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
                var valueEnd = valueStart
                while valueEnd < head.endIndex, head[valueEnd] != 13, head[valueEnd] != UInt8(ascii: " ") { valueEnd += 1 }
                return number(in: head[valueStart..<valueEnd])
            }
            index += 1
        }
        return nil
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    /// Decimal digits as a number; nil when empty or anything else is there.
    private static func number(in digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
