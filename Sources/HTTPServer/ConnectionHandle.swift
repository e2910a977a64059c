internal import CMicroHTTPD

/// A libmicrohttpd connection pointer that may cross to the thread calling `respond`.
///
/// `@unchecked Sendable`: the only cross-thread use is `MHD_resume_connection`, which MHD
/// allows from any thread, and ``RequestContext`` calls it only while the connection is
/// suspended, i.e. still alive.
struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
