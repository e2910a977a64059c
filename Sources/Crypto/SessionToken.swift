import Foundation
import Synchronization

/// What a session token says about its bearer. The gateway trusts these claims once the
/// signature and expiry check out; workers still look the session up to honour revocation.
public struct SessionClaims: Codable, Sendable, Equatable {
    public var sessionID: UUID
    public var accountID: UUID
    public var tenantID: UUID
    public var role: String
    public var expiresAt: Date

    public init(sessionID: UUID, accountID: UUID, tenantID: UUID, role: String, expiresAt: Date) {
        self.sessionID = sessionID
        self.accountID = accountID
        self.tenantID = tenantID
        self.role = role
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "sid", accountID = "uid", tenantID = "tid", role = "rol", expiresAt = "exp"
    }
}

/// Signs and verifies bearer tokens: `v1.<base64url(claims JSON)>.<base64url(HMAC-SHA256)>`.
/// The MAC covers everything before the last dot, so neither version nor claims can be altered.
///
/// The signing key rotates without logging anyone out: new tokens are signed with `key`, and
/// tokens signed with one of `previousKeys` still verify until they expire.
public struct SessionTokenSigner: Sendable {
    private let key: [UInt8]
    private let previousKeys: [[UInt8]]
    private let verified = VerifiedTokens()

    /// Every key must hold at least 32 bytes.
    public init(key: [UInt8], previousKeys: [[UInt8]] = []) throws {
        guard ([key] + previousKeys).allSatisfy({ $0.count >= 32 }) else {
            throw CryptoError(.invalidKey, "session signing key must be at least 32 bytes")
        }
        self.key = key
        self.previousKeys = previousKeys
    }

    public func sign(_ claims: SessionClaims) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let payload = "v1." + Base64URL.encode((try? encoder.encode(claims)) ?? Data())
        let mac = Digest.hmacSHA256(key: key, message: Array(payload.utf8))
        return payload + "." + Base64URL.encode(mac)
    }

    /// The claims of a well-formed, correctly signed, unexpired token.
    public func verify(_ token: String, now: Date = Date()) throws -> SessionClaims {
        let digest = Digest.sha256(Array(token.utf8))
        if let claims = verified.claims(ofDigest: digest) {
            guard claims.expiresAt > now else { throw CryptoError(.expiredToken, "token expired") }
            return claims
        }
        let claims = try verifySignatureAndClaims(token, now: now)
        verified.remember(digest, claims)
        return claims
    }

    private func verifySignatureAndClaims(_ token: String, now: Date) throws -> SessionClaims {
        guard token.utf8.count <= 1024 else { throw CryptoError(.invalidToken, "token too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1",
              let payloadBytes = Base64URL.decode(parts[1]),
              let mac = Base64URL.decode(parts[2])
        else { throw CryptoError(.invalidToken, "malformed token") }
        let signed = Array("v1.\(parts[1])".utf8)
        // Every key is tried, so the time taken does not tell which one matched.
        let matches = ([key] + previousKeys).map { Digest.constantTimeEquals(mac, Digest.hmacSHA256(key: $0, message: signed)) }
        guard matches.contains(true) else { throw CryptoError(.invalidToken, "bad signature") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let claims = try? decoder.decode(SessionClaims.self, from: Data(payloadBytes)) else {
            throw CryptoError(.invalidToken, "malformed claims")
        }
        guard claims.expiresAt > now else { throw CryptoError(.expiredToken, "token expired") }
        return claims
    }
}

/// Tokens this signer has verified, with their claims. A client sends the same token with every
/// request of its session, and the gateway and the storage worker each verify it every time:
/// the MAC and the claims' JSON are worked out once per token instead. Expiry is still checked
/// at every use.
///
/// Looked up by the token's SHA-256, not its text, so that the lookup's timing says nothing
/// about how much of a guessed token matches a real one. Bounded: when full it starts again
/// empty, which costs one verification per live token.
private final class VerifiedTokens: Sendable {
    private static let capacity = 10_000
    private let claimsByDigest = Mutex<[[UInt8]: SessionClaims]>([:])

    func claims(ofDigest digest: [UInt8]) -> SessionClaims? {
        claimsByDigest.withLock { $0[digest] }
    }

    func remember(_ digest: [UInt8], _ claims: SessionClaims) {
        claimsByDigest.withLock { claimsByDigest in
            if claimsByDigest.count >= Self.capacity { claimsByDigest.removeAll(keepingCapacity: true) }
            claimsByDigest[digest] = claims
        }
    }
}
