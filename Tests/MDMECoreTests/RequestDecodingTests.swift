import Foundation
import MDMECore
import Testing

@Suite("Request decoding")
struct RequestDecodingTests {
    static let validClient = #"{"name":"Anna","gender":"female","birth_date":"1984-07-09","email":"anna@example.org"}"#

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> Result<T, APIError> {
        RequestDecoding.decode(type, from: Array(json.utf8))
    }

    /// The single problem of a failed decode; records an issue when decoding did not fail that way.
    static func problem<T: Decodable>(_ type: T.Type, _ json: String,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws -> FieldProblem {
        let error = try #require(decode(type, json).failure, "decoding \(json) succeeded", sourceLocation: sourceLocation)
        #expect(error.code == .validationFailed, sourceLocation: sourceLocation)
        #expect(error.details?.count == 1, sourceLocation: sourceLocation)
        return try #require(error.details?.first, sourceLocation: sourceLocation)
    }

    @Test func decodesAValidRequest() throws {
        let request = try Self.decode(CreateClientRequest.self, Self.validClient).get()
        #expect(request.name == "Anna")
        #expect(request.gender == .female)
        #expect(request.birthDate == CalendarDate.of("1984-07-09"))
        #expect(request.email == "anna@example.org")
        #expect(request.phone == nil)
    }

    @Test(arguments: ["", "{", "{\"name\":}", "not json", "{'name':'x'}", "[1,2", "\u{FF}\u{FE}"])
    func malformedJSON(body: String) {
        guard case .failure(let error) = Self.decode(CreateClientRequest.self, body) else {
            Issue.record("decoded \(body)")
            return
        }
        #expect(error.code == .malformedJSON)
        #expect(error.details == nil)
    }

    @Test func anEscapedNULIsRefusedByField() throws {
        let body = #"{"name":"An\u0000na","gender":"female","birth_date":"1984-07-09","email":"anna@example.org"}"#
        let problem = try Self.problem(CreateClientRequest.self, body)
        #expect(problem.field == "name")
        #expect(problem.problem == "must not contain NUL characters")
    }

    @Test func anEscapedBackslashBeforeU0000IsPlainText() throws {
        let body = #"{"name":"A\\u0000","gender":"female","birth_date":"1984-07-09","email":"anna@example.org"}"#
        #expect(try Self.decode(CreateClientRequest.self, body).get().name == #"A\u0000"#)
    }

    @Test func invalidUTF8IsMalformed() {
        guard case .failure(let error) = RequestDecoding.decode(CreateClientRequest.self, from: [0x7B, 0xFF, 0x7D]) else {
            Issue.record("decoded invalid UTF-8")
            return
        }
        #expect(error.code == .malformedJSON)
    }

    @Test(arguments: [
        (#"{"name":"Anna","gender":"female","email":"a@b.dk"}"#, "birth_date"),
        (#"{"gender":"female","birth_date":"1984-07-09","email":"a@b.dk"}"#, "name"),
        (#"{"name":"Anna","birth_date":"1984-07-09","email":"a@b.dk"}"#, "gender"),
        (#"{"name":"Anna","gender":"female","birth_date":"1984-07-09"}"#, "email"),
    ])
    func missingFieldIsNamedInSnakeCase(json: String, field: String) throws {
        let problem = try Self.problem(CreateClientRequest.self, json)
        #expect(problem.field == field)
        #expect(problem.problem == "is required")
    }

    @Test func missingFieldOfRegistration() throws {
        let problem = try Self.problem(CreateRegistrationRequest.self,
                                       #"{"activity":"walk","started_at":"2027-01-31T09:30:00Z","level":1}"#)
        #expect(problem.field == "duration_minutes")
    }

    @Test(arguments: [
        (#"{"name":1,"gender":"female","birth_date":"1984-07-09","email":"a@b.dk"}"#, "name", "must be a string"),
        (#"{"name":"A","gender":"female","birth_date":"1984-07-09","email":"a@b.dk","phone":12345678}"#, "phone", "must be a string"),
        (#"{"name":"A","gender":"female","birth_date":19840709,"email":"a@b.dk"}"#, "birth_date", "must be a string"),
    ])
    func wrongTypeNamesTheField(json: String, field: String, problem expected: String) throws {
        let problem = try Self.problem(CreateClientRequest.self, json)
        #expect(problem.field == field)
        #expect(problem.problem == expected)
    }

    @Test func wrongTypeInRegistration() throws {
        let level = try Self.problem(CreateRegistrationRequest.self,
            #"{"activity":"walk","started_at":"2027-01-31T09:30:00Z","duration_minutes":30,"level":"red"}"#)
        #expect(level.field == "level")
        #expect(level.problem == "must be an integer")

        let duration = try Self.problem(CreateRegistrationRequest.self,
            #"{"activity":"walk","started_at":"2027-01-31T09:30:00Z","duration_minutes":true,"level":1}"#)
        #expect(duration.field == "duration_minutes")

        let statements = try Self.problem(CreateRegistrationRequest.self,
            #"{"activity":"walk","started_at":"2027-01-31T09:30:00Z","duration_minutes":30,"level":1,"statements":"tired"}"#)
        #expect(statements.field == "statements")
    }

    @Test func wrongElementTypeNamesTheIndex() throws {
        let problem = try Self.problem(CreateRegistrationRequest.self,
            #"{"activity":"walk","started_at":"2027-01-31T09:30:00Z","duration_minutes":30,"level":1,"statements":["ok",3]}"#)
        #expect(problem.field == "statements[1]")
        #expect(problem.problem == "must be a string")
    }

    @Test func nullForARequiredFieldNamesIt() throws {
        let problem = try Self.problem(CreateClientRequest.self,
            #"{"name":null,"gender":"female","birth_date":"1984-07-09","email":"a@b.dk"}"#)
        #expect(problem.field == "name")
    }

    @Test(arguments: ["robot", "Female", ""])
    func invalidEnumValueNamesTheField(gender: String) throws {
        let problem = try Self.problem(CreateClientRequest.self,
            #"{"name":"Anna","gender":"\#(gender)","birth_date":"1984-07-09","email":"a@b.dk"}"#)
        #expect(problem.field == "gender")
        #expect(problem.problem == "is not one of the allowed values")
    }

    @Test func invalidRoleNamesTheField() throws {
        let problem = try Self.problem(CreateTherapistRequest.self, #"{"name":"B","email":"b@x.dk","role":"admin"}"#)
        #expect(problem.field == "role")
    }

    @Test(arguments: ["2023-02-29", "1984-7-9", "09-07-1984"])
    func invalidDateNamesTheField(date: String) throws {
        let problem = try Self.problem(CreateClientRequest.self,
            #"{"name":"Anna","gender":"female","birth_date":"\#(date)","email":"a@b.dk"}"#)
        #expect(problem.field == "birth_date")
        #expect(problem.problem.contains("YYYY-MM-DD"))
    }

    @Test func invalidTimeNamesTheField() throws {
        let problem = try Self.problem(CreateRegistrationRequest.self,
            #"{"activity":"walk","started_at":"yesterday","duration_minutes":30,"level":1}"#)
        #expect(problem.field == "started_at")
        #expect(problem.problem.contains("RFC 3339"))
    }

    @Test(arguments: ["[]", #""text""#, "42", "null"])
    func bodyThatIsNotAnObject(json: String) throws {
        let problem = try Self.problem(CreateClientRequest.self, json)
        #expect(problem.field == "body")
    }

    @Test func nestedFieldsAreJoinedWithDots() throws {
        struct Outer: Decodable { var clientProfile: Inner }
        struct Inner: Decodable { var birthDate: CalendarDate }
        let missing = try Self.problem(Outer.self, #"{"client_profile":{}}"#)
        #expect(missing.field == "client_profile.birth_date")
        let wrong = try Self.problem(Outer.self, #"{"client_profile":{"birth_date":5}}"#)
        #expect(wrong.field == "client_profile.birth_date")
    }

    @Test(arguments: [
        ("responsible_therapist_id", "responsibleTherapistID"),
        ("client_id", "clientID"),
    ])
    func acronymFieldsAreNamedAsSent(field: String, property: String) throws {
        struct Handover: Decodable { var clientID: UUID; var responsibleTherapistID: UUID }
        let json = ["client_id", "responsible_therapist_id"]
            .filter { $0 != field }
            .map { #""\#($0)":"11111111-2222-3333-4444-555555555555""# }
            .joined(separator: ",")
        let problem = try Self.problem(Handover.self, "{\(json)}")
        #expect(problem.field == field)
    }

    @Test func urlFieldIsNamedAsSent() throws {
        struct Link: Decodable { var publicURL: String }
        let problem = try Self.problem(Link.self, "{}")
        #expect(problem.field == "public_url")
    }

    @Test func fieldNamesContainingIDLettersAreNotMangled() throws {
        struct Trip: Decodable { var taxiDriver: String }
        let problem = try Self.problem(Trip.self, "{}")
        #expect(problem.field == "taxi_driver")
    }

    @Test func problemForAnArbitraryDecodingError() {
        let context = DecodingError.Context(codingPath: [], debugDescription: "bad")
        #expect(RequestDecoding.problem(for: .dataCorrupted(context)) == FieldProblem(field: "body", problem: "bad"))
    }
}
