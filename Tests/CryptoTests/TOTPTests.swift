import Crypto
import Foundation
import Testing

@Suite("TOTP (RFC 6238) and Base32 (RFC 4648)")
struct TOTPTests {
    /// RFC 6238 appendix B: the SHA-1 rows, secret "12345678901234567890", 8 digits.
    @Test(arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ] as [(Int, String)])
    func rfc6238Vectors(time: Int, expected: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8), digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
    }

    @Test func sixDigitsAreTheLastSixOfTheRFCValue() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
    }

    @Test func acceptsOneStepEitherSideAndNoMore() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.step(at: now)
        for delta in [-1, 0, 1] as [Int64] {
            #expect(totp.matchingStep(totp.code(step: step + delta), at: now) == step + delta)
        }
        for delta in [-2, 2] as [Int64] {
            #expect(totp.matchingStep(totp.code(step: step + delta), at: now) == nil)
        }
        #expect(totp.matchingStep("12345", at: now) == nil)
    }

    /// RFC 4648 section 10.
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func base32Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        let padded = encoded + String(repeating: "=", count: (8 - encoded.count % 8) % 8)
        #expect(Base32.decode(padded.lowercased()) == Array(plain.utf8))
    }

    @Test func base32RefusesOtherCharacters() {
        #expect(Base32.decode("MZ1W") == nil)
    }

    @Test func provisioningURINamesTheSecret() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(issuer: "MDME", account: "therapist@example.org")
        #expect(uri.hasPrefix("otpauth://totp/MDME:therapist@example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=MDME"))
    }
}
