import Foundation
import Mail
import MailTransport

/// The Mailchimp Transactional-compatible API over HTTPS with libcurl (MAIL_PROVIDER.md): `messages/send`
/// and, after a crash left an outcome unknown, `messages/search` by our opaque id.
struct ProviderClient: Sendable {
    struct NetworkError: Error, CustomStringConvertible {
        let description: String
    }

    let baseURL: URL
    let key: String
    let timeoutSeconds: Int

    func send(_ request: ProviderSendRequest) throws -> ProviderWire.Outcome {
        do {
            let (status, body) = try post("messages/send", request)
            return ProviderWire.outcome(httpStatus: status, body: body)
        } catch let error as NetworkError {
            return .retryable(reason: error.description)
        }
    }

    /// The message the provider knows under our id, if any.
    func find(mailID: UUID) throws -> ProviderWire.RecipientResult? {
        let (status, body) = try post("messages/search", ProviderSearchRequest(key: key, mailID: mailID))
        guard status == 200, let hits = try? JSONDecoder().decode([ProviderWire.RecipientResult].self, from: Data(body)) else {
            throw NetworkError(description: "provider search answered \(status)")
        }
        return hits.first
    }

    private func post(_ method: String, _ payload: some Encodable) throws -> (Int, [UInt8]) {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let url = baseURL.appendingPathComponent("api/1.0/\(method)").absoluteString
        do {
            let answer = try HTTPSClient.postJSON(url, body: Array(try encoder.encode(payload)), timeoutSeconds: timeoutSeconds)
            return (answer.status, answer.body)
        } catch let error as HTTPSClient.NetworkError {
            throw NetworkError(description: error.description)
        }
    }
}
