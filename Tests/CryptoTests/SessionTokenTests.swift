import Crypto
import Foundation
import Testing

@Suite("Session tokens")
struct SessionTokenTests {
    static let key = (0..<32).map { UInt8($0) }
    static let otherKey = (0..<32).map { UInt8(255 - $0) }
    static let now = Date(timeIntervalSince1970: 1_801_387_800)
    static let claims = SessionClaims(
        sessionID: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!,
        accountID: UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!,
        tenantID: UUID(uuidString: "99999999-8888-7777-6666-555555555555")!,
        role: "therapist",
        expiresAt: now.addingTimeInterval(3600)
    )

    static func signer(_ key: [UInt8] = key) throws -> SessionTokenSigner {
        try SessionTokenSigner(key: key)
    }

    /// The code of the CryptoError verifying `token` throws.
    static func failure(_ token: String, signer: SessionTokenSigner? = nil, now: Date = now,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> CryptoError.Code? {
        let signer = try signer ?? Self.signer()
        let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) {
            _ = try signer.verify(token, now: now)
        }
        return error?.code
    }

    /// `token` with the character at `offset` of part `part` replaced by another valid one.
    static func tamper(_ token: String, part: Int, offset: Int) -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map { Array($0) }
        parts[part][offset] = parts[part][offset] == "A" ? "B" : "A"
        return parts.map { String($0) }.joined(separator: ".")
    }

    @Test func roundTrip() throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(token.hasPrefix("v1."))
        #expect(token.split(separator: ".").count == 3)
        #expect(try Self.signer().verify(token, now: Self.now) == Self.claims)
    }

    @Test func tokenIsURLSafe() throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
    }

    @Test func claimsUseShortKeysAndSecondsSinceEpoch() throws {
        let token = try Self.signer().sign(Self.claims)
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(Set(object.keys) == ["sid", "uid", "tid", "rol", "exp"])
        #expect((object["exp"] as? NSNumber)?.doubleValue == 1_801_391_400)
        #expect(object["rol"] as? String == "therapist")
    }

    @Test func signingIsDeterministic() throws {
        #expect(try Self.signer().sign(Self.claims) == Self.signer().sign(Self.claims))
    }

    @Test(arguments: [0, 5, 20, 40])
    func tamperedPayloadIsRejected(offset: Int) throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(try Self.failure(Self.tamper(token, part: 1, offset: offset)) == .invalidToken)
    }

    @Test func payloadWithOtherClaimsAndTheOldSignatureIsRejected() throws {
        let signer = try Self.signer()
        var elevated = Self.claims
        elevated.role = "tenant_admin"
        let original = signer.sign(Self.claims).split(separator: ".")
        let forged = signer.sign(elevated).split(separator: ".")
        #expect(try Self.failure("v1.\(forged[1]).\(original[2])") == .invalidToken)
    }

    @Test(arguments: [0, 10, 21, 41])
    func tamperedSignatureIsRejected(offset: Int) throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(try Self.failure(Self.tamper(token, part: 2, offset: offset)) == .invalidToken)
    }

    @Test func signatureWithOtherUnusedBitsIsRejected() throws {
        // 32 MAC bytes need 43 base64 characters; the last one carries 2 unused bits, which the
        // encoder writes as zero. A token with them set is not the token that was issued.
        let token = try Self.signer().sign(Self.claims)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let lastCharacter = try #require(token.last)
        let last = try #require(alphabet.firstIndex(of: lastCharacter))
        #expect(last % 4 == 0)
        for changed in 1...3 {
            let variant = String(token.dropLast()) + String(alphabet[last + changed])
            #expect(try Self.failure(variant) == .invalidToken)
        }
    }

    @Test func truncatedSignatureIsRejected() throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(try Self.failure(String(token.dropLast(2))) == .invalidToken)
        #expect(try Self.failure(String(token.dropLast(43))) == .invalidToken)
    }

    @Test func otherVersionIsRejected() throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(try Self.failure("v2" + token.dropFirst(2)) == .invalidToken)
        #expect(try Self.failure("V1" + token.dropFirst(2)) == .invalidToken)
    }

    @Test func tokenFromAnotherKeyIsRejected() throws {
        let token = try Self.signer(Self.otherKey).sign(Self.claims)
        #expect(try Self.failure(token) == .invalidToken)
    }

    @Test func expiredTokenIsRejected() throws {
        let token = try Self.signer().sign(Self.claims)
        #expect(try Self.failure(token, now: Self.claims.expiresAt) == .expiredToken)
        #expect(try Self.failure(token, now: Self.claims.expiresAt.addingTimeInterval(1)) == .expiredToken)
        #expect(try Self.signer().verify(token, now: Self.claims.expiresAt.addingTimeInterval(-1)) == Self.claims)
    }

    @Test func expiredAndTamperedIsReportedAsInvalid() throws {
        let token = try Self.signer().sign(Self.claims)
        let tampered = Self.tamper(token, part: 2, offset: 3)
        #expect(try Self.failure(tampered, now: Self.claims.expiresAt.addingTimeInterval(60)) == .invalidToken)
    }

    @Test(arguments: [
        "", ".", "..", "...", "garbage", "v1", "v1.", "v1..", "v1.abc", "v1.abc.def", "v1.!!!.???",
        "v1.eyJ9.AAAA", "Bearer v1.a.b", "v1.a.b.c", "v1.a", "a.b", "a.b.c.d",
    ])
    func garbageIsRejected(token: String) throws {
        #expect(try Self.failure(token) == .invalidToken)
    }

    @Test func tokenWithTwoOrFourPartsIsRejected() throws {
        let token = try Self.signer().sign(Self.claims)
        let parts = token.split(separator: ".")
        #expect(try Self.failure("\(parts[0]).\(parts[1])") == .invalidToken)
        #expect(try Self.failure("\(parts[1]).\(parts[2])") == .invalidToken)
        #expect(try Self.failure(token + "." + parts[2]) == .invalidToken)
        #expect(try Self.failure(token + ".") == .invalidToken)
    }

    @Test func correctlySignedButMalformedClaimsAreRejected() throws {
        let payload = "v1." + Base64URL.encode(Array(#"{"sid":"not-a-uuid"}"#.utf8))
        let mac = Digest.hmacSHA256(key: Self.key, message: Array(payload.utf8))
        #expect(try Self.failure(payload + "." + Base64URL.encode(mac)) == .invalidToken)
    }

    @Test func overlongTokenIsRejected() throws {
        #expect(try Self.failure("v1." + String(repeating: "A", count: 2000) + ".AAAA") == .invalidToken)
    }

    @Test(arguments: [0, 1, 16, 31])
    func shortKeyIsRejected(length: Int) {
        let error = #expect(throws: CryptoError.self) {
            _ = try SessionTokenSigner(key: [UInt8](repeating: 7, count: length))
        }
        #expect(error?.code == .invalidKey)
    }

    @Test(arguments: [32, 64])
    func longEnoughKeyIsAccepted(length: Int) throws {
        let signer = try SessionTokenSigner(key: [UInt8](repeating: 7, count: length))
        #expect(try signer.verify(signer.sign(Self.claims), now: Self.now) == Self.claims)
    }

    @Test func fractionalExpiryRoundTrips() throws {
        var claims = Self.claims
        claims.expiresAt = Date(timeIntervalSince1970: 1_801_391_400.5)
        let signer = try Self.signer()
        #expect(try signer.verify(signer.sign(claims), now: Self.now) == claims)
    }

    @Test func errorDescription() {
        #expect(CryptoError(.expiredToken, "token expired").description == "expiredToken: token expired")
    }
}

@Suite("Session tokens verified before")
struct VerifiedTokenTests {
    @Test func aTokenVerifiedBeforeStillExpiresAndATamperedCopyStillFails() throws {
        let signer = try SessionTokenSigner.init(key: SessionTokenTests.key)
        let token = signer.sign(SessionTokenTests.claims)
        let now = SessionTokenTests.now
        #expect(try signer.verify(token, now: now) == SessionTokenTests.claims)
        #expect(try signer.verify(token, now: now) == SessionTokenTests.claims)
        #expect(try SessionTokenTests.failure(token, signer: signer, now: SessionTokenTests.claims.expiresAt) == .expiredToken)
        for part in 1...2 {
            #expect(try SessionTokenTests.failure(SessionTokenTests.tamper(token, part: part, offset: 3), signer: signer) == .invalidToken)
        }
        // Another signer (another key) has verified nothing.
        #expect(try SessionTokenTests.failure(token, signer: try SessionTokenSigner(key: SessionTokenTests.otherKey)) == .invalidToken)
    }

    @Test func aFullCacheStartsAgainAndKeepsVerifying() throws {
        let signer = try SessionTokenSigner(key: SessionTokenTests.key)
        var claims = SessionTokenTests.claims
        let tokens = (0..<10_050).map { index -> String in
            claims.sessionID = UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", index))!
            return signer.sign(claims)
        }
        for (index, token) in tokens.enumerated() {
            #expect(try signer.verify(token, now: SessionTokenTests.now).sessionID.uuidString.hasSuffix(String(format: "%012d", index)))
        }
        #expect(try signer.verify(tokens[0], now: SessionTokenTests.now).sessionID == UUID(uuidString: "00000000-0000-0000-0000-000000000000"))
    }
}
