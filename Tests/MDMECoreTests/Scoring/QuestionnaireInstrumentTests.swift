import Foundation
import MDMECore
import Testing

@Suite("Questionnaire instruments")
struct QuestionnaireInstrumentTests {
    // MARK: Definitions

    @Test(arguments: [(QuestionnaireInstrument.mfi20, 20), (.mfs, 15)])
    func itemsAreNumberedOneToN(instrument: QuestionnaireInstrument, count: Int) {
        #expect(instrument.items.map(\.number) == Array(1...count))
    }

    @Test func itemCountsMatchTheScorers() {
        #expect(QuestionnaireInstrument.mfi20.items.count == MFI20Scorer.itemCount)
        #expect(QuestionnaireInstrument.mfs.items.count == MFSScorer.itemCount)
    }

    @Test(arguments: QuestionnaireInstrument.allCases)
    func everyTextIsWrittenInDanishAndEnglish(instrument: QuestionnaireInstrument) {
        var texts = [instrument.title, instrument.instructions]
        for item in instrument.items {
            texts.append(item.text)
            texts += item.options.map(\.label)
        }
        for text in texts {
            #expect(!text.danish.trimmingCharacters(in: .whitespaces).isEmpty)
            #expect(!text.english.trimmingCharacters(in: .whitespaces).isEmpty)
            #expect(text.danish != text.english, "\(text.english)")
        }
    }

    @Test(arguments: QuestionnaireInstrument.allCases)
    func noTwoItemsShareATextInEitherLanguage(instrument: QuestionnaireInstrument) {
        for language in InstrumentLanguage.allCases {
            let texts = instrument.items.map { $0.text[language] }
            #expect(Set(texts).count == texts.count, "\(language)")
        }
    }

    @Test func mfsItemsNameTheirSymptomsInOrder() {
        let names = [
            "Fatigue", "Lack of initiative", "Mental fatigue", "Mental recovery", "Concentration difficulties",
            "Memory problems", "Slowness of thinking", "Sensitivity to stress", "Increased tendency to become emotional",
            "Irritability", "Sensitivity to light", "Sensitivity to noise", "Decreased sleep", "Increased sleep",
            "24-hour variation",
        ]
        for (item, name) in zip(QuestionnaireInstrument.mfs.items, names) {
            #expect(item.text.english.hasPrefix(name + ":"), "item \(item.number)")
        }
    }

    /// The options offered are exactly the answers the scorer accepts, lowest first.
    @Test func mfi20OptionsAreTheScorersAnswers() {
        for item in QuestionnaireInstrument.mfi20.items {
            #expect(item.options.map(\.value) == MFI20Scorer.allowedAnswers.map(Double.init), "item \(item.number)")
        }
    }

    @Test func mfsOptionsAreTheScorersAnswers() {
        for item in QuestionnaireInstrument.mfs.items {
            #expect(item.options.map(\.value) == MFSScorer.allowedAnswers, "item \(item.number)")
        }
        #expect(MFSScorer.allowedAnswers == [0, 0.5, 1, 1.5, 2, 2.5, 3])
    }

    /// Half steps on the MFS are labelled "between" the whole steps around them.
    @Test func mfsHalfStepsAreLabelledBetween() {
        for option in QuestionnaireInstrument.mfs.items[0].options where option.value.rounded() != option.value {
            #expect(option.label.english.hasPrefix("Between"))
            #expect(option.label.danish.hasPrefix("Mellem"))
        }
    }

    /// Every option, answered on every item, passes the scorer's validation of raw JSON.
    @Test(arguments: QuestionnaireInstrument.allCases)
    func everyOptionIsAValidAnswer(instrument: QuestionnaireInstrument) throws {
        let values = instrument.items[0].options.map(\.value)
        for value in values {
            let answers = JSONValue.array(Array(repeating: .number(value), count: instrument.items.count))
            #expect(throws: Never.self) { try instrument.validate(answers: answers) }
        }
    }

    @Test func identifiersAndVersions() throws {
        #expect(QuestionnaireInstrument.allCases.map(\.rawValue) == ["mfi20", "mfs"])
        #expect(try JSONValue(encoding: [QuestionnaireInstrument.mfi20]) == .array([.string("mfi20")]))
        #expect(try JSONValue.string("mfs").decode(as: QuestionnaireInstrument.self) == .mfs)
        #expect(QuestionnaireInstrument.mfi20.version == "mfi20-mdme-1")
        #expect(QuestionnaireInstrument.mfs.version == "mfs-mdme-1")
    }

    // MARK: Serving an item

    @Test func itemsAreServedInTheAskedLanguage() throws {
        let item = QuestionnaireInstrument.mfs.items[14]
        let english = try JSONValue(encoding: item.localized(.english))
        #expect(english["number"] == .number(15))
        #expect(english["text"] == .string(item.text.english))
        let englishOptions: [JSONValue] = try #require(english["options"]).decode()
        #expect(englishOptions.count == 7)
        #expect(englishOptions[1] == .object(["value": .number(0.5), "label": .string("Between 0 and 1")]))
        let danish = try JSONValue(encoding: item.localized(.danish))
        #expect(danish["text"] == .string(item.text.danish))
        let danishOptions: [JSONValue] = try #require(danish["options"]).decode()
        #expect(danishOptions.first == .object(["value": .number(0), "label": .string("Ingen problemer")]))
    }

    @Test func wholeOptionValuesAreServedAsIntegers() throws {
        let item = QuestionnaireInstrument.mfi20.items[0].localized(.standard)
        let text = String(decoding: try MDMEJSON.encode(item.options[0]), as: UTF8.self)
        #expect(text == #"{"label":"Ja, det passer","value":1}"#)
    }

    @Test func danishIsTheDefaultLanguage() {
        #expect(InstrumentLanguage.standard == .danish)
        #expect(InstrumentLanguage(rawValue: "da") == .danish)
        #expect(InstrumentLanguage(rawValue: "en") == .english)
        #expect(InstrumentLanguage(rawValue: "fr") == nil)
    }

    // MARK: Scoring by instrument

    @Test func validateChecksTheInstrumentsOwnRules() throws {
        let mfsAnswers = JSONValue.array(Array(repeating: .number(2.5), count: 15))
        #expect(throws: Never.self) { try QuestionnaireInstrument.mfs.validate(answers: mfsAnswers) }
        let error = try #require(throws: QuestionnaireAnswerError.self) { try QuestionnaireInstrument.mfi20.validate(answers: mfsAnswers) }
        #expect(error.countProblem != nil)
        #expect(error.items == Array(1...15))
    }

    @Test func scoringByInstrument() throws {
        let mfi20 = try QuestionnaireInstrument.mfi20.score(answers: .array(Array(repeating: .number(3), count: 20)))
        #expect(mfi20 == .mfi20(MFI20Scores(generalFatigue: 12, physicalFatigue: 12, reducedActivity: 12,
                                            reducedMotivation: 12, mentalFatigue: 12, complete: true)))
        #expect(mfi20.complete)
        let mfsAnswers = JSONValue.array(Array(repeating: .number(1), count: 14) + [.null])
        let mfs = try QuestionnaireInstrument.mfs.score(answers: mfsAnswers)
        #expect(mfs == .mfs(MFSScores(total: 14, indicated: true, band: .mild, complete: false)))
        #expect(!mfs.complete)
        let strict = try QuestionnaireInstrument.mfs.score(answers: mfsAnswers, mfsRules: MFSScoringRules(cutOff: 15, mildFrom: 15))
        #expect(strict == .mfs(MFSScores(total: 14, indicated: false, band: .noFatigue, complete: false)))
    }

    @Test func scoresEncodeAsTheInstrumentsOwnObject() throws {
        let scores = try QuestionnaireInstrument.mfs.score(answers: .array(Array(repeating: .number(0), count: 15)))
        #expect(try JSONValue(encoding: scores) == .object([
            "total": .number(0), "indicated": .bool(false), "band": .string("none"), "complete": .bool(true),
        ]))
    }

    @Test func scoringRejectsInvalidAnswers() throws {
        let answers = JSONValue.array(Array(repeating: .number(6), count: 20))
        let error = try #require(throws: QuestionnaireAnswerError.self) { try QuestionnaireInstrument.mfi20.score(answers: answers) }
        #expect(error.items == Array(1...20))
        #expect(error.apiError.details?.count == 20)
    }
}
