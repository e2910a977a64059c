import Foundation
import Postgres
import Testing

/// The client answers, `mdme-scoring` scores, the therapist sees the scores.
@Suite(.runningSystem)
struct QuestionnaireScoringTests {
    /// Item k answered ((k − 1) mod 5) + 1. Worked by hand from DOMAIN.md: after reversing items
    /// 2, 5, 9, 10, 13, 14, 16, 17, 18, 19 the subscales are 9, 14, 9, 14, 8, total 54.
    static let mfi20Answers: [Int] = (1...20).map { ($0 - 1) % 5 + 1 }
    /// Items 1–13 at 1, item 14 at 1.5 (total 14.5: mild, indicated), item 15 at 3 (never counted).
    static let mfsAnswers: [Double] = Array(repeating: 1, count: 13) + [1.5, 3]

    @Test("MFI-20 and MFS answered by the client are scored and shown to the therapist")
    func answeredAndScored() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let path = "/api/v1/clients/\(client.id)/questionnaires"
        let mfi20 = try #require(try await system.api.post(path, ["instrument": "mfi20"], token: tenant.admin.token).object["id"] as? String)
        let mfs = try #require(try await system.api.post(path, ["instrument": "mfs"], token: tenant.admin.token).object["id"] as? String)

        let form = try await system.api.get("/api/v1/me/questionnaires/\(mfi20)", token: client.token)
        #expect((form.object["items"] as? [Any])?.count == 20)

        let answered = try await system.api.post("/api/v1/me/questionnaires/\(mfi20)/answers", ["answers": Self.mfi20Answers], token: client.token)
        #expect(answered.status == 202 && answered.object["status"] as? String == "submitted", "\(answered.text)")
        #expect(try await system.api.post("/api/v1/me/questionnaires/\(mfs)/answers", ["answers": Self.mfsAnswers], token: client.token).status == 202)

        try await eventually("both questionnaires are scored") {
            let list = try await system.api.get(path, token: tenant.admin.token)
            return list.array.allSatisfy { $0["status"] as? String == "scored" }
        }
        let list = try await system.api.get(path, token: tenant.admin.token).array
        let mfi20Scores = try #require(list.first { $0["id"] as? String == mfi20 }?["scores"] as? [String: Any])
        #expect(mfi20Scores["general_fatigue"] as? Int == 9)
        #expect(mfi20Scores["physical_fatigue"] as? Int == 14)
        #expect(mfi20Scores["reduced_activity"] as? Int == 9)
        #expect(mfi20Scores["reduced_motivation"] as? Int == 14)
        #expect(mfi20Scores["mental_fatigue"] as? Int == 8)
        #expect(mfi20Scores["total"] as? Int == 54)
        #expect(mfi20Scores["complete"] as? Bool == true)
        let mfsScores = try #require(list.first { $0["id"] as? String == mfs }?["scores"] as? [String: Any])
        #expect(mfsScores["total"] as? Double == 14.5)
        #expect(mfsScores["indicated"] as? Bool == true)
        #expect(mfsScores["band"] as? String == "mild")

        // The client sees the status, not the scores.
        let mine = try await system.api.get("/api/v1/me/questionnaires", token: client.token).array
        #expect(mine.allSatisfy { $0["status"] as? String == "scored" && $0["scores"] == nil })
        // Answering twice is a conflict.
        let again = try await system.api.post("/api/v1/me/questionnaires/\(mfi20)/answers", ["answers": Self.mfi20Answers], token: client.token)
        #expect(again.status == 409 && again.errorCode == "conflict")
        // Neither answers nor scores are stored readable.
        let database = try system.database()
        defer { database.close() }
        #expect(try database.query("select count(*)::int as count from questionnaire_assignments where (answers_enc is null or scores_enc is null) and id = $1",
                                   [UUID(uuidString: mfi20)!]).first?.decode("count", as: Int.self) == 0)
    }

    @Test("invalid answers get a 400 naming the items and change nothing")
    func invalidAnswers() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let path = "/api/v1/clients/\(client.id)/questionnaires"
        let mfi20 = try #require(try await system.api.post(path, ["instrument": "mfi20"], token: tenant.admin.token).object["id"] as? String)
        let mfs = try #require(try await system.api.post(path, ["instrument": "mfs"], token: tenant.admin.token).object["id"] as? String)

        var bad: [Any] = Self.mfi20Answers
        bad[0] = 0
        bad[4] = 6
        bad[9] = 2.5
        let wrong = try await system.api.post("/api/v1/me/questionnaires/\(mfi20)/answers", ["answers": bad], token: client.token)
        #expect(wrong.status == 400 && wrong.errorCode == "validation_failed")
        #expect(wrong.errorFields == ["answers[0]", "answers[4]", "answers[9]"], "\(wrong.text)")
        let short = try await system.api.post("/api/v1/me/questionnaires/\(mfi20)/answers", ["answers": Array(Self.mfi20Answers.prefix(19))], token: client.token)
        #expect(short.status == 400 && short.errorFields.contains("answers"))
        var badMFS: [Any] = Self.mfsAnswers
        badMFS[14] = 0.25
        let quarter = try await system.api.post("/api/v1/me/questionnaires/\(mfs)/answers", ["answers": badMFS], token: client.token)
        #expect(quarter.status == 400 && quarter.errorFields == ["answers[14]"], "\(quarter.text)")
        let notList = try await system.api.post("/api/v1/me/questionnaires/\(mfs)/answers", ["answers": "all good"], token: client.token)
        #expect(notList.status == 400 && notList.errorFields == ["answers"])
        // Someone else's questionnaire does not exist for this client.
        let other = try await tenant.createClient(by: tenant.admin, name: "Anden")
        #expect(try await system.api.post("/api/v1/me/questionnaires/\(mfi20)/answers", ["answers": Self.mfi20Answers], token: other.token).status == 404)

        let statuses = try await system.api.get(path, token: tenant.admin.token).array.compactMap { $0["status"] as? String }
        #expect(statuses == ["pending", "pending"])
    }

    struct Submission: Sendable {
        let token: String
        let client: String
        let assignment: String
        let answers: [Double]
    }

    @Test("kill -9 of mdme-scoring mid-burst: every submission is scored exactly once")
    func killedScoringWorker() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        var submissions: [Submission] = []
        for index in 0..<6 {
            let client = try await tenant.createClient(by: tenant.admin, name: "Klient \(index)")
            let path = "/api/v1/clients/\(client.id)/questionnaires"
            for (instrument, answers) in [("mfi20", Self.mfi20Answers.map(Double.init)), ("mfs", Self.mfsAnswers)] {
                let id = try #require(try await system.api.post(path, ["instrument": instrument], token: tenant.admin.token).object["id"] as? String)
                submissions.append(Submission(token: client.token, client: client.id, assignment: id, answers: answers))
            }
        }
        let burst = submissions
        try await withThrowingTaskGroup(of: Int.self) { group in
            for submission in burst {
                group.addTask {
                    try await system.api.post("/api/v1/me/questionnaires/\(submission.assignment)/answers",
                                              ["answers": submission.answers], token: submission.token).status
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(120))
                system.stop(.scoring, signal: SIGKILL)
                try await Task.sleep(for: .milliseconds(300))
                try system.start(.scoring)
                return 202
            }
            for try await status in group { #expect(status == 202) }
        }
        let ids = burst.map { UUID(uuidString: $0.assignment)! }
        try await eventually("every submission is scored") {
            try ids.allSatisfy { id in
                try system.count("select count(*)::int as count from questionnaire_assignments where id = $1 and status = 'scored'", [id]) == 1
            }
        }
        // Exactly once: one scoring (audit row) per questionnaire, two per client.
        for client in Set(burst.map(\.client)) {
            let scorings = try system.count(
                "select count(*)::int as count from audit_log where action = 'questionnaire.score' and client_ref = $1", [UUID(uuidString: client)!]
            )
            #expect(scorings == 2, "client \(client) was scored \(scorings) times")
        }
    }
}
