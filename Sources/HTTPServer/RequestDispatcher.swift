internal import CMicroHTTPD
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The target of libmicrohttpd's callbacks for one running daemon: collects each request,
/// hands it to the handler and tracks requests in flight so that shutdown can answer them.
///
/// One instance lives exactly as long as its daemon; MHD holds it unretained as callback `cls`.
final class RequestDispatcher: Sendable {
    private struct Registry {
        var stopping = false
        var inFlight: [ObjectIdentifier: RequestContext] = [:]
    }

    private let handler: any HTTPRequestHandler
    private let maxBodyBytes: Int
    private let registry = Mutex(Registry())

    private let headersOnEveryResponse: [HTTPHeader]

    init(handler: any HTTPRequestHandler, maxBodyBytes: Int, headersOnEveryResponse: [HTTPHeader] = []) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
        self.headersOnEveryResponse = headersOnEveryResponse
    }

    /// Queues `response` with the configured headers it does not set itself (the server's own
    /// answers, like 413, get them too).
    private func send(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        var response = response
        let present = Set(response.headers.map { $0.name.lowercased() })
        response.headers.append(contentsOf: headersOnEveryResponse.filter { !present.contains($0.name.lowercased()) })
        return response.queue(on: connection)
    }

    /// The access handler: called once with the headers, once per body chunk, and once at the end
    /// (and again after a resume).
    func access(
        connection: OpaquePointer,
        url: UnsafePointer<CChar>,
        method: UnsafePointer<CChar>,
        uploadData: UnsafePointer<CChar>?,
        uploadDataSize: UnsafeMutablePointer<Int>,
        slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> MHD_Result {
        guard let raw = slot.pointee else {
            return begin(connection: connection, slot: slot)
        }
        let context = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
        if uploadDataSize.pointee > 0 {
            context.appendBody(UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee), limit: maxBodyBytes)
            // MHD cannot take a response while delivering upload data, so an oversized body is
            // consumed and discarded here and rejected on the final call.
            uploadDataSize.pointee = 0
            return .YES
        }
        switch context.nextStep() {
        case .rejectTooLarge:
            return send(Self.payloadTooLarge(limit: maxBodyBytes), on: connection)
        case .queue(let response):
            return send(response, on: connection)
        case .dispatch(let body):
            let request = HTTPRequest(connection: connection, method: method, url: url, body: body)
            return dispatch(request, context: context, connection: connection)
        case .wait:
            return .YES
        }
    }

    /// The completed callback: drops MHD's retain of the request's context.
    func completed(slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>) {
        guard let raw = slot.pointee else { return }
        slot.pointee = nil
        let context = Unmanaged<RequestContext>.fromOpaque(raw).takeRetainedValue()
        context.close()
        registry.withLock { _ = $0.inFlight.removeValue(forKey: ObjectIdentifier(context)) }
    }

    /// Answers every request in flight with 503, refuses new ones, and waits up to `grace` for
    /// the answers to go out. Returns only once no connection is left suspended, because
    /// `MHD_stop_daemon` aborts the process if one is.
    func shutDown(grace: Duration) {
        let inFlight = registry.withLock { registry in
            registry.stopping = true
            return Array(registry.inFlight.values)
        }
        for context in inFlight {
            context.respond(Self.shuttingDown)
        }
        let deadline = ContinuousClock.now + grace
        while true {
            let (drained, resumePending) = registry.withLock { registry in
                (registry.inFlight.isEmpty, registry.inFlight.values.contains { $0.isResumePending })
            }
            if drained || (!resumePending && ContinuousClock.now >= deadline) {
                return
            }
            usleep(5_000)
        }
    }

    private func begin(connection: OpaquePointer, slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> MHD_Result {
        let context = RequestContext(connection: ConnectionHandle(pointer: connection))
        slot.pointee = Unmanaged.passRetained(context).toOpaque()
        guard let declared = Self.declaredContentLength(connection) else {
            return .YES
        }
        guard declared <= UInt64(maxBodyBytes) else {
            // Answering before the body is read makes MHD skip the upload and close afterwards.
            context.markAnswered()
            return send(Self.payloadTooLarge(limit: maxBodyBytes), on: connection)
        }
        context.reserveBody(Int(declared))
        return .YES
    }

    private func dispatch(_ request: HTTPRequest, context: RequestContext, connection: OpaquePointer) -> MHD_Result {
        let admitted = registry.withLock { registry in
            guard !registry.stopping else { return false }
            registry.inFlight[ObjectIdentifier(context)] = context
            return true
        }
        if admitted {
            handler.handle(request) { response in
                context.respond(response)
            }
        } else {
            context.respond(Self.shuttingDown)
        }
        switch context.afterHandle() {
        case .queue(let response):
            return send(response, on: connection)
        case .suspend:
            MHD_suspend_connection(connection)
            if context.didSuspend() {
                MHD_resume_connection(connection)
                context.didResume()
            }
            return .YES
        }
    }

    private static func declaredContentLength(_ connection: OpaquePointer) -> UInt64? {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else {
            return nil
        }
        return UInt64(String(cString: value))
    }

    private static func payloadTooLarge(limit: Int) -> HTTPResponse {
        .error(status: 413, code: "payload_too_large", message: "The request body exceeds the limit of \(limit) bytes.")
    }

    private static let shuttingDown = HTTPResponse.error(
        status: 503,
        code: "shutting_down",
        message: "The server is shutting down."
    )
}
