import Foundation
import Testing

/// Schemathesis (PyPI) generates requests from openapi/mdme.yaml against a running system, as
/// a therapist, a tenant admin and a client: no 5xx, every status documented, every body matching its
/// schema. `scripts/test` installs it; the seed and the number of cases are fixed.
@Suite
struct SchemathesisFuzzTests {
    @Test("schemathesis finds no server error and no response outside the description")
    func fuzz() async throws {
        let executable = try #require(
            ProcessInfo.processInfo.environment["MDME_SCHEMATHESIS"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil },
            "MDME_SCHEMATHESIS must name the schemathesis command: scripts/test installs it with pip"
        )
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        for (role, token) in [("therapist", therapist.token), ("tenant admin", tenant.admin.token), ("client", client.token)] {
            let output: String
            do {
                output = try TestEnvironment.run(executable, [
                    "run", system.environment.repository.appendingPathComponent("openapi/mdme.yaml").path,
                    "--url", "http://127.0.0.1:\(system.port)",
                    "-H", "Authorization: Bearer \(token)",
                    "--max-examples", "15", "--seed", "20261204",
                    // Logging out would end the run's own session half-way.
                    "--exclude-path", "/api/v1/auth/logout",
                    "--checks", "not_a_server_error,status_code_conformance,response_schema_conformance",
                    "--no-color",
                ])
            } catch let failure as TestFailure {
                Issue.record("schemathesis as \(role) found failures:\n\(failure.description.suffix(4000))")
                continue
            }
            let summary = output.split(separator: "\n").filter { $0.contains("generated") || $0.contains("passed") }
            print("schemathesis as \(role): \(summary.joined(separator: " | "))")
            #expect(output.contains("passed"))
        }
        #expect(try await system.api.get("/healthz").status == 200)
    }

    @Test("requests that break the description are all refused and store nothing")
    func negativeFuzz() async throws {
        let executable = try #require(
            ProcessInfo.processInfo.environment["MDME_SCHEMATHESIS"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil },
            "MDME_SCHEMATHESIS must name the schemathesis command: scripts/test installs it with pip"
        )
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let tables = ["tenants", "accounts", "clients", "registrations", "goals", "reflection_sheets", "color_scales",
                      "copm_assessments", "questionnaire_assignments", "handovers", "password_resets", "invitations", "outbox", "reports"]
        func counts() throws -> [Int] {
            // Table names come from the list above, never from input.
            try tables.map { try system.count("select count(*)::int as count from \($0)") }
        }
        let before = try counts()
        for token in [tenant.admin.token, client.token] {
            do {
                let output = try TestEnvironment.run(executable, [
                    "run", system.environment.repository.appendingPathComponent("openapi/mdme.yaml").path,
                    "--url", "http://127.0.0.1:\(system.port)", "-H", "Authorization: Bearer \(token)",
                    "--mode", "negative", "--phases", "coverage,fuzzing", "--max-examples", "10", "--seed", "20261204",
                    "--exclude-path", "/api/v1/auth/logout",
                    "--checks", "not_a_server_error,negative_data_rejection", "--no-color",
                ])
                let summary = output.split(separator: "\n").filter { $0.contains("generated") }
                print("schemathesis, invalid requests only: \(summary.joined(separator: " | "))")
                #expect(output.contains("passed"))
            } catch let failure as TestFailure {
                Issue.record("negative fuzzing found failures:\n\(failure.description.suffix(4000))")
            }
        }
        #expect(try counts() == before, "a rejected request stored something")
    }
}
