import Foundation
import MDMECore
import Testing

@Suite("Request validation")
struct RequestValidationTests {
    static let today = CalendarDate.of("2026-05-01")
    static let now = Instant.utc("2027-01-31T09:30:00Z")

    // MARK: CreateClientRequest

    static func client(name: String = "Anna Jensen", birthDate: String = "1984-07-09",
                       email: String = "anna@example.org", phone: String? = nil) -> CreateClientRequest {
        CreateClientRequest(name: name, gender: .female, birthDate: .of(birthDate), email: email, phone: phone)
    }

    @Test func validClientPasses() {
        #expect(Self.client().validate(today: Self.today) == nil)
        #expect(Self.client(phone: "+45 12 34 56 78").validate(today: Self.today) == nil)
        #expect(Self.client(phone: "(555) 123-4567").validate(today: Self.today) == nil)
        #expect(Self.client(birthDate: "2026-05-01").validate(today: Self.today) == nil)
        #expect(Self.client(birthDate: "1900-01-01").validate(today: Self.today) == nil)
        #expect(Self.client(name: String(repeating: "å", count: 200)).validate(today: Self.today) == nil)
    }

    @Test(arguments: ["2026-05-02", "2027-01-01"])
    func futureBirthDateIsRejected(birthDate: String) throws {
        let error = try #require(Self.client(birthDate: birthDate).validate(today: Self.today))
        #expect(error.code == .validationFailed)
        #expect(error.fields == ["birth_date"])
    }

    @Test func birthDateBefore1900IsRejected() throws {
        let error = try #require(Self.client(birthDate: "1899-12-31").validate(today: Self.today))
        #expect(error.fields == ["birth_date"])
    }

    @Test(arguments: [
        "", "anna", "anna@", "@example.org", "anna@example", "anna@@example.org", "anna@ex@ample.org",
        "anna @example.org", "anna@exa mple.org", " ", "anna@.example.org", "anna@example.org.",
        String(repeating: "a", count: 250) + "@x.dk",
    ])
    func badEmailIsRejected(email: String) throws {
        let error = try #require(Self.client(email: email).validate(today: Self.today))
        #expect(error.fields == ["email"])
    }

    /// Surrounding white space is forgiven (it is trimmed when stored).
    @Test(arguments: ["a@b.dk", "anna.jensen+mdme@sub.example.org", "anna@example.org ", "\tanna@example.org\n"])
    func plausibleEmailIsAccepted(email: String) {
        #expect(Self.client(email: email).validate(today: Self.today) == nil)
    }

    @Test(arguments: ["12345", "phone", "12 34 56 7x", "+45 12345678 ext", "１２３４５６７８", "", String(repeating: "1", count: 33), "12/34/56/78"])
    func badPhoneIsRejected(phone: String) throws {
        let error = try #require(Self.client(phone: phone).validate(today: Self.today))
        #expect(error.fields == ["phone"])
    }

    @Test func nameMustBeShortAndNotBlank() throws {
        let long = try #require(Self.client(name: String(repeating: "a", count: 201)).validate(today: Self.today))
        #expect(long.fields == ["name"])
        #expect(long.details?.first?.problem == "must be at most 200 characters")
        let blank = try #require(Self.client(name: " \n\t").validate(today: Self.today))
        #expect(blank.fields == ["name"])
        #expect(blank.details?.first?.problem == "must not be empty")
    }

    @Test func everyProblemIsReported() throws {
        let error = try #require(Self.client(name: "", birthDate: "2030-01-01", email: "x", phone: "1").validate(today: Self.today))
        #expect(Set(error.fields) == ["name", "email", "birth_date", "phone"])
    }

    // MARK: CreateRegistrationRequest

    static func registration(startedAt: Date = now.addingTimeInterval(-3600), duration: Int = 30, level: Int = 1,
                             statements: [String]? = nil, symptoms: [String]? = nil,
                             note: String? = nil, activity: String = "walk") -> CreateRegistrationRequest {
        CreateRegistrationRequest(activity: activity, startedAt: startedAt, durationMinutes: duration, level: level,
                                  statements: statements, symptoms: symptoms, note: note)
    }

    @Test(arguments: [1, 2, 60, 1439, 1440])
    func durationWithinRangeIsAccepted(duration: Int) {
        #expect(Self.registration(duration: duration).validate(now: Self.now) == nil)
    }

    @Test(arguments: [0, -1, 1441, 10_000, Int.min, Int.max])
    func durationOutOfRangeIsRejected(duration: Int) throws {
        let error = try #require(Self.registration(duration: duration).validate(now: Self.now))
        #expect(error.fields == ["duration_minutes"])
    }

    @Test(arguments: [0, 1, 2])
    func levelWithinTheStandardScaleIsAccepted(level: Int) {
        #expect(Self.registration(level: level).validate(now: Self.now) == nil)
    }

    @Test(arguments: [-1, 3, 100])
    func levelOutsideTheStandardScaleIsRejected(level: Int) throws {
        let error = try #require(Self.registration(level: level).validate(now: Self.now))
        #expect(error.fields == ["level"])
        #expect(error.details?.first?.problem.contains("0…2") == true)
    }

    @Test func levelFollowsTheClientsScaleSize() {
        #expect(Self.registration(level: 5).validate(now: Self.now, levelCount: 6) == nil)
        #expect(Self.registration(level: 6).validate(now: Self.now, levelCount: 6)?.fields == ["level"])
        #expect(Self.registration(level: 2).validate(now: Self.now, levelCount: 2)?.fields == ["level"])
    }

    @Test func startedAtMayBeUpToOneDayAhead() throws {
        #expect(Self.registration(startedAt: Self.now).validate(now: Self.now) == nil)
        #expect(Self.registration(startedAt: Self.now.addingTimeInterval(24 * 3600)).validate(now: Self.now) == nil)
        let ahead = try #require(Self.registration(startedAt: Self.now.addingTimeInterval(24 * 3600 + 1)).validate(now: Self.now))
        #expect(ahead.fields == ["started_at"])
    }

    @Test func startedAtMustBeWithinTheLastYear() throws {
        #expect(Self.registration(startedAt: Self.now.addingTimeInterval(-300 * 24 * 3600)).validate(now: Self.now) == nil)
        let old = try #require(Self.registration(startedAt: Self.now.addingTimeInterval(-367 * 24 * 3600)).validate(now: Self.now))
        #expect(old.fields == ["started_at"])
    }

    @Test func atMostTwentyStatementsAndSymptoms() throws {
        let twenty = (1...20).map { "s\($0)" }
        #expect(Self.registration(statements: twenty, symptoms: twenty).validate(now: Self.now) == nil)
        let statements = try #require(Self.registration(statements: twenty + ["one more"]).validate(now: Self.now))
        #expect(statements.fields == ["statements"])
        let symptoms = try #require(Self.registration(symptoms: twenty + ["one more"]).validate(now: Self.now))
        #expect(symptoms.fields == ["symptoms"])
    }

    @Test func eachStatementIsCheckedByIndex() throws {
        let error = try #require(Self.registration(statements: ["ok", "", String(repeating: "x", count: 301)]).validate(now: Self.now))
        #expect(error.fields == ["statements[1]", "statements[2]"])
    }

    @Test func activityAndNoteLimits() throws {
        #expect(Self.registration(activity: "").validate(now: Self.now)?.fields == ["activity"])
        #expect(Self.registration(activity: String(repeating: "a", count: 501)).validate(now: Self.now)?.fields == ["activity"])
        #expect(Self.registration(note: "").validate(now: Self.now) == nil)
        #expect(Self.registration(note: String(repeating: "n", count: 5000)).validate(now: Self.now) == nil)
        #expect(Self.registration(note: String(repeating: "n", count: 5001)).validate(now: Self.now)?.fields == ["note"])
    }

    // MARK: Authentication

    @Test func loginRequest() {
        #expect(LoginRequest(email: "a@b.dk", password: "x").validate() == nil)
        #expect(LoginRequest(email: "", password: "x").validate()?.fields == ["email"])
        #expect(LoginRequest(email: String(repeating: "a", count: 255), password: "x").validate()?.fields == ["email"])
        #expect(LoginRequest(email: "a@b.dk", password: "").validate()?.fields == ["password"])
        #expect(LoginRequest(email: "a@b.dk", password: String(repeating: "p", count: 1024)).validate() == nil)
        #expect(LoginRequest(email: "a@b.dk", password: String(repeating: "p", count: 1025)).validate()?.fields == ["password"])
        #expect(LoginRequest(email: "", password: "").validate()?.fields == ["email", "password"])
    }

    @Test(arguments: [
        ("abcdefghi", false),             // 9 characters
        ("abcdefghij", true),             // 10 characters
        ("aaaaaaaaaaaa", false),          // one character repeated
        ("æøåæøåæøåæ", true),            // 10 characters, 20 bytes
        ("correct horse battery staple", true),
        ("", false),
    ])
    func passwordPolicy(password: String, accepted: Bool) {
        #expect((PasswordPolicy.problem(with: password) == nil) == accepted)
    }

    @Test func passwordPolicyMessages() {
        #expect(PasswordPolicy.problem(with: "short") == "must be at least 10 characters")
        #expect(PasswordPolicy.problem(with: "aaaaaaaaaaaa") == "must not repeat one character")
        #expect(PasswordPolicy.problem(with: String(repeating: "ab", count: 513)) == "must be at most 1024 bytes")
        #expect(PasswordPolicy.problem(with: String(repeating: "ab", count: 512)) == nil)
    }

    @Test func acceptInvitationRequest() throws {
        #expect(AcceptInvitationRequest(token: "tok", password: "abcdefghij").validate() == nil)
        let weak = try #require(AcceptInvitationRequest(token: "tok", password: "abcdefghi").validate())
        #expect(weak.fields == ["password"])
        #expect(weak.details?.first?.problem == "must be at least 10 characters")
        #expect(AcceptInvitationRequest(token: "tok", password: "aaaaaaaaaaaa").validate()?.fields == ["password"])
        #expect(AcceptInvitationRequest(token: "", password: "abcdefghij").validate()?.fields == ["token"])
        #expect(AcceptInvitationRequest(token: String(repeating: "t", count: 201), password: "abcdefghij").validate()?.fields == ["token"])
    }

    // MARK: CreateTherapistRequest

    @Test(arguments: [Role.therapist, .tenantAdmin])
    func staffRolesAreAccepted(role: Role) {
        #expect(CreateTherapistRequest(name: "Bo", email: "bo@x.dk", role: role).validate() == nil)
    }

    @Test func clientRoleIsRejected() throws {
        let error = try #require(CreateTherapistRequest(name: "Bo", email: "bo@x.dk", role: .client).validate())
        #expect(error.fields == ["role"])
    }

    @Test func therapistNeedsNameAndEmail() {
        #expect(CreateTherapistRequest(name: "", email: "nope", role: .therapist).validate()?.fields == ["name", "email"])
    }

    // MARK: DateRange

    @Test func dateRangeParses() throws {
        #expect(try DateRange.parse(query: [:]).get() == DateRange())
        #expect(try DateRange.parse(query: ["from": "2026-01-01"]).get() == DateRange(from: .of("2026-01-01")))
        #expect(try DateRange.parse(query: ["to": "2026-01-31"]).get() == DateRange(to: .of("2026-01-31")))
        #expect(try DateRange.parse(query: ["from": "2026-01-01", "to": "2026-01-01"]).get()
            == DateRange(from: .of("2026-01-01"), to: .of("2026-01-01")))
        #expect(try DateRange.parse(query: ["from": "2026-01-01", "other": "x"]).get() == DateRange(from: .of("2026-01-01")))
    }

    @Test func fromAfterToIsRejected() throws {
        let error = try #require(DateRange.parse(query: ["from": "2026-02-01", "to": "2026-01-31"]).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == ["to"])
    }

    @Test(arguments: [
        (["from": "2026-02-30"], ["from"]),
        (["to": "yesterday"], ["to"]),
        (["from": "2026-1-1", "to": "2026-01-31"], ["from"]),
        (["from": "x", "to": "y"], ["from", "to"]),
    ])
    func badDateIsNamed(query: [String: String], fields: [String]) throws {
        let error = try #require(DateRange.parse(query: query).failure)
        #expect(error.fields == fields)
    }
}

@Suite("Roles")
struct RoleTests {
    @Test(arguments: [
        (Role.tenantAdmin, Role.therapist, true),
        (.tenantAdmin, .tenantAdmin, true),
        (.tenantAdmin, .client, false),
        (.therapist, .therapist, true),
        (.therapist, .tenantAdmin, false),
        (.therapist, .client, false),
        (.client, .client, true),
        (.client, .therapist, false),
        (.client, .tenantAdmin, false),
    ])
    func satisfies(role: Role, required: Role, expected: Bool) {
        #expect(role.satisfies(required) == expected)
    }

    @Test func staffAndRawValues() {
        #expect(Role.therapist.isStaff)
        #expect(Role.tenantAdmin.isStaff)
        #expect(!Role.client.isStaff)
        #expect(Role(rawValue: "tenant_admin") == .tenantAdmin)
        #expect(Role(rawValue: "tenantAdmin") == nil)
    }

    @Test func mailModes() {
        #expect(MailMode.provider.sendsMail)
        #expect(MailMode.smtp.sendsMail)
        #expect(!MailMode.none.sendsMail)
    }

    @Test func standardColorScale() {
        #expect(ColorScale.standard.levels.map(\.label) == ["Giver energi", "Neutral", "Dræner"])
        #expect(ColorScale.standard.levels.allSatisfy { $0.color.count == 7 && $0.color.hasPrefix("#") })
    }
}
