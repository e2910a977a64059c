import Foundation
import Postgres
import Testing

/// `mdme dlq`: a command that keeps failing ends in the dead-letter queue, where the operator
/// sees it without personal data, purges what should not happen and replays the rest once the
/// cause is fixed — and a replay takes effect exactly once.
@Suite(.runningSystem)
struct DeadLetterTests {
    @Test("dead letters are listed without payloads, purged and replayed exactly once")
    func listPurgeReplay() async throws {
        let system = try await SystemUnderTest.start(settings: [
            "MDME_MESSAGING_MAX_ATTEMPTS": "2",
            "MDME_GATEWAY_REPLY_TIMEOUT_MS": "3000",
        ])
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)

        // The fault an operator would meet: the workers' role lost a grant.
        try privilege("revoke insert on registrations from mdme_app", system)
        var commandIDs: [String] = []
        for activity in ["Indkøb i Føtex", "Gåtur ved åen"] {
            let response = try await system.api.post("/api/v1/me/registrations", registration(activity), token: client.token)
            #expect(response.status == 202, "\(response.text)")
            commandIDs.append(try #require(response.object["command_id"] as? String))
        }
        var listed: [[String: Any]] = []
        try await eventually("both commands are dead-lettered") {
            listed = try deadLetters(system)
            return listed.count == 2
        }
        let summary = try #require(listed.first { $0["message_id"] as? String == commandIDs[0] })
        #expect(summary["type"] as? String == "registration.create")
        #expect(summary["routing_key"] as? String == "storage.registration.create")
        #expect(summary["attempts"] as? Int == 2)
        #expect((summary["reason"] as? String)?.contains("permission denied") == true, "\(summary)")
        let listing = try system.cli(["dlq", "list", "--worker", "storage"])
        #expect(!listing.contains("Føtex") && !listing.contains("åen"), "no payload in the listing: \(listing)")
        let failed = try await system.api.get("/api/v1/commands/\(commandIDs[0])", token: client.token)
        #expect(failed.object["status"] as? String == "failed", "\(failed.text)")

        let shown = try system.cli(["dlq", "show", "--id", commandIDs[1]])
        #expect(shown.contains(commandIDs[1]) && !shown.contains("åen"))
        #expect(try system.cli(["dlq", "purge", "--id", commandIDs[1]]).contains(commandIDs[1]))

        try privilege("grant insert on registrations to mdme_app", system)
        #expect(try system.cli(["dlq", "replay", "--all"]) == #"{"replayed":["\#(commandIDs[0])"]}"# + "\n")
        try await eventually("the replayed command is done") {
            let status = try await system.api.get("/api/v1/commands/\(commandIDs[0])", token: client.token)
            return status.object["status"] as? String == "done"
        }
        #expect(try system.count("select count(*)::int as count from registrations") == 1)
        #expect(try deadLetters(system).isEmpty)
        // Nothing left to replay; a second replay of the same id is refused, not repeated.
        #expect(throws: TestFailure.self) { try system.cli(["dlq", "replay", "--id", commandIDs[0]]) }
        #expect(throws: TestFailure.self) { try system.cli(["dlq", "replay"]) }
        #expect(throws: TestFailure.self) { try system.cli(["dlq", "list", "--worker", "nobody"]) }
    }

    private func deadLetters(_ system: SystemUnderTest) throws -> [[String: Any]] {
        let output = try system.cli(["dlq", "list"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(object["dead_letters"] as? [[String: Any]])
    }

    private func privilege(_ statement: String, _ system: SystemUnderTest) throws {
        let connection = try system.database()
        defer { connection.close() }
        try connection.executeScript(statement)
    }
}
