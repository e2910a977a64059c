import Foundation
import Mail
import Testing

@Suite struct ProviderWireTests {
    func outcome(_ status: Int, _ body: String) -> ProviderWire.Outcome {
        ProviderWire.outcome(httpStatus: status, body: Array(body.utf8))
    }

    @Test func recipientStatusIsReadOnHTTP200() {
        #expect(outcome(200, #"[{"email":"a@b.dk","status":"sent","_id":"x1","reject_reason":null}]"#) == .accepted(status: "sent", providerID: "x1"))
        #expect(outcome(200, #"[{"email":"a@b.dk","status":"queued","_id":"x2"}]"#) == .accepted(status: "queued", providerID: "x2"))
        #expect(outcome(200, #"[{"email":"a@b.dk","status":"scheduled","_id":"x3"}]"#) == .accepted(status: "queued", providerID: "x3"))
        #expect(outcome(200, #"[{"email":"a@b.dk","status":"rejected","_id":"x4","reject_reason":"hard-bounce"}]"#)
            == .refused(status: "rejected", providerID: "x4", reason: "hard-bounce"))
        #expect(outcome(200, #"[{"email":"a@b.dk","status":"invalid","_id":"x5"}]"#) == .refused(status: "invalid", providerID: "x5", reason: "invalid"))
    }

    @Test func errorsAreRetriedOnlyWhenTheyCanPass() {
        #expect(outcome(500, #"{"status":"error","code":-99,"name":"ServiceUnavailable","message":"down"}"#) == .retryable(reason: "provider answered 500 ServiceUnavailable"))
        #expect(outcome(503, "<html>bad gateway</html>") == .retryable(reason: "provider answered 503 "))
        #expect(outcome(429, #"{"status":"error","name":"Too_Many_Requests"}"#) == .retryable(reason: "provider answered 429 Too_Many_Requests"))
        #expect(outcome(500, #"{"status":"error","name":"GeneralError"}"#) == .retryable(reason: "provider answered 500 GeneralError"))
        #expect(outcome(401, #"{"status":"error","code":-1,"name":"Invalid_Key","message":"bad key"}"#) == .failed(reason: "Invalid_Key"))
        // Older deployments answer 500 even for a bad key: the name decides.
        #expect(outcome(500, #"{"status":"error","code":-1,"name":"Invalid_Key"}"#) == .failed(reason: "Invalid_Key"))
        #expect(outcome(400, #"{"status":"error","name":"ValidationError"}"#) == .failed(reason: "ValidationError"))
        #expect(outcome(404, "") == .failed(reason: "http_404"))
    }

    @Test func sendRequestHoldsTrackingOffATagAndTheOpaqueID() throws {
        let id = UUID()
        let request = ProviderSendRequest(key: "k", from: .init(email: "no-reply@x.dk", name: "MDME"), to: .init(email: "a@b.dk", name: "Anne"),
                                          content: MailContent(subject: "s", text: "t", html: "h"), tag: MailKind.passwordReset.tag, mailID: id)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(request)) as? [String: Any])
        let message = try #require(json["message"] as? [String: Any])
        #expect(json["key"] as? String == "k")
        #expect(message["track_opens"] as? Bool == false)
        #expect(message["track_clicks"] as? Bool == false)
        #expect(message["view_content_link"] as? Bool == false)
        #expect(message["tags"] as? [String] == ["mdme-password-reset"])
        #expect(message["metadata"] as? [String: String] == ["mdme_id": id.uuidString.lowercased()])
    }

    @Test func tagsAreFixedAndValid() {
        for kind in MailKind.allCases {
            #expect(kind.tag.count <= 50 && !kind.tag.hasPrefix("_"))
        }
        #expect(Set(MailKind.allCases.map(\.tag)).count == MailKind.allCases.count)
    }
}
