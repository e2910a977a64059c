import Crypto
import Foundation
import Postgres
import Testing

/// Rotating the master key and the session signing key on a running system, the way README.md
/// ("Rotating keys") tells an operator to: nothing written before the rotation is lost, nobody
/// is logged out, and tokens from keys the system does not know are refused.
@Suite(.serialized)
struct KeyRotationFlowTests {
    static let workers: [SystemUnderTest.Component] = [.storage, .scoring, .retention]

    @Test("master key rotation: old data reads back while both keys are loaded, after rewrapping, and with the old key retired")
    func masterKeyRotation() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist, name: "Rita Rotation")
        for activity in ["Before rotation 1", "Before rotation 2"] {
            let posted = try await system.api.post("/api/v1/me/registrations", registration(activity), token: client.token)
            #expect(posted.status == 201, "\(posted.text)")
        }
        try await expectReadable(system, client: client.id, name: "Rita Rotation",
                                 activities: ["Before rotation 1", "Before rotation 2"], token: therapist.token)

        // A new master key; the workers restart one by one knowing both, the gateway stays up.
        let oldKey = system.directory.appendingPathComponent("master.key").path
        let newKey = system.directory.appendingPathComponent("master-2.key").path
        try system.cli(["keys", "generate", "--out", newKey])
        #expect(throws: (any Error).self, "keys are never overwritten") { try system.cli(["keys", "generate", "--out", newKey]) }
        system.reconfigure(["MDME_SECURITY_MASTER_KEY_FILE": newKey, "MDME_SECURITY_MASTER_KEY_ID": "k2",
                            "MDME_SECURITY_PREVIOUS_MASTER_KEY_FILE": oldKey, "MDME_SECURITY_PREVIOUS_MASTER_KEY_ID": "k1"])
        try restart(system, Self.workers)
        try await expectReadable(system, client: client.id, name: "Rita Rotation",
                                 activities: ["Before rotation 1", "Before rotation 2"], token: therapist.token)
        // Accounts made now get data keys wrapped by the new master key straight away.
        let late = try await tenant.createClient(by: therapist, name: "Lars Late")
        let before = try lastJSON(system.cli(["keys", "status"]))
        let oldCount = try #require((before["keys"] as? [String: Int])?["k1"])
        #expect(before["current_key_id"] as? String == "k2")
        #expect((before["keys"] as? [String: Int])?["k2"] == 1)
        #expect(oldCount == 3, "the admin, the therapist and the client were wrapped by k1")

        // Rewrap in small batches while everything runs.
        let rotated = try lastJSON(system.cli(["keys", "rotate", "--batch-size", "2"]))
        #expect(rotated["rewrapped"] as? Int == oldCount)
        #expect(rotated["keys"] as? [String: Int] == ["k2": oldCount + 1])
        #expect(try system.count("select count(*)::int as count from account_keys where key_id <> 'k2'") == 0)
        try await expectReadable(system, client: client.id, name: "Rita Rotation",
                                 activities: ["Before rotation 1", "Before rotation 2"], token: therapist.token)
        #expect(try lastJSON(system.cli(["keys", "rotate"]))["rewrapped"] as? Int == 0, "a second run has nothing to do")

        // The old key retired: everything still reads, and new writes work.
        system.reconfigure(["MDME_SECURITY_PREVIOUS_MASTER_KEY_FILE": "", "MDME_SECURITY_PREVIOUS_MASTER_KEY_ID": ""])
        try restart(system, Self.workers)
        let after = try await system.api.post("/api/v1/me/registrations", registration("After rotation"), token: client.token)
        #expect(after.status == 201, "\(after.text)")
        try await expectReadable(system, client: client.id, name: "Rita Rotation",
                                 activities: ["Before rotation 1", "Before rotation 2", "After rotation"], token: therapist.token)
        let lateDetail = try await system.api.get("/api/v1/clients/\(late.id)", token: therapist.token)
        #expect(lateDetail.object["name"] as? String == "Lars Late", "\(lateDetail.text)")
        // Without the previous key configured, a stray key it wrapped would be reported, not skipped.
        let database = try system.database()
        defer { database.close() }
        try database.query("update account_keys set key_id = 'k1' where account_id = $1", [UUID(uuidString: late.id)!])
        let stray = #expect(throws: (any Error).self) { try system.cli(["keys", "rotate"]) }
        #expect("\(stray.map { "\($0)" } ?? "")".contains("master key k1, which is not configured"))
    }

    @Test("session key rotation: sessions signed by the previous key last until they expire or the key is dropped; unknown keys are refused")
    func sessionKeyRotation() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let oldToken = tenant.admin.token
        let oldKey = system.directory.appendingPathComponent("session.key").path
        let newKey = system.directory.appendingPathComponent("session-2.key").path
        try system.cli(["keys", "generate", "--out", newKey])

        system.reconfigure(["MDME_SECURITY_SESSION_KEY_FILE": newKey, "MDME_SECURITY_PREVIOUS_SESSION_KEY_FILE": oldKey])
        try restart(system, [.storage, .gateway])
        try await system.waitUntilReady()
        #expect(try await system.api.get("/api/v1/me", token: oldToken).status == 200, "a session from before the rotation")
        let newToken = try await system.api.login(email: tenant.admin.email, password: TenantFixture.password)
        #expect(try await system.api.get("/api/v1/me", token: newToken).status == 200)
        #expect((try? SessionTokenSigner(key: KeyFile.load(path: newKey)).verify(newToken)) != nil, "new tokens use the new key")
        #expect((try? SessionTokenSigner(key: KeyFile.load(path: oldKey)).verify(newToken)) == nil)

        // A well-formed token for a real session, signed by a key the system never had.
        let claims = try SessionTokenSigner(key: KeyFile.load(path: newKey)).verify(newToken)
        let forged = try SessionTokenSigner(key: SecureRandom.bytes(32)).sign(claims)
        let refused = try await system.api.get("/api/v1/me", token: forged)
        #expect(refused.status == 401, "\(refused.text)")

        // Once the previous key is dropped (after session_ttl_minutes), its tokens stop working.
        system.reconfigure(["MDME_SECURITY_PREVIOUS_SESSION_KEY_FILE": ""])
        try restart(system, [.storage, .gateway])
        try await system.waitUntilReady()
        #expect(try await system.api.get("/api/v1/me", token: oldToken).status == 401)
        #expect(try await system.api.get("/api/v1/me", token: newToken).status == 200)
    }

    private func restart(_ system: SystemUnderTest, _ components: [SystemUnderTest.Component]) throws {
        for component in components {
            system.stop(component)
            try system.start(component)
        }
    }

    /// The client's name and registrations, read through the API (so through the data keys).
    private func expectReadable(_ system: SystemUnderTest, client: String, name: String, activities: [String], token: String,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws {
        // Right after a restart the worker may still be connecting; the first read waits for it.
        try await eventually("client \(client) readable") {
            try await system.api.get("/api/v1/clients/\(client)", token: token).status == 200
        }
        let detail = try await system.api.get("/api/v1/clients/\(client)", token: token)
        #expect(detail.object["name"] as? String == name, "\(detail.text)", sourceLocation: sourceLocation)
        let listed = try await system.api.get("/api/v1/clients/\(client)/registrations", token: token)
        #expect(Set(listed.array.compactMap { $0["activity"] as? String }) == Set(activities), "\(listed.text)", sourceLocation: sourceLocation)
    }

    /// The JSON object on the last line of a CLI's output (progress goes to stderr before it).
    private func lastJSON(_ output: String) throws -> [String: Any] {
        let line = try #require(output.split(whereSeparator: \.isNewline).last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
