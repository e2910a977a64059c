/// `POST /auth/login`.
public struct LoginRequest: Codable, Sendable {
    public var email: String
    public var password: String
    public var totp: String?

    public init(email: String, password: String, totp: String? = nil) {
        self.email = email
        self.password = password
        self.totp = totp
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        check.require(!email.isEmpty && email.count <= 254, "email", "must be an email address")
        check.require(!password.isEmpty && password.utf8.count <= PasswordPolicy.maximumBytes, "password", "must not be empty")
        if let totp { check.require(!totp.isEmpty && totp.count <= 32, "totp", "must be a 6-digit code or a recovery code") }
        return check.result()
    }
}

/// `POST /auth/invitations/accept`.
public struct AcceptInvitationRequest: Codable, Sendable {
    public var token: String
    public var password: String

    public init(token: String, password: String) {
        self.token = token
        self.password = password
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        check.tokenAndNewPassword(token: token, password: password, link: "invitation")
        return check.result()
    }
}

extension FieldChecker {
    /// A single-use token from a link, and the new password it lets the holder set.
    mutating func tokenAndNewPassword(token: String, password: String, link: String) {
        require(!token.isEmpty && token.count <= 200, "token", "must be the token from the \(link) link")
        if let problem = PasswordPolicy.problem(with: password) {
            require(false, "password", problem)
        }
    }
}

/// What a new password must satisfy.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// argon2 hashes any length, but an upper bound keeps a request from buying CPU time.
    public static let maximumBytes = 1024

    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes" }
        if password.allSatisfy({ $0 == password.first }) { return "must not repeat one character" }
        return nil
    }
}
