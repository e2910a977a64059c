internal import CCurl
import Foundation

/// Sends one message through an SMTP relay with libcurl: `smtp://` with STARTTLS (tried or
/// required) or `smtps://`, optional login. One easy handle per send, so any thread may call.
public enum SMTPClient {
    /// `message` is the whole RFC 5322 message with CRLF line ends.
    public static func send(_ message: String, from: String, to: String, settings: SMTPSettings) throws {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { throw SMTPError(.transient, "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        let scheme = settings.tlsMode == .tls ? "smtps" : "smtp"
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        // The EHLO name: libcurl sends the URL's path, so give it one that names us.
        let url = "\(scheme)://\(host):\(settings.port)/mdme.localhost"
        let recipients = curl_slist_append(nil, "<\(to)>")
        defer { curl_slist_free_all(recipients) }
        let body = MessageBody(Array(message.utf8))
        let context = Unmanaged.passRetained(body)
        defer { context.release() }

        try check(ccurl_setopt_string(handle, CURLOPT_URL, url), "url")
        try check(ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>"), "mail from")
        try check(ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients), "recipients")
        let useSSL: Int = switch settings.tlsMode {
        case .starttls: Int(CURLUSESSL_TRY.rawValue)
        case .starttlsRequired, .tls: Int(CURLUSESSL_ALL.rawValue)
        }
        try check(ccurl_setopt_long(handle, CURLOPT_USE_SSL, useSSL), "use ssl")
        if let caFile = settings.caFile {
            try check(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile), "ca file")
        }
        if let username = settings.username {
            try check(ccurl_setopt_string(handle, CURLOPT_USERNAME, username), "username")
            try check(ccurl_setopt_string(handle, CURLOPT_PASSWORD, settings.password ?? ""), "password")
        }
        try check(ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1), "upload")
        try check(ccurl_setopt_long(handle, CURLOPT_INFILESIZE, body.bytes.count), "size")
        try check(ccurl_setopt_read_function(handle, readMessage), "read function")
        try check(ccurl_setopt_pointer(handle, CURLOPT_READDATA, context.toOpaque()), "read data")
        try check(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, settings.timeoutSeconds), "connect timeout")
        try check(ccurl_setopt_long(handle, CURLOPT_TIMEOUT, settings.timeoutSeconds * 2), "timeout")
        try check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "nosignal")

        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            var response = 0
            _ = withUnsafeMutablePointer(to: &response) { ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, $0) }
            let text = String(cString: curl_easy_strerror(result))
            // A 5xx from the server is its final word; everything else (4xx, network, TLS) may pass.
            throw SMTPError(response >= 500 ? .permanent : .transient, "\(text) (server said \(response))")
        }
    }

    private static func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw SMTPError(.permanent, "curl option \(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// The message being uploaded and how far libcurl has read it.
// @unchecked: used by one curl_easy_perform on the calling thread only.
private final class MessageBody: @unchecked Sendable {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

private func readMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let body = Unmanaged<MessageBody>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, body.bytes.count - body.offset)
    guard length > 0 else { return 0 }
    body.bytes.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + body.offset, byteCount: length)
    }
    body.offset += length
    return length
}

/// `curl_global_init` once per process, before any handle (it is not thread-safe itself).
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
