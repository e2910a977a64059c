import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Mail
import Synchronization

/// The Mailchimp Transactional-compatible API over HTTPS (MAIL_PROVIDER.md): `messages/send`
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
        var request = URLRequest(url: baseURL.appendingPathComponent("api/1.0/\(method)"), timeoutInterval: TimeInterval(timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try encoder.encode(payload)
        let result = Mutex<Result<(Int, [UInt8]), NetworkError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // A blocking call is right here: the consumer loop's own thread waits, never the pool.
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            let outcome: Result<(Int, [UInt8]), NetworkError>
            if let response = response as? HTTPURLResponse {
                outcome = .success((response.statusCode, [UInt8](data ?? Data())))
            } else {
                outcome = .failure(NetworkError(description: "provider unreachable: \(error.map { "\($0)" } ?? "no response")"))
            }
            result.withLock { $0 = outcome }
            done.signal()
        }
        task.resume()
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
