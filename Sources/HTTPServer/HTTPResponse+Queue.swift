internal import CMicroHTTPD

extension HTTPResponse {
    /// Header names libmicrohttpd sets itself and refuses from the application.
    private static let headersSetByLibrary: Set<String> = ["content-length", "transfer-encoding"]

    /// Hands the response to libmicrohttpd for `connection`; a response MHD refuses
    /// (bad status or header) is replaced by a 500 so the client still gets an answer.
    func queue(on connection: OpaquePointer) -> MHD_Result {
        if let response = makeMHDResponse() {
            defer { MHD_destroy_response(response) }
            return MHD_queue_response(connection, UInt32(status), response)
        }
        guard let fallback = Self.internalError.makeMHDResponse() else { return .NO }
        defer { MHD_destroy_response(fallback) }
        return MHD_queue_response(connection, 500, fallback)
    }

    private func makeMHDResponse() -> OpaquePointer? {
        guard (100...999).contains(status) else { return nil }
        let created = body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let response = created else { return nil }
        for header in headers where !Self.headersSetByLibrary.contains(header.name.lowercased()) {
            guard MHD_add_response_header(response, header.name, header.value) == .YES else {
                MHD_destroy_response(response)
                return nil
            }
        }
        return response
    }

    private static let internalError = HTTPResponse.error(
        status: 500,
        code: "internal_error",
        message: "The response could not be sent."
    )
}
