internal import CMicroHTTPD
import Synchronization

/// The state of one HTTP request between libmicrohttpd's callbacks and the handler's `respond`.
///
/// libmicrohttpd keeps one retain of it in `*con_cls` (released by the completed callback);
/// the `respond` closure keeps another, so a late `respond` always finds a live object. All
/// state is behind one lock because `respond` may run on any thread, racing the worker thread
/// that is returning from `handle` or suspending the connection.
final class RequestContext: Sendable {
    enum Phase {
        /// Headers and body are arriving.
        case receiving
        /// The handler is running on the worker thread.
        case handling
        /// The handler returned without a response; the worker thread is suspending.
        case suspending
        /// Suspended; `respond` must resume the connection.
        case suspended
        /// A thread has taken on the `MHD_resume_connection` call and is making it.
        case resuming
        /// Resumed; libmicrohttpd will call the access handler again to queue the response.
        case resumed
        /// A response is queued.
        case answered
        /// libmicrohttpd finished with the request (the completed callback ran).
        case closed
    }

    /// What the worker thread does on the access handler's final call for a request.
    enum Step {
        case rejectTooLarge
        case dispatch(body: [UInt8])
        case queue(HTTPResponse)
        case wait
    }

    /// What the worker thread does once `handle` has returned.
    enum AfterHandle {
        case queue(HTTPResponse)
        case suspend
    }

    private struct State {
        var phase = Phase.receiving
        var body: [UInt8] = []
        var bodyTooLarge = false
        var response: HTTPResponse?
    }

    let connection: ConnectionHandle
    private let state = Mutex(State())

    init(connection: ConnectionHandle) {
        self.connection = connection
    }

    /// Reserves room for a body whose length was declared (and is within the limit).
    func reserveBody(_ count: Int) {
        state.withLock { $0.body.reserveCapacity(count) }
    }

    /// Adds uploaded bytes; past `limit` drops everything buffered so far and the rest.
    func appendBody(_ bytes: UnsafeRawBufferPointer, limit: Int) {
        state.withLock { state in
            guard !state.bodyTooLarge else { return }
            guard state.body.count + bytes.count <= limit else {
                state.bodyTooLarge = true
                state.body = []
                return
            }
            state.body.append(contentsOf: bytes)
        }
    }

    /// Marks a request answered on its first call, before any body was read.
    func markAnswered() {
        state.withLock { $0.phase = .answered }
    }

    /// Decides the access handler's final call: reject, dispatch, queue a stored response, or nothing.
    func nextStep() -> Step {
        state.withLock { state in
            if state.bodyTooLarge {
                state.phase = .answered
                return .rejectTooLarge
            }
            if let response = state.response {
                guard state.phase != .answered, state.phase != .closed else { return .wait }
                state.phase = .answered
                return .queue(response)
            }
            guard state.phase == .receiving else { return .wait }
            state.phase = .handling
            let body = state.body
            state.body = []
            return .dispatch(body: body)
        }
    }

    /// Called by the worker thread when `handle` returned.
    func afterHandle() -> AfterHandle {
        state.withLock { state in
            if let response = state.response {
                state.phase = .answered
                return .queue(response)
            }
            state.phase = .suspending
            return .suspend
        }
    }

    /// Called by the worker thread right after `MHD_suspend_connection`.
    /// Returns `true` when a response arrived meanwhile and the caller must resume now.
    func didSuspend() -> Bool {
        state.withLock { state in
            if state.response != nil {
                state.phase = .resuming
                return true
            }
            state.phase = .suspended
            return false
        }
    }

    /// Called after `MHD_resume_connection` returned.
    func didResume() {
        state.withLock { state in
            if state.phase == .resuming {
                state.phase = .resumed
            }
        }
    }

    /// The handler's `respond`: the first response wins; one for a closed request is dropped.
    func respond(_ response: HTTPResponse) {
        let mustResume = state.withLock { state -> Bool in
            guard state.response == nil, state.phase != .answered, state.phase != .closed else {
                return false
            }
            state.response = response
            // In every other phase the worker thread picks the response up itself.
            guard state.phase == .suspended else { return false }
            state.phase = .resuming
            return true
        }
        guard mustResume else { return }
        MHD_resume_connection(connection.pointer)
        didResume()
    }

    /// Called from the completed callback: the connection pointer is dead from now on.
    func close() {
        state.withLock { $0.phase = .closed }
    }

    /// Whether the connection is, or is about to be, suspended without its resume call made.
    /// `MHD_stop_daemon` must not run while this holds for any request.
    var isResumePending: Bool {
        state.withLock { state in
            switch state.phase {
            case .suspending, .suspended, .resuming:
                true
            case .receiving, .handling, .resumed, .answered, .closed:
                false
            }
        }
    }
}
