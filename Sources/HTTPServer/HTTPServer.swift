internal import CMicroHTTPD
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP(S) server on libmicrohttpd's thread pool.
///
/// Each complete request goes to the ``HTTPRequestHandler``; while the handler has not
/// responded, the connection is suspended, so a slow answer holds no worker thread.
/// `start`, `stop` and `port` may be called from any thread; they are serialised by a lock.
///
/// `Sendable` without `@unchecked`: all mutable state, the daemon pointer included, lives in a
/// `Mutex`, and libmicrohttpd's daemon functions used here are safe to call from any thread.
public final class HTTPServer: Sendable {
    /// What a running daemon owns; everything is released by `stop`.
    private struct Running {
        let daemon: OpaquePointer
        let dispatcher: RequestDispatcher
        let port: Int
        /// TLS key and certificate copies, kept for the daemon's lifetime because MHD stores the pointers.
        let secrets: [UnsafeMutablePointer<CChar>]
    }

    private let configuration: HTTPServerConfiguration
    private let handler: any HTTPRequestHandler
    private let running = Mutex<Running?>(nil)

    /// Creates a stopped server.
    public init(configuration: HTTPServerConfiguration, handler: any HTTPRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit {
        stop()
    }

    /// The bound TCP port, valid after ``start()``; `0` while stopped.
    public var port: Int {
        running.withLock { $0?.port ?? 0 }
    }

    /// Binds and starts serving. Throws ``HTTPServerError`` for a bad configuration or when
    /// libmicrohttpd cannot start (port in use, unusable TLS material, …).
    public func start() throws(HTTPServerError) {
        let configuration = configuration
        let handler = handler
        try running.withLock { (running: inout Running?) throws(HTTPServerError) -> Void in
            guard running == nil else {
                throw HTTPServerError(code: .invalidConfiguration, message: "the server is already running")
            }
            try configuration.validate()
            running = try Self.startDaemon(configuration: configuration, handler: handler)
        }
    }

    /// Stops the server: stops accepting, answers requests still waiting for their handler with
    /// `503 shutting_down` (waiting up to `shutdownGraceSeconds` for those answers to go out),
    /// then closes every connection and joins libmicrohttpd's threads. A `respond` arriving
    /// afterwards is ignored. Does nothing when the server is not running.
    ///
    /// Must not be called from inside ``HTTPRequestHandler/handle(_:respond:)``: it joins the
    /// worker threads, one of which would be the caller. A handler that never returns from
    /// `handle` keeps `stop` waiting.
    public func stop() {
        let grace = Duration.milliseconds(Int64(configuration.shutdownGraceSeconds * 1_000))
        running.withLock { running in
            guard let current = running.take() else { return }
            let listenSocket = MHD_quiesce_daemon(current.daemon)
            // MHD_stop_daemon aborts the process while a connection is suspended, so every
            // suspended request is answered and resumed first.
            current.dispatcher.shutDown(grace: grace)
            MHD_stop_daemon(current.daemon)
            if listenSocket != MHD_INVALID_SOCKET {
                close(listenSocket)
            }
            for secret in current.secrets {
                explicit_bzero(secret, strlen(secret))
                free(secret)
            }
        }
    }

    private static func startDaemon(
        configuration: HTTPServerConfiguration,
        handler: any HTTPRequestHandler
    ) throws(HTTPServerError) -> Running {
        var address = try configuration.socketAddress()
        let dispatcher = RequestDispatcher(handler: handler, maxBodyBytes: configuration.maxBodyBytes,
                                           headersOnEveryResponse: configuration.headersOnEveryResponse)
        // Unretained: `Running` keeps the dispatcher alive until after MHD_stop_daemon.
        let cls = Unmanaged.passUnretained(dispatcher).toOpaque()
        let access: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, slot in
            guard let cls, let connection, let url, let method, let uploadDataSize, let slot else { return .NO }
            return Unmanaged<RequestDispatcher>.fromOpaque(cls).takeUnretainedValue().access(
                connection: connection,
                url: url,
                method: method,
                uploadData: uploadData,
                uploadDataSize: uploadDataSize,
                slot: slot
            )
        }
        let completed: MHD_RequestCompletedCallback = { cls, _, slot, _ in
            guard let cls, let slot else { return }
            Unmanaged<RequestDispatcher>.fromOpaque(cls).takeUnretainedValue().completed(slot: slot)
        }
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        let threads = UInt32(configuration.threadCount)
        let timeout = UInt32(configuration.connectionTimeoutSeconds)
        let limit = UInt32(configuration.connectionLimit)
        var secrets: [UnsafeMutablePointer<CChar>] = []

        errno = 0
        let daemon: OpaquePointer?
        if let tls = configuration.tls {
            flags |= MHD_USE_TLS.rawValue
            guard let key = strdup(tls.privateKeyPEM), let certificate = strdup(tls.certificatePEM) else {
                throw HTTPServerError(code: .startFailed, message: "out of memory copying the TLS material")
            }
            secrets = [key, certificate]
            daemon = withUnsafePointer(to: &address) { address in
                cmhd_start_tls_daemon(flags, access, cls, completed, cls, threads, timeout, limit, address, key, certificate, tls.priorities)
            }
        } else {
            daemon = withUnsafePointer(to: &address) { address in
                cmhd_start_daemon(flags, access, cls, completed, cls, threads, timeout, limit, address)
            }
        }
        guard let daemon else {
            let code = errno
            for secret in secrets {
                explicit_bzero(secret, strlen(secret))
                free(secret)
            }
            let scheme = configuration.tls == nil ? "HTTP" : "HTTPS"
            throw HTTPServerError.startFailed(
                "libmicrohttpd could not start \(scheme) on \(configuration.host):\(configuration.port)",
                errno: code
            )
        }
        return Running(daemon: daemon, dispatcher: dispatcher, port: Int(cmhd_bound_port(daemon)), secrets: secrets)
    }
}
