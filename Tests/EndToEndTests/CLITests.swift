import Foundation
import Testing

/// The operator's tool, run as the real executable.
@Suite
struct CLITests {
    @Test("config/rabbitmq/definitions.json is what the processes declare")
    func definitionsFileIsCurrent() throws {
        let environment = try TestEnvironment.require()
        let generated = try TestEnvironment.run(environment.binDirectory.appendingPathComponent("mdme").path, ["topology", "definitions"])
        let committed = try String(contentsOf: environment.repository.appendingPathComponent("config/rabbitmq/definitions.json"), encoding: .utf8)
        #expect(generated == committed, "regenerate with: .build/debug/mdme topology definitions > config/rabbitmq/definitions.json")
    }

    @Test("migrate is idempotent and tenant create refuses bad arguments")
    func migrateAndTenantCreate() throws {
        let system = try SystemUnderTest(settings: [:])
        defer { system.shutdown() }
        #expect(try system.cli(["migrate"]).contains(#"{"applied":[]}"#))
        #expect(throws: TestFailure.self) {
            try system.cli(["tenant", "create", "--name", "X", "--mail-mode", "pigeon", "--admin-name", "A", "--admin-email", "a@example.org"])
        }
        #expect(throws: TestFailure.self) {
            try system.cli(["tenant", "create", "--name", "X", "--mail-mode", "none", "--admin-name", "A", "--admin-email", "not-an-email"])
        }
        let output = try system.cli(["tenant", "create", "--name", "X", "--mail-mode", "smtp", "--admin-name", "A", "--admin-email", "cli@example.org"])
        let created = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String])
        #expect(Set(created.keys) == ["tenant_id", "admin_id", "invitation_token"])
        #expect(try system.count("select count(*)::int as count from tenants where mail_mode = 'smtp'") == 1)
        // The invitation is stored as a hash only.
        #expect(try system.count("select count(*)::int as count from invitations where token_hash = $1", [created["invitation_token"]!]) == 0)
        #expect(throws: TestFailure.self) {
            try system.cli(["tenant", "create", "--name", "Y", "--mail-mode", "none", "--admin-name", "B", "--admin-email", "CLI@example.org"])
        }
    }
}
