import Foundation
import HTTPServer
import MDMECore

/// The one place where API errors and worker replies become HTTP responses.
enum ErrorMapping {
    static func status(of code: ErrorCode) -> Int {
        switch code {
        case .validationFailed, .malformedJSON: 400
        case .unauthenticated, .invalidCredentials, .mfaRequired: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .tooManyRequests: 429
        case .unavailable: 503
        case .internalError: 500
        }
    }

    private struct ErrorBody: Encodable {
        let error: APIError
    }

    static func response(for error: APIError, headers: [HTTPHeader] = []) -> HTTPResponse {
        let body = (try? MDMEJSON.encode(ErrorBody(error: error))) ?? Array(#"{"error":{"code":"internal_error","message":"error"}}"#.utf8)
        var response = HTTPResponse.json(status: status(of: error.code), body)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func response(for reply: Reply) -> HTTPResponse {
        switch reply.outcome {
        case .error:
            return response(for: reply.error ?? APIError(.internalError, "The worker answered with an error but no details."))
        case .noContent:
            return HTTPResponse(status: 204)
        case .ok, .created, .accepted:
            let status = reply.outcome == .ok ? 200 : reply.outcome == .created ? 201 : 202
            return .json(status: status, reply.resultJSON ?? Array("null".utf8))
        }
    }

    /// A successful reply carrying a file (`BinaryReply`) as the file itself; anything else as
    /// `response(for:)` answers it.
    static func fileResponse(for reply: Reply) -> HTTPResponse {
        guard reply.outcome == .ok else { return response(for: reply) }
        guard let json = reply.resultJSON, let file = try? MDMEJSON.decode(BinaryReply.self, from: Data(json)),
              let bytes = file.bytes else {
            return response(for: APIError(.internalError, "The worker's file could not be read."))
        }
        return HTTPResponse(status: 200, headers: [
            HTTPHeader(name: "Content-Type", value: file.contentType),
            HTTPHeader(name: "Content-Disposition", value: "attachment; filename=\"\(file.filename)\""),
        ], body: bytes)
    }

    static let unavailable = APIError(.unavailable, "The service is temporarily unavailable; try again shortly.")
}
