import Foundation

/// Time-based one-time passwords (RFC 6238 over HOTP, RFC 4226) with HMAC-SHA-1, as every
/// authenticator app implements them.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public let digits: Int
    public let stepSeconds: Int

    /// A 160-bit secret is what RFC 4226 recommends for HMAC-SHA-1.
    public static func generateSecret() -> [UInt8] { SecureRandom.bytes(20) }

    public init(secret: [UInt8], digits: Int = 6, stepSeconds: Int = 30) {
        precondition((6...8).contains(digits) && stepSeconds > 0)
        self.secret = secret
        self.digits = digits
        self.stepSeconds = stepSeconds
    }

    /// The time step `date` falls in.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down))
    }

    /// The code of one time step, zero-padded to `digits`.
    public func code(step: Int64) -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 { counter[7 - index] = UInt8(truncatingIfNeeded: step >> (8 * index)) }
        let mac = Digest.hmacSHA1(key: secret, message: counter)
        // Dynamic truncation (RFC 4226 section 5.3).
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step whose code `candidate` is, within `window` steps either side of `date`'s
    /// (clock drift and typing time), or nil. Every step is compared in constant time.
    public func matchingStep(_ candidate: String, at date: Date, window: Int = 1) -> Int64? {
        let given = Array(candidate.utf8)
        let now = step(at: date)
        var found: Int64?
        for delta in -Int64(window)...Int64(window) {
            if Digest.constantTimeEquals(Array(code(step: now + delta).utf8), given), found == nil {
                found = now + delta
            }
        }
        return found
    }

    /// The `otpauth://` URI authenticator apps read from a QR code.
    public func provisioningURI(issuer: String, account: String) -> String {
        var components = URLComponents()
        components.scheme = "otpauth"
        components.host = "totp"
        components.path = "/" + issuer + ":" + account
        components.queryItems = [
            URLQueryItem(name: "secret", value: Base32.encode(secret)),
            URLQueryItem(name: "issuer", value: issuer),
            URLQueryItem(name: "algorithm", value: "SHA1"),
            URLQueryItem(name: "digits", value: String(digits)),
            URLQueryItem(name: "period", value: String(stepSeconds)),
        ]
        return components.string ?? ""
    }
}
