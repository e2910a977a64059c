/// `POST /auth/password-reset`: asks for a reset link by mail. Answered 202 whatever the address.
public struct PasswordResetRequest: Codable, Sendable {
    public var email: String

    public init(email: String) {
        self.email = email
    }

    /// Only the form is checked: whether an account has the address is never told.
    public func validate() -> APIError? {
        var check = FieldChecker()
        check.email(email, "email")
        return check.result()
    }
}

/// `POST /auth/password-reset/complete`: the token from the reset link and the new password.
public struct CompletePasswordResetRequest: Codable, Sendable {
    public var token: String
    public var password: String

    public init(token: String, password: String) {
        self.token = token
        self.password = password
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        check.tokenAndNewPassword(token: token, password: password, link: "reset")
        return check.result()
    }
}
