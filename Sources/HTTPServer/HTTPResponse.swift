import Foundation

/// An HTTP response: status, headers and a fully buffered body.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. `200`.
    public var status: Int
    /// The header fields, in order. libmicrohttpd adds `Content-Length` and `Date` itself.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is JSON, with `Content-Type: application/json; charset=utf-8`.
    public static func json(status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: [HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8")],
            body: body
        )
    }

    /// The project's JSON error shape: `{"error":{"code":…,"message":…}}`.
    public static func error(status: Int, code: String, message: String) -> HTTPResponse {
        json(status: status, ErrorDocument(code: code, message: message).encoded())
    }
}

/// The wire form of ``HTTPResponse/error(status:code:message:)``.
private struct ErrorDocument: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }

    var error: Detail

    init(code: String, message: String) {
        error = Detail(code: code, message: message)
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding two strings cannot fail; the fallback only keeps the signature non-throwing.
        guard let data = try? encoder.encode(self) else {
            return Array(#"{"error":{"code":"internal_error","message":"error encoding failed"}}"#.utf8)
        }
        return Array(data)
    }
}
