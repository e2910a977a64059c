/// `POST /auth/mfa/activate`: the first code from the authenticator app proves the secret arrived.
public struct ActivateMFARequest: Codable, Sendable {
    public var totp: String

    public init(totp: String) {
        self.totp = totp
    }

    public func validate() -> APIError? {
        var check = FieldChecker()
        check.require(totp.count == 6 && totp.allSatisfy { $0.isASCII && $0.isNumber }, "totp", "must be the 6-digit code from the authenticator app")
        return check.result()
    }
}
