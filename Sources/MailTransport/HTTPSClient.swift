internal import CCurl
import Foundation

/// JSON over HTTP(S) with libcurl, for the mail provider's API: one blocking POST on the
/// calling thread (a worker's consumer thread), bounded by a timeout.
public enum HTTPSClient {
    /// The connection failed or timed out: the request may not have arrived.
    public struct NetworkError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Posts `body` as `application/json`; returns the status and the response body.
    public static func postJSON(_ url: String, body: [UInt8], timeoutSeconds: Int) throws -> (status: Int, body: [UInt8]) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { throw NetworkError(description: "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        var headers = curl_slist_append(nil, "Content-Type: application/json")
        headers = curl_slist_append(headers, "Accept: application/json")
        defer { curl_slist_free_all(headers) }
        let response = ResponseBody()
        let context = Unmanaged.passRetained(response)
        defer { context.release() }
        var status = 0
        let result: CURLcode = body.withUnsafeBytes { bytes in
            var code = ccurl_setopt_string(handle, CURLOPT_URL, url)
            // Only the provider's scheme: a redirect to anything else is not followed.
            if code == CURLE_OK { code = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https") }
            if code == CURLE_OK { code = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers) }
            if code == CURLE_OK { code = ccurl_setopt_long(handle, CURLOPT_POST, 1) }
            if code == CURLE_OK { code = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)) }
            if code == CURLE_OK { code = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bytes.count) }
            if code == CURLE_OK { code = ccurl_setopt_write_function(handle, collectResponse) }
            if code == CURLE_OK { code = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()) }
            if code == CURLE_OK { code = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeoutSeconds) }
            if code == CURLE_OK { code = ccurl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds) }
            if code == CURLE_OK { code = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) }
            guard code == CURLE_OK else { return code }
            return curl_easy_perform(handle)
        }
        guard result == CURLE_OK else {
            throw NetworkError(description: "provider unreachable: \(String(cString: curl_easy_strerror(result)))")
        }
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, response.bytes)
    }
}

/// The response being received.
// @unchecked: written by one curl_easy_perform on the calling thread only.
private final class ResponseBody: @unchecked Sendable {
    var bytes: [UInt8] = []
}

private func collectResponse(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let response = Unmanaged<ResponseBody>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    // A provider answer is small; anything huge is not one.
    guard response.bytes.count + length <= 1 << 20 else { return 0 }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { response.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}
