import Foundation
import Mail
import Testing

@Suite struct ProviderWebhookTests {
    static let events = #"[{"event":"send","_id":"abc123","ts":1700000000,"msg":{"_id":"abc123","email":"user@example.org","state":"sent","ts":1699999990}}]"#

    @Test func signatureMatchesTheDocumentedExample() {
        let signature = ProviderWebhook.signature(key: "test-webhook-key-123", url: "https://example.com/webhooks/mandrill",
                                                  parameters: [("mandrill_events", Self.events)])
        #expect(signature == "FgKyqwbt/73CkrMVv12rVKWajrM=")
    }

    @Test func verifyAcceptsOnlyTheRightSignature() {
        let parameters = [("mandrill_events", Self.events)]
        let url = "https://example.com/webhooks/mandrill"
        #expect(ProviderWebhook.verify(signature: "FgKyqwbt/73CkrMVv12rVKWajrM=", key: "test-webhook-key-123", url: url, parameters: parameters))
        #expect(!ProviderWebhook.verify(signature: "FgKyqwbt/73CkrMVv12rVKWajrN=", key: "test-webhook-key-123", url: url, parameters: parameters))
        #expect(!ProviderWebhook.verify(signature: nil, key: "test-webhook-key-123", url: url, parameters: parameters))
        #expect(!ProviderWebhook.verify(signature: "FgKyqwbt/73CkrMVv12rVKWajrM=", key: "other", url: url, parameters: parameters))
        #expect(!ProviderWebhook.verify(signature: "FgKyqwbt/73CkrMVv12rVKWajrM=", key: "test-webhook-key-123", url: url + "/", parameters: parameters))
    }

    @Test func parametersAreSortedByKey() {
        let a = ProviderWebhook.signature(key: "k", url: "u", parameters: [("b", "2"), ("a", "1")])
        let b = ProviderWebhook.signature(key: "k", url: "u", parameters: [("a", "1"), ("b", "2")])
        #expect(a == b)
    }

    @Test func formBodiesAreDecoded() throws {
        let body = Array("mandrill_events=%5B%7B%22a%22%3A+1%7D%5D&x=y%26z".utf8)
        let pairs = try #require(ProviderWebhook.formParameters(body))
        #expect(pairs.map(\.0) == ["mandrill_events", "x"])
        #expect(pairs[0].1 == #"[{"a": 1}]"#)
        #expect(pairs[1].1 == "y&z")
        #expect(ProviderWebhook.formParameters(Array("a=%ZZ".utf8)) == nil)
    }

    @Test func eventsKeepOnlyWhatTheMailerNeeds() throws {
        let mailID = UUID()
        let json = """
            [{"event":"hard_bounce","_id":"p1","ts":1700000001,"msg":{"_id":"p1","email":"x@example.org","subject":"secret",
              "bounce_description":"bad_mailbox","diag":"smtp;550 5.1.1 user unknown","metadata":{"mdme_id":"\(mailID.uuidString)"}}},
             {"type":"blacklist","action":"add","reject":{"email":"x@example.org"}},
             {"event":"delivered","ts":1700000002}]
            """
        let events = try #require(ProviderWebhook.events(json))
        #expect(events == [ProviderWebhook.Event(providerID: "p1", event: "hard_bounce", ts: 1_700_000_001, mailID: mailID, reason: "bad_mailbox")])
        #expect(ProviderWebhook.events("{}") == nil)
        #expect(ProviderWebhook.events("[]") == [])
    }
}
