import Foundation

/// How the tenant's relay is encrypted (mail mode `smtp`).
public enum SMTPTLSMode: String, Codable, Sendable, CaseIterable {
    /// STARTTLS when the relay offers it.
    case starttls
    /// STARTTLS or no mail.
    case starttlsRequired = "starttls_required"
    /// TLS from the first byte (`smtps`, usually port 465).
    case tls
}

/// The `smtp` object of `PATCH /tenant`: the tenant's own relay. The password is write-only:
/// absent keeps the stored one, `null` removes it; `GET /tenant` only says whether one is set.
public struct SMTPRelaySettings: Codable, Sendable {
    public var host: String
    public var port: Int
    public var tls: SMTPTLSMode
    public var username: String?
    /// nil: unchanged; `.some(nil)`: remove.
    public var password: String??

    public init(host: String, port: Int, tls: SMTPTLSMode, username: String? = nil, password: String?? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
    }

    enum CodingKeys: String, CodingKey {
        case host, port, tls, username, password
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decode(Int.self, forKey: .port)
        tls = try container.decode(SMTPTLSMode.self, forKey: .tls)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        // Present-but-null is a removal, which decodeIfPresent cannot tell from absent.
        password = container.contains(.password) ? .some(try container.decodeNil(forKey: .password) ? nil : try container.decode(String.self, forKey: .password)) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
        try container.encode(tls, forKey: .tls)
        try container.encodeIfPresent(username, forKey: .username)
        if let password {
            if let value = password { try container.encode(value, forKey: .password) } else { try container.encodeNil(forKey: .password) }
        }
    }

    func check(_ check: inout FieldChecker) {
        let hostAllowed = host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:".unicodeScalars.contains($0)) }
        check.require(!host.isEmpty && host.count <= 253 && hostAllowed, "smtp.host", "must be a host name or IP address")
        check.require((1...65535).contains(port), "smtp.port", "must be 1…65535")
        if let username {
            check.require(!username.isEmpty && username.count <= 200 && !username.contains(where: \.isNewline), "smtp.username", "must be 1–200 characters on one line")
        }
        if case .some(.some(let secret)) = password {
            check.require(!secret.isEmpty && secret.count <= 200 && !secret.contains(where: \.isNewline), "smtp.password", "must be 1–200 characters on one line")
        }
    }
}
