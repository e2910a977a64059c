import AMQP
import Foundation
import Testing

/// Nothing acknowledged is lost and nothing happens twice: a stopped worker, a killed worker,
/// a redelivered message and a restarted broker. Each test has a system of its own.
@Suite
struct DeliveryGuaranteeTests {
    @Test("a registration posted while the storage worker is stopped gets 202 and is stored when it starts")
    func acceptedWhileWorkerStopped() async throws {
        let system = try await SystemUnderTest.start(settings: ["MDME_GATEWAY_REPLY_TIMEOUT_MS": "1500"])
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)

        #expect(system.stop(.storage) == 0, "a graceful stop exits 0")
        let response = try await system.api.post("/api/v1/me/registrations", registration("Mens arbejderen sov"), token: client.token)
        #expect(response.status == 202, "\(response.text)")
        let commandID = try #require(response.object["command_id"] as? String)
        #expect(response.object["status"] as? String == "accepted")
        #expect(response.header("location") == "/api/v1/commands/\(commandID)")
        #expect(try system.count("select count(*)::int as count from registrations") == 0)

        try system.start(.storage)
        try await eventually("the command is done") {
            let status = try await system.api.get("/api/v1/commands/\(commandID)", token: client.token)
            return status.object["status"] as? String == "done"
        }
        let done = try await system.api.get("/api/v1/commands/\(commandID)", token: client.token)
        #expect((done.object["result"] as? [String: Any])?["activity"] as? String == "Mens arbejderen sov")
        #expect(try await activityCount(system, client, "Mens arbejderen sov") == 1)
        // Someone else's command is not found.
        #expect(try await system.api.get("/api/v1/commands/\(commandID)", token: tenant.admin.token).status == 404)
        // SIGTERM is a clean stop for every process.
        #expect(system.stop(.gateway) == 0)
        #expect(system.stop(.storage) == 0)
    }

    /// Registrations waiting together are handled as one batch, which reads its clients' keys
    /// and scales ahead, per tenant: each is still stored under its own client's key and
    /// checked against that client's own scale.
    @Test("registrations of several clients and tenants handled together keep each client's key and scale")
    func batchedRegistrationsKeepTheirClientsKeysAndScales() async throws {
        let system = try await SystemUnderTest.start(settings: ["MDME_GATEWAY_REPLY_TIMEOUT_MS": "1500"])
        defer { system.shutdown() }
        let first = try await TenantFixture.create(on: system)
        let second = try await TenantFixture.create(on: system)
        let twoLevels = try await first.createClient(by: first.admin, name: "To Niveauer")
        let standard = try await first.createClient(by: first.admin)
        let elsewhere = try await second.createClient(by: second.admin)
        let scale: [String: Any] = ["levels": [
            ["color": "#00AA00", "label": "Oplader", "statements": [], "symptoms": []],
            ["color": "#CC0000", "label": "Tapper", "statements": [], "symptoms": []],
        ]]
        #expect(try await system.api.send("PUT", "/api/v1/clients/\(twoLevels.id)/color-scale", json: scale, token: first.admin.token).status == 200)

        #expect(system.stop(.storage) == 0)
        let posts: [(client: TenantFixture.Person, activity: String, level: Int, stored: Bool)] = [
            (twoLevels, "Gåtur", 1, true), (standard, "Indkøb", 2, true), (twoLevels, "Rengøring", 2, false),
            (elsewhere, "Svømning", 2, true), (standard, "Madlavning", 0, true), (elsewhere, "Læsning", 1, true),
        ]
        var commands: [String] = []
        for post in posts {
            let response = try await system.api.post("/api/v1/me/registrations", registration(post.activity, level: post.level), token: post.client.token)
            #expect(response.status == 202, "\(response.text)")
            commands.append(try #require(response.object["command_id"] as? String))
        }
        try system.start(.storage)
        for (post, command) in zip(posts, commands) {
            try await eventually("command \(command) is settled") {
                let status = try await system.api.get("/api/v1/commands/\(command)", token: post.client.token)
                return ["done", "failed"].contains(status.object["status"] as? String)
            }
            let status = try await system.api.get("/api/v1/commands/\(command)", token: post.client.token)
            if post.stored {
                #expect(status.object["status"] as? String == "done", "\(post.activity): \(status.text)")
            } else {
                #expect(status.object["status"] as? String == "failed", "\(post.activity): \(status.text)")
                #expect(status.errorFields == ["level"], "\(status.text)")
            }
        }
        // Each diary reads back, decrypted with its own client's key.
        #expect(try await activities(system, twoLevels) == ["Gåtur"])
        #expect(try await Set(activities(system, standard)) == ["Indkøb", "Madlavning"])
        #expect(try await Set(activities(system, elsewhere)) == ["Svømning", "Læsning"])
    }

    @Test("kill -9 of the storage worker during a burst loses nothing acknowledged and stores nothing twice")
    func killedWorkerDuringBurst() async throws {
        let system = try await SystemUnderTest.start(settings: ["MDME_GATEWAY_REPLY_TIMEOUT_MS": "2000"])
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let count = 80

        let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<count {
                group.addTask {
                    let response = try await system.api.post("/api/v1/me/registrations", registration("burst-\(index)"), token: client.token)
                    return (index, response.status)
                }
            }
            group.addTask {
                // Kill the worker while the burst is being handled, then bring it back.
                try await Task.sleep(for: .milliseconds(150))
                system.stop(.storage, signal: SIGKILL)
                try await Task.sleep(for: .milliseconds(300))
                try system.start(.storage)
                return (-1, 0)
            }
            var statuses: [Int: Int] = [:]
            for try await (index, status) in group where index >= 0 { statuses[index] = status }
            return statuses
        }
        let acknowledged = statuses.filter { [201, 202].contains($0.value) }.map(\.key)
        #expect(acknowledged.count == count, "every request was acknowledged: \(statuses.values.sorted())")
        try await eventually("every acknowledged registration is stored") {
            let stored = Set(try await activities(system, client))
            return acknowledged.allSatisfy { stored.contains("burst-\($0)") }
        }
        let stored = try await activities(system, client)
        for index in acknowledged {
            #expect(stored.filter { $0 == "burst-\(index)" }.count == 1, "burst-\(index) stored exactly once")
        }
        #expect(try system.count("select count(*)::int as count from registrations") == acknowledged.count)
    }

    @Test("a redelivered message (same message id) has no second effect")
    func redeliveryHasNoSecondEffect() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)

        let messageID = UUID().uuidString.lowercased()
        var payload = registration("To gange sendt")
        payload["duration_minutes"] = 15
        let envelope: [String: Any] = [
            "id": messageID, "type": "registration.create", "version": 1, "sent_at": "2026-12-04T10:00:00Z",
            "correlation_id": messageID, "auth": client.token, "actor_id": client.id, "payload": payload,
        ]
        let body = [UInt8](try JSONSerialization.data(withJSONObject: envelope))
        let connection = try AMQPConnection(configuration: AMQPConfiguration(url: system.amqpURL))
        defer { connection.close() }
        var properties = AMQPProperties()
        properties.messageID = messageID
        properties.persistent = true
        properties.contentType = "application/json"
        for _ in 1...3 {
            try connection.publishConfirmed(exchange: "mdme.commands", routingKey: "storage.registration.create",
                                            body: body, properties: properties, mandatory: true)
        }
        try await eventually("the deliveries are handled") {
            try system.count("select count(*)::int as count from inbox where message_id = $1", [UUID(uuidString: messageID)!]) == 1
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await activityCount(system, client, "To gange sendt") == 1)
        #expect(try system.count("select count(*)::int as count from inbox where message_id = $1", [UUID(uuidString: messageID)!]) == 1)
    }

    @Test("after a RabbitMQ restart the gateway and the worker reconnect on their own")
    func brokerRestart() async throws {
        let broker = try BrokerInstance()
        defer { broker.shutdown() }
        let system = try await SystemUnderTest.start(settings: ["MDME_GATEWAY_REPLY_TIMEOUT_MS": "3000"], broker: broker)
        defer { system.shutdown() }
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        #expect(try await system.api.post("/api/v1/me/registrations", registration("Før genstart"), token: client.token).status == 201)

        try broker.stop()
        let during = try await system.api.post("/api/v1/me/registrations", registration("Under nedetid"), token: client.token)
        #expect(during.status == 503 && during.errorCode == "unavailable", "\(during.text)")
        #expect(try await system.api.get("/readyz").status == 503)

        try broker.start()
        try await system.waitUntilReady()
        // A 201 needs the worker's reply: both ends reconnected.
        try await eventually("the worker answers again") {
            try await system.api.post("/api/v1/me/registrations", registration("Efter genstart"), token: client.token).status == 201
        }
        #expect(try await activityCount(system, client, "Før genstart") == 1)
        #expect(try await activityCount(system, client, "Under nedetid") == 0)
        #expect(try await activityCount(system, client, "Efter genstart") == 1)
    }

    /// How often `activity` is in the client's diary, read through the API (the texts are
    /// encrypted in the database).
    private func activityCount(_ system: SystemUnderTest, _ client: TenantFixture.Person, _ activity: String) async throws -> Int {
        try await activities(system, client).filter { $0 == activity }.count
    }

    private func activities(_ system: SystemUnderTest, _ client: TenantFixture.Person) async throws -> [String] {
        let response = try await system.api.get("/api/v1/me/registrations", token: client.token)
        guard response.status == 200 else { throw TestFailure("listing failed: \(response.status) \(response.text)") }
        return response.array.compactMap { $0["activity"] as? String }
    }
}
