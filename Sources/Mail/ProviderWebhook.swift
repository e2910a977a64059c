import Crypto
import Foundation

/// The provider's webhook (MAIL_PROVIDER.md, "Webhooks"): form parsing, the signature, and
/// the few fields of each event that the mailer keeps.
public enum ProviderWebhook {
    /// What the mailer keeps of one message event: which mail, what happened, when.
    public struct Event: Codable, Sendable, Equatable {
        public var providerID: String
        public var event: String
        public var ts: Int64
        /// Our opaque id from the message's metadata, when present.
        public var mailID: UUID?
        /// For bounces and rejects: the provider's short classification, never the diagnostic text.
        public var reason: String?

        public init(providerID: String, event: String, ts: Int64, mailID: UUID?, reason: String?) {
            self.providerID = providerID
            self.event = event
            self.ts = ts
            self.mailID = mailID
            self.reason = reason
        }
    }

    /// Base64 HMAC-SHA1, keyed with the webhook key, over the registered URL followed by each
    /// POST parameter's key and value, sorted by key.
    public static func signature(key: String, url: String, parameters: [(String, String)]) -> String {
        var message = url
        for (name, value) in parameters.sorted(by: { $0.0 < $1.0 }) {
            message += name + value
        }
        return Data(Digest.hmacSHA1(key: Array(key.utf8), message: Array(message.utf8))).base64EncodedString()
    }

    /// Constant-time check of the `X-Mandrill-Signature` header.
    public static func verify(signature header: String?, key: String, url: String, parameters: [(String, String)]) -> Bool {
        guard let header else { return false }
        let expected = signature(key: key, url: url, parameters: parameters)
        return Digest.constantTimeEquals(Array(expected.utf8), Array(header.trimmingCharacters(in: .whitespaces).utf8))
    }

    /// `application/x-www-form-urlencoded` into decoded pairs; nil when malformed.
    public static func formParameters(_ body: [UInt8]) -> [(String, String)]? {
        guard let text = String(bytes: body, encoding: .utf8) else { return nil }
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let sides = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(sides[0]), let value = decode(sides.count > 1 ? sides[1] : "") else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The message events of a `mandrill_events` array; sync events (`type` instead of
    /// `event`) and events without an id are left out. Nil when it is not a JSON array.
    public static func events(_ json: String) -> [Event]? {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { return nil }
        return array.compactMap { element in
            guard let object = element as? [String: Any], let event = object["event"] as? String else { return nil }
            let message = object["msg"] as? [String: Any]
            guard let id = (object["_id"] as? String) ?? (message?["_id"] as? String), let ts = (object["ts"] as? NSNumber)?.int64Value else {
                return nil
            }
            let metadata = message?["metadata"] as? [String: Any]
            let mailID = (metadata?[ProviderWire.metadataKey] as? String).flatMap(UUID.init(uuidString:))
            let reason = (message?["bounce_description"] as? String) ?? (message?["reject_reason"] as? String)
            return Event(providerID: String(id.prefix(100)), event: String(event.prefix(40)), ts: ts, mailID: mailID,
                         reason: reason.map { String($0.prefix(60)) })
        }
    }
}
