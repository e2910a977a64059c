import Foundation
import MDMECore
import Testing

/// Goals, colour scales and reflection sheets: decoding and validation of their requests.
@Suite("Client record requests")
struct ClientRecordRequestTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> Result<T, APIError> {
        RequestDecoding.decode(type, from: Array(json.utf8))
    }

    // MARK: Goals

    @Test func validGoalPasses() throws {
        let request = try Self.decode(CreateGoalRequest.self, #"{"kind":"short_term","text":"Gå en tur hver dag"}"#).get()
        #expect(request.kind == .shortTerm && request.targetDate == nil)
        #expect(request.validate() == nil)
        let dated = try Self.decode(CreateGoalRequest.self, #"{"kind":"long_term","text":"Arbejde 20 timer","target_date":"2027-06-30"}"#).get()
        #expect(dated.kind == .longTerm && dated.targetDate == CalendarDate.of("2027-06-30"))
        #expect(dated.validate() == nil)
    }

    @Test(arguments: [
        (#"{"kind":"someday","text":"x"}"#, "kind"),
        (#"{"text":"x"}"#, "kind"),
        (#"{"kind":"short_term"}"#, "text"),
        (#"{"kind":"short_term","text":7}"#, "text"),
        (#"{"kind":"short_term","text":"x","target_date":"2027-02-30"}"#, "target_date"),
        (#"{"kind":"short_term","text":"x","target_date":"next week"}"#, "target_date"),
    ])
    func badGoalBodyNamesTheField(json: String, field: String) throws {
        let error = try #require(Self.decode(CreateGoalRequest.self, json).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == [field])
    }

    @Test func goalTextMustBeShortAndNotBlank() {
        #expect(CreateGoalRequest(kind: .shortTerm, text: String(repeating: "g", count: 2000)).validate() == nil)
        #expect(CreateGoalRequest(kind: .shortTerm, text: String(repeating: "g", count: 2001)).validate()?.fields == ["text"])
        #expect(CreateGoalRequest(kind: .shortTerm, text: "").validate()?.fields == ["text"])
        #expect(CreateGoalRequest(kind: .shortTerm, text: " \n").validate()?.fields == ["text"])
    }

    @Test(arguments: [("1999-12-31", false), ("2000-01-01", true), ("2100-12-31", true), ("2101-01-01", false), ("0001-01-01", false)])
    func targetDateMustBePlausible(date: String, accepted: Bool) {
        let request = CreateGoalRequest(kind: .longTerm, text: "x", targetDate: .of(date))
        #expect((request.validate() == nil) == accepted)
        if !accepted { #expect(request.validate()?.fields == ["target_date"]) }
    }

    @Test func goalUpdateTellsAbsentFromNull() throws {
        let absent = try Self.decode(UpdateGoalRequest.self, #"{"status":"achieved"}"#).get()
        #expect(absent.status == .achieved)
        #expect(absent.targetDate == nil)
        let removed = try Self.decode(UpdateGoalRequest.self, #"{"target_date":null}"#).get()
        #expect(removed.targetDate == .some(nil))
        #expect(removed.validate() == nil)
        let set = try Self.decode(UpdateGoalRequest.self, #"{"target_date":"2027-01-01"}"#).get()
        #expect(set.targetDate == .some(.of("2027-01-01")))
    }

    @Test func goalUpdateSurvivesReEncoding() throws {
        // The gateway re-encodes the validated request; a removal must stay a removal.
        let removed = try JSONValue(encoding: UpdateGoalRequest(targetDate: .some(nil)))
        #expect(removed == .object(["target_date": .null]))
        #expect(try removed.decode(as: UpdateGoalRequest.self).targetDate == .some(nil))
        let unchanged = try JSONValue(encoding: UpdateGoalRequest(text: "ny tekst"))
        #expect(unchanged == .object(["text": .string("ny tekst")]))
        #expect(try unchanged.decode(as: UpdateGoalRequest.self).targetDate == nil)
    }

    @Test func goalUpdateMustChangeSomething() throws {
        #expect(UpdateGoalRequest().validate()?.fields == ["body"])
        #expect(UpdateGoalRequest(status: .dropped).validate() == nil)
        #expect(UpdateGoalRequest(text: "").validate()?.fields == ["text"])
        #expect(UpdateGoalRequest(targetDate: .some(.of("1900-01-01"))).validate()?.fields == ["target_date"])
        let error = try #require(Self.decode(UpdateGoalRequest.self, #"{"status":"paused"}"#).failure)
        #expect(error.fields == ["status"])
    }

    // MARK: Colour scale

    static func level(_ color: String = "#2E7D32", label: String = "Giver energi",
                      statements: [String]? = nil, symptoms: [String]? = nil) -> SetColorScaleRequest.Level {
        SetColorScaleRequest.Level(color: color, label: label, statements: statements, symptoms: symptoms)
    }

    @Test func theStandardScaleIsAValidScale() {
        let request = SetColorScaleRequest(levels: ColorScale.standard.levels.map {
            Self.level($0.color, label: $0.label, statements: $0.statements, symptoms: $0.symptoms)
        })
        #expect(request.validate() == nil)
        #expect(request.scale == ColorScale.standard)
        #expect(ColorScale.maximumLevels == 6)
    }

    @Test(arguments: [0, 1, 2, 6, 7])
    func aScaleHasTwoToSixLevels(count: Int) {
        let request = SetColorScaleRequest(levels: Array(repeating: Self.level(), count: count))
        if (2...6).contains(count) {
            #expect(request.validate() == nil)
        } else {
            #expect(request.validate()?.fields == ["levels"])
        }
    }

    @Test(arguments: ["#2e7d32", "#ABCDEF", "#000000", "#ffffff"])
    func hexColoursAreAccepted(color: String) {
        #expect(SetColorScaleRequest(levels: [Self.level(color), Self.level()]).validate() == nil)
    }

    @Test(arguments: ["", "2E7D32", "#2E7D3", "#2E7D321", "#GGGGGG", "green", "#2E7D3 ", " #2E7D32", "#２E7D32", "rgb(0,0,0)", "#FFF"])
    func otherColoursAreRejected(color: String) {
        #expect(SetColorScaleRequest(levels: [Self.level(), Self.level(color)]).validate()?.fields == ["levels[1].color"])
    }

    @Test func coloursAreStoredInUpperCase() {
        #expect(SetColorScaleRequest(levels: [Self.level("#abcdef"), Self.level()]).scale.levels[0].color == "#ABCDEF")
    }

    @Test func labelsAreOneToSixtyCharacters() {
        #expect(SetColorScaleRequest(levels: [Self.level(label: String(repeating: "æ", count: 60)), Self.level()]).validate() == nil)
        #expect(SetColorScaleRequest(levels: [Self.level(label: String(repeating: "æ", count: 61)), Self.level()]).validate()?.fields == ["levels[0].label"])
        #expect(SetColorScaleRequest(levels: [Self.level(), Self.level(label: " ")]).validate()?.fields == ["levels[1].label"])
    }

    @Test func statementsAndSymptomsAreCheckedPerLevelAndEntry() {
        let twenty = (1...20).map { "udsagn \($0)" }
        #expect(SetColorScaleRequest(levels: [Self.level(statements: twenty, symptoms: twenty), Self.level()]).validate() == nil)
        #expect(SetColorScaleRequest(levels: [Self.level(), Self.level(statements: twenty + ["one more"])]).validate()?.fields == ["levels[1].statements"])
        #expect(SetColorScaleRequest(levels: [Self.level(symptoms: twenty + ["one more"]), Self.level()]).validate()?.fields == ["levels[0].symptoms"])
        let entries = ["ok", "", String(repeating: "s", count: 301), String(repeating: "s", count: 300)]
        #expect(SetColorScaleRequest(levels: [Self.level(), Self.level(symptoms: entries)]).validate()?.fields == ["levels[1].symptoms[1]", "levels[1].symptoms[2]"])
    }

    @Test func statementsAndSymptomsMayBeLeftOut() throws {
        let request = try Self.decode(SetColorScaleRequest.self, ##"{"levels":[{"color":"#00FF00","label":"Godt"},{"color":"#FF0000","label":"Skidt","statements":["Træt"],"symptoms":[]}]}"##).get()
        #expect(request.validate() == nil)
        #expect(request.scale.levels[0].statements == [] && request.scale.levels[0].symptoms == [])
        #expect(request.scale.levels[1].statements == ["Træt"])
    }

    @Test(arguments: [
        (#"{}"#, "levels"),
        (#"{"levels":"green"}"#, "levels"),
        (#"{"levels":[{"label":"x"}]}"#, "levels[0].color"),
        (##"{"levels":[{"color":"#000000","label":"x"},{"color":"#000000"}]}"##, "levels[1].label"),
        (##"{"levels":[{"color":"#000000","label":"x","statements":[1]}]}"##, "levels[0].statements[0]"),
    ])
    func badScaleBodyNamesTheField(json: String, field: String) throws {
        let error = try #require(Self.decode(SetColorScaleRequest.self, json).failure)
        #expect(error.code == .validationFailed)
        #expect(error.fields == [field])
    }

    @Test func everyProblemOfAScaleIsReported() throws {
        let error = try #require(SetColorScaleRequest(levels: [Self.level("red", label: "")]).validate())
        #expect(error.fields == ["levels", "levels[0].color", "levels[0].label"])
    }

    // MARK: Reflection sheets

    static func items(_ count: Int, question: String = "Hvad gav energi?", answer: String = "At gå en tur") -> [ReflectionItem] {
        Array(repeating: ReflectionItem(question: question, answer: answer), count: count)
    }

    @Test func validSheetPasses() throws {
        let request = try Self.decode(CreateReflectionSheetRequest.self, #"{"title":"Uge 1","items":[{"question":"Hvad gik godt?","answer":""}]}"#).get()
        #expect(request.items == [ReflectionItem(question: "Hvad gik godt?", answer: "")])
        #expect(request.validate() == nil)
    }

    @Test(arguments: [0, 1, 50, 51])
    func aSheetHasOneToFiftyItems(count: Int) {
        let problem = CreateReflectionSheetRequest(title: "Uge 1", items: Self.items(count)).validate()
        if (1...50).contains(count) { #expect(problem == nil) } else { #expect(problem?.fields == ["items"]) }
    }

    @Test func titleQuestionAndAnswerLimits() {
        #expect(CreateReflectionSheetRequest(title: String(repeating: "t", count: 200), items: Self.items(1)).validate() == nil)
        #expect(CreateReflectionSheetRequest(title: String(repeating: "t", count: 201), items: Self.items(1)).validate()?.fields == ["title"])
        #expect(CreateReflectionSheetRequest(title: "  ", items: Self.items(1)).validate()?.fields == ["title"])
        #expect(CreateReflectionSheetRequest(title: "T", items: Self.items(1, question: String(repeating: "q", count: 1000), answer: String(repeating: "a", count: 5000))).validate() == nil)
        #expect(CreateReflectionSheetRequest(title: "T", items: Self.items(2, question: String(repeating: "q", count: 1001))).validate()?.fields == ["items[0].question", "items[1].question"])
        #expect(CreateReflectionSheetRequest(title: "T", items: Self.items(1, question: "")).validate()?.fields == ["items[0].question"])
        #expect(CreateReflectionSheetRequest(title: "T", items: Self.items(1, answer: String(repeating: "a", count: 5001))).validate()?.fields == ["items[0].answer"])
    }

    @Test(arguments: [
        (#"{"items":[{"question":"q","answer":"a"}]}"#, "title"),
        (#"{"title":"T"}"#, "items"),
        (#"{"title":"T","items":[{"question":"q"}]}"#, "items[0].answer"),
        (#"{"title":"T","items":[{"answer":"a"}]}"#, "items[0].question"),
        (#"{"title":"T","items":{"question":"q","answer":"a"}}"#, "items"),
    ])
    func badSheetBodyNamesTheField(json: String, field: String) throws {
        let error = try #require(Self.decode(CreateReflectionSheetRequest.self, json).failure)
        #expect(error.fields == [field])
    }

    @Test func sheetUpdateChangesTitleItemsOrBoth() {
        #expect(UpdateReflectionSheetRequest().validate()?.fields == ["body"])
        #expect(UpdateReflectionSheetRequest(title: "Ny").validate() == nil)
        #expect(UpdateReflectionSheetRequest(items: Self.items(3)).validate() == nil)
        #expect(UpdateReflectionSheetRequest(items: []).validate()?.fields == ["items"])
        #expect(UpdateReflectionSheetRequest(title: "", items: Self.items(51)).validate()?.fields == ["title", "items"])
    }
}
