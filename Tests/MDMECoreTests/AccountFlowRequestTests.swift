import Foundation
import MDMECore
import Testing

@Suite("Password reset, handover and notification rules")
struct AccountFlowRequestTests {
    // MARK: PasswordResetRequest

    @Test(arguments: ["anna@example.org", " anna@example.org\n", "a@b.dk"])
    func resetRequestAcceptsAnAddress(email: String) {
        #expect(PasswordResetRequest(email: email).validate() == nil)
    }

    @Test(arguments: ["", "anna", "anna@example", "anna @example.org", String(repeating: "a", count: 250) + "@x.dk"])
    func resetRequestRejectsWhatIsNoAddress(email: String) {
        #expect(PasswordResetRequest(email: email).validate()?.fields == ["email"])
    }

    @Test func resetRequestDecodesOnlyWithAnEmail() throws {
        let decoded = try RequestDecoding.decode(PasswordResetRequest.self, from: Array(#"{"email":"a@b.dk"}"#.utf8)).get()
        #expect(decoded.email == "a@b.dk")
        let missing = try #require(RequestDecoding.decode(PasswordResetRequest.self, from: Array("{}".utf8)).failure)
        #expect(missing.code == .validationFailed && missing.fields == ["email"])
        let wrongType = try #require(RequestDecoding.decode(PasswordResetRequest.self, from: Array(#"{"email":5}"#.utf8)).failure)
        #expect(wrongType.fields == ["email"])
    }

    // MARK: CompletePasswordResetRequest

    @Test func completeAcceptsATokenAndAGoodPassword() {
        #expect(CompletePasswordResetRequest(token: "tok", password: "a good password 2").validate() == nil)
        #expect(CompletePasswordResetRequest(token: String(repeating: "t", count: 200), password: "abcdefghij").validate() == nil)
    }

    @Test func completeNamesTheToken() {
        #expect(CompletePasswordResetRequest(token: "", password: "abcdefghij").validate()?.fields == ["token"])
        #expect(CompletePasswordResetRequest(token: String(repeating: "t", count: 201), password: "abcdefghij").validate()?.fields == ["token"])
    }

    /// The same policy as accepting an invitation.
    @Test(arguments: ["", "short", "aaaaaaaaaaaa", String(repeating: "ab", count: 513)])
    func completeAppliesThePasswordPolicy(password: String) throws {
        let error = try #require(CompletePasswordResetRequest(token: "tok", password: password).validate())
        #expect(error.fields == ["password"])
        #expect(error.details?.first?.problem == PasswordPolicy.problem(with: password))
    }

    @Test func completeNamesBothFields() {
        #expect(CompletePasswordResetRequest(token: "", password: "x").validate()?.fields == ["token", "password"])
    }

    // MARK: HandoverRequest

    @Test func handoverNeedsAnID() throws {
        let id = UUID()
        let upper = HandoverRequest(therapistID: id.uuidString)
        #expect(upper.validate() == nil && upper.therapist == id)
        #expect(HandoverRequest(therapistID: id.uuidString.lowercased()).therapist == id)
    }

    @Test(arguments: ["", "therapist", "1234", "00000000-0000-0000-0000-00000000000", "{" + UUID().uuidString + "}"])
    func handoverRejectsWhatIsNoID(therapistID: String) {
        let request = HandoverRequest(therapistID: therapistID)
        #expect(request.therapist == nil)
        #expect(request.validate()?.fields == ["therapist_id"])
    }

    @Test func handoverDecodesFromSnakeCase() throws {
        let id = UUID().uuidString.lowercased()
        let decoded = try RequestDecoding.decode(HandoverRequest.self, from: Array(#"{"therapist_id":"\#(id)"}"#.utf8)).get()
        #expect(decoded.therapistID == id)
        let missing = try #require(RequestDecoding.decode(HandoverRequest.self, from: Array("{}".utf8)).failure)
        #expect(missing.fields == ["therapist_id"])
        let number = try #require(RequestDecoding.decode(HandoverRequest.self, from: Array(#"{"therapist_id":7}"#.utf8)).failure)
        #expect(number.fields == ["therapist_id"])
    }

    // MARK: Notifications

    @Test func kindsHaveStableNames() {
        #expect(NotificationKind.allCases.map(\.rawValue) == [
            "handover.offered", "handover.accepted", "handover.declined",
            "retention.first_warning", "retention.second_warning", "retention.client_deleted",
            "mail.bounced", "mail.not_sent",
        ])
    }

    @Test func shortReferenceIsTheIDsFirstEightDigits() throws {
        let id = try #require(UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301"))
        #expect(NotificationText.shortReference(id) == "3f2504e0")
    }

    @Test(arguments: NotificationKind.allCases)
    func textsNameTheClientOnlyByReference(kind: NotificationKind) {
        let id = UUID()
        let text = NotificationText.text(kind, client: id)
        #expect(text.contains(NotificationText.shortReference(id)))
        #expect(!text.contains(id.uuidString.lowercased()) && !text.contains(id.uuidString))
        #expect(!text.isEmpty && text.count <= 200)
    }

    @Test func textsTellTheKindsApart() {
        let id = UUID()
        let texts = Set(NotificationKind.allCases.map { NotificationText.text($0, client: id) })
        #expect(texts.count == NotificationKind.allCases.count)
    }
}

@Suite("MFA requests")
struct MFARequestTests {
    @Test func activationNeedsSixDigits() {
        #expect(ActivateMFARequest(totp: "123456").validate() == nil)
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            #expect(ActivateMFARequest(totp: bad).validate()?.details?.map(\.field) == ["totp"], "\(bad)")
        }
    }

    @Test func loginTOTPIsOptionalButNotEmpty() {
        #expect(LoginRequest(email: "a@example.org", password: "pw").validate() == nil)
        #expect(LoginRequest(email: "a@example.org", password: "pw", totp: "abcde-fghij").validate() == nil)
        #expect(LoginRequest(email: "a@example.org", password: "pw", totp: "").validate()?.details?.map(\.field) == ["totp"])
    }
}

@Suite("Tenant settings request")
struct UpdateTenantRequestTests {
    @Test func nullIsRefusedNotIgnored() throws {
        let body = Array(#"{"name": null, "mfa_required": true}"#.utf8)
        guard case .failure(let error) = RequestDecoding.decode(UpdateTenantRequest.self, from: body) else {
            Issue.record("null was accepted")
            return
        }
        #expect(error.details?.map(\.field) == ["name"])
        let valid = try RequestDecoding.decode(UpdateTenantRequest.self, from: Array(#"{"mfa_required": true}"#.utf8)).get()
        #expect(valid.mfaRequired == true && valid.name == nil && valid.validate() == nil)
    }
}
