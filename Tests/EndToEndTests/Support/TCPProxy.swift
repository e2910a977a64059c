import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on loopback that can cut a process off from a server: while blocked it closes
/// every connection and refuses new ones, as an unreachable network would look to libpq.
final class TCPProxy: Sendable {
    let port: Int
    private let target: Int
    private let listener: Int32
    /// A proxied connection: both descriptors, closed by the second of its two pumps to finish.
    private final class Pair: Sendable {
        let client: Int32
        let server: Int32
        private let pumpsRunning = Mutex(2)

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func cut() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }

        /// Whether this was the last pump.
        func pumpFinished() -> Bool {
            pumpsRunning.withLock { running in
                running -= 1
                return running == 0
            }
        }
    }

    private let state = Mutex<(blocked: Bool, connections: [ObjectIdentifier: Pair], stopped: Bool)>((false, [:], false))

    init(to target: Int) throws {
        self.target = target
        port = TestEnvironment.freePort()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listener, 64) == 0 else { throw TestFailure("proxy cannot listen on \(port): errno \(errno)") }
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Cuts every connection and refuses new ones until ``unblock()``.
    func block() {
        let open = state.withLock { state in
            state.blocked = true
            return Array(state.connections.values)
        }
        open.forEach { $0.cut() }
    }

    func unblock() {
        state.withLock { $0.blocked = false }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        block()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            guard !state.withLock({ $0.blocked }) else {
                close(client)
                continue
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(target)
            let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            let pair = Pair(client: client, server: server)
            state.withLock { $0.connections[ObjectIdentifier(pair)] = pair }
            Thread.detachNewThread { [self] in pump(pair, from: client, to: server) }
            Thread.detachNewThread { [self] in pump(pair, from: server, to: client) }
        }
    }

    /// Copies bytes one way until either side closes, then closes both.
    private func pump(_ pair: Pair, from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer[sent..<count].withUnsafeBytes { send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { break }
                sent += written
            }
            guard sent == count else { break }
        }
        pair.cut()
        if pair.pumpFinished() {
            _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(pair)) }
            close(pair.client)
            close(pair.server)
        }
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
