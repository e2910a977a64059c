import Foundation
import MDMECore
import Testing

@Suite("COPM and questionnaire requests")
struct COPMAndQuestionnaireRequestTests {
    static let today = CalendarDate.of("2027-01-31")

    static func problem(_ description: String = "Lave mad til familien", importance: Int = 8,
                        performance: Int = 4, satisfaction: Int = 3) -> COPMProblem {
        COPMProblem(description: description, importance: importance, performance: performance, satisfaction: satisfaction)
    }

    static func assessment(on date: String = "2027-01-31", _ problems: [COPMProblem] = [problem()]) -> CreateCOPMAssessmentRequest {
        CreateCOPMAssessmentRequest(assessedOn: .of(date), problems: problems)
    }

    // MARK: CreateCOPMAssessmentRequest

    @Test(arguments: [1, 5])
    func oneToFiveProblemsPass(count: Int) {
        #expect(Self.assessment(Array(repeating: Self.problem(), count: count)).validate(today: Self.today) == nil)
    }

    @Test(arguments: ["2027-01-31", "2026-12-01", "1991-01-01"])
    func pastAndTodayPass(date: String) {
        #expect(Self.assessment(on: date).validate(today: Self.today) == nil)
    }

    @Test(arguments: ["2027-02-01", "2030-01-01"])
    func aFutureDateIsRejected(date: String) throws {
        let error = try #require(Self.assessment(on: date).validate(today: Self.today))
        #expect(error.code == .validationFailed)
        #expect(error.fields == ["assessed_on"])
    }

    @Test func aDateBeforeTheCOPMIsRejected() throws {
        #expect(try #require(Self.assessment(on: "1990-12-31").validate(today: Self.today)).fields == ["assessed_on"])
    }

    @Test(arguments: [0, 6])
    func tooFewOrTooManyProblemsAreRejected(count: Int) throws {
        let error = try #require(Self.assessment(Array(repeating: Self.problem(), count: count)).validate(today: Self.today))
        #expect(error.fields == ["problems"])
    }

    @Test(arguments: [0, 11, -1])
    func ratingsOutsideOneToTenNameTheField(rating: Int) throws {
        let problems = [Self.problem(), Self.problem(importance: rating, performance: rating, satisfaction: rating)]
        let error = try #require(Self.assessment(problems).validate(today: Self.today))
        #expect(error.fields == ["problems[1].importance", "problems[1].performance", "problems[1].satisfaction"])
    }

    @Test func blankOrLongDescriptionsAreRejected() throws {
        let problems = [Self.problem("  "), Self.problem(String(repeating: "x", count: 501)), Self.problem(String(repeating: "æ", count: 500))]
        let error = try #require(Self.assessment(problems).validate(today: Self.today))
        #expect(error.fields == ["problems[0].description", "problems[1].description"])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let error = try #require(Self.assessment(on: "2027-03-01", [Self.problem(performance: 11)]).validate(today: Self.today))
        #expect(error.fields == ["assessed_on", "problems[0].performance"])
    }

    @Test func decodesFromSnakeCaseJSON() throws {
        let json = #"{"assessed_on":"2027-01-15","problems":[{"description":"Handle ind","importance":9,"performance":3,"satisfaction":2}]}"#
        let request = try RequestDecoding.decode(CreateCOPMAssessmentRequest.self, from: Array(json.utf8)).get()
        #expect(request.assessedOn == .of("2027-01-15"))
        #expect(request.problems == [COPMProblem(description: "Handle ind", importance: 9, performance: 3, satisfaction: 2)])
    }

    @Test(arguments: [
        (#"{"assessed_on":"2027-02-30","problems":[]}"#, "assessed_on"),
        (#"{"problems":[]}"#, "assessed_on"),
        (#"{"assessed_on":"2027-01-15"}"#, "problems"),
        (#"{"assessed_on":"2027-01-15","problems":[{"description":"x","importance":9,"performance":"3","satisfaction":2}]}"#, "problems[0].performance"),
        (#"{"assessed_on":"2027-01-15","problems":[{"importance":9,"performance":3,"satisfaction":2}]}"#, "problems[0].description"),
    ])
    func badJSONNamesTheField(json: String, field: String) throws {
        let error = try #require(RequestDecoding.decode(CreateCOPMAssessmentRequest.self, from: Array(json.utf8)).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == [field])
    }

    // MARK: AssignQuestionnaireRequest

    @Test(arguments: QuestionnaireInstrument.allCases)
    func knownInstrumentsDecode(instrument: QuestionnaireInstrument) throws {
        let json = #"{"instrument":"\#(instrument.rawValue)"}"#
        #expect(try RequestDecoding.decode(AssignQuestionnaireRequest.self, from: Array(json.utf8)).get().instrument == instrument)
    }

    @Test(arguments: [#"{"instrument":"phq9"}"#, #"{"instrument":"MFS"}"#, #"{"instrument":""}"#, #"{"instrument":7}"#, "{}"])
    func anUnknownInstrumentNamesTheField(json: String) throws {
        let error = try #require(RequestDecoding.decode(AssignQuestionnaireRequest.self, from: Array(json.utf8)).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == ["instrument"])
    }

    // MARK: lang

    @Test(arguments: [([String: String](), InstrumentLanguage.danish), (["lang": "da"], .danish), (["lang": "en"], .english),
                      (["lang": "en", "other": "x"], .english)])
    func languageDefaultsToDanish(query: [String: String], language: InstrumentLanguage) throws {
        #expect(try InstrumentLanguage.parse(query: query).get() == language)
    }

    @Test(arguments: ["", "EN", "de", "da-DK", "english"])
    func anyOtherLanguageNamesLang(value: String) throws {
        let error = try #require(InstrumentLanguage.parse(query: ["lang": value]).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == ["lang"])
    }

    // MARK: Stored scores

    /// `questionnaire_assignments.scores_enc` holds `QuestionnaireScores` as MDMEJSON writes it;
    /// the storage worker reads it back as the instrument's own scores type.
    @Test func storedScoresReadBackAsTheInstrumentsScores() throws {
        let mfi20 = MFI20Scores(generalFatigue: 12, physicalFatigue: nil, reducedActivity: 4, reducedMotivation: 20, mentalFatigue: 9, complete: false)
        let mfs = MFSScores(total: 14.5, indicated: true, band: .mild, complete: true)
        let storedMFI20 = Data(try MDMEJSON.encode(QuestionnaireScores.mfi20(mfi20)))
        let storedMFS = Data(try MDMEJSON.encode(QuestionnaireScores.mfs(mfs)))
        #expect(String(decoding: storedMFI20, as: UTF8.self).contains(#""physical_fatigue":null"#))
        #expect(try MDMEJSON.decoder().decode(MFI20Scores.self, from: storedMFI20) == mfi20)
        #expect(try MDMEJSON.decoder().decode(MFSScores.self, from: storedMFS) == mfs)
    }
}
