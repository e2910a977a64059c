/// The error codes of API.md. Workers answer with these; the gateway maps them to HTTP statuses.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case validationFailed = "validation_failed"
    case malformedJSON = "malformed_json"
    case unauthenticated
    case invalidCredentials = "invalid_credentials"
    case mfaRequired = "mfa_required"
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case conflict
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case tooManyRequests = "too_many_requests"
    case unavailable
    case internalError = "internal_error"
}

/// One problem with one field of a request (`{"field": "birth_date", "problem": "…"}`).
public struct FieldProblem: Codable, Sendable, Equatable {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}

/// An error answer: what API.md puts under `"error"`.
public struct APIError: Error, Codable, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var details: [FieldProblem]?

    public init(_ code: ErrorCode, _ message: String, details: [FieldProblem]? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    public static func validation(_ problems: [FieldProblem]) -> APIError {
        APIError(.validationFailed, "The request has invalid fields.", details: problems)
    }

    public static let notFound = APIError(.notFound, "No such resource.")
    public static let forbidden = APIError(.forbidden, "You may not do this.")
    public static let unauthenticated = APIError(.unauthenticated, "Log in first; the token is missing, invalid or expired.")
}
