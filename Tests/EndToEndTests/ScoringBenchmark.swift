import Foundation
import Postgres
import Testing

/// Scoring throughput: messages per second through `mdme-scoring` (run by `scripts/bench`,
/// not by `scripts/test`: a benchmark's figure means something only on a quiet machine).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MDME_BENCH"] != nil, "run through scripts/bench"))
struct ScoringBenchmark {
    @Test("questionnaire.submitted messages per second through mdme-scoring")
    func throughput() async throws {
        let clients = Int(ProcessInfo.processInfo.environment["MDME_BENCH_CLIENTS"] ?? "") ?? 150
        let system = try await SystemUnderTest.start(settings: ["MDME_LOG_LEVEL": "notice"])
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        var submissions: [(token: String, assignment: String, answers: [Double])] = []
        for index in 0..<clients {
            let client = try await tenant.createClient(by: tenant.admin, name: "Bench \(index)")
            let path = "/api/v1/clients/\(client.id)/questionnaires"
            for (instrument, answers) in [("mfi20", QuestionnaireScoringTests.mfi20Answers.map(Double.init)), ("mfs", QuestionnaireScoringTests.mfsAnswers)] {
                let id = try #require(try await system.api.post(path, ["instrument": instrument], token: tenant.admin.token).object["id"] as? String)
                submissions.append((client.token, id, answers))
            }
        }
        // Queue every submission while the scorer is down, so the measurement is the drain.
        system.stop(.scoring)
        for submission in submissions {
            let response = try await system.api.post("/api/v1/me/questionnaires/\(submission.assignment)/answers",
                                                     ["answers": submission.answers], token: submission.token)
            #expect(response.status == 202)
        }
        try await eventually(timeout: .seconds(60), "the outbox is relayed") {
            try system.count("select count(*)::int as count from outbox") == 0
        }
        let started = ContinuousClock.now
        try system.start(.scoring)
        try await eventually(timeout: .seconds(300), "everything is scored") {
            try system.count("select count(*)::int as count from questionnaire_assignments where status = 'scored'") == submissions.count
        }
        let wall = ContinuousClock.now - started
        let database = try system.database()
        defer { database.close() }
        let span = try #require(try database.query(
            "select extract(epoch from max(scored_at) - min(scored_at))::float8 as seconds from questionnaire_assignments"
        ).first?.decode("seconds", as: Double.self))
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let messages = submissions.count
        let summary = String(
            format: #"{"benchmark":"scoring","messages":%d,"concurrency":2,"wall_seconds":%.2f,"wall_messages_per_second":%.1f,"scoring_span_seconds":%.2f,"steady_messages_per_second":%.1f}"#,
            messages, wallSeconds, Double(messages) / wallSeconds, span, Double(messages - 1) / max(span, 0.001)
        )
        print(summary)
        #expect(span > 0)
    }
}
