import AMQP
import Crypto
import Foundation
import Postgres
import Testing

/// Password reset, in-app notifications and handing a client to a colleague.
@Suite(.runningSystem)
struct AccountFlowsTests {
    // MARK: Password reset

    @Test("a reset request answers the same for an unknown and a known address, and in mail mode none stores nothing")
    func resetRequestDoesNotTellWhetherTheAddressExists() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)

        let unknown = try await system.api.post("/api/v1/auth/password-reset", ["email": "nobody-\(UUID().uuidString.prefix(8))@example.org"])
        let known = try await system.api.post("/api/v1/auth/password-reset", ["email": client.email])
        let staff = try await system.api.post("/api/v1/auth/password-reset", ["email": tenant.admin.email.uppercased()])
        #expect(unknown.status == 202 && known.status == 202 && staff.status == 202, "\(unknown.text) \(known.text)")
        #expect(unknown.text == #"{"status":"accepted"}"#)
        #expect(known.text == unknown.text && staff.text == unknown.text)
        // Mail mode none: no link may leave the system this way, so none is even made.
        #expect(try system.count("select count(*)::int as count from password_resets where account_id = any($1::uuid[])",
                                 ["{\(client.id),\(tenant.admin.id)}"]) == 0)

        let bad = try await system.api.post("/api/v1/auth/password-reset", ["email": "not an address"])
        #expect(bad.status == 400 && bad.errorFields == ["email"], "\(bad.text)")
        let missing = try await system.api.post("/api/v1/auth/password-reset", [String: Any]())
        #expect(missing.status == 400 && missing.errorFields == ["email"])
        // The old password still works: asking changes nothing.
        _ = try await system.api.login(email: client.email, password: TenantFixture.password)
    }

    @Test("in mail mode none the therapist gets a single-use link that sets the password, lifts the lock and ends every session")
    func therapistResetInMailModeNone() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let secondSession = try await system.api.login(email: client.email, password: TenantFixture.password)
        for _ in 1...5 {
            _ = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": "not the password"])
        }
        #expect(try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password]).status == 403)

        let asked = Date()
        let reset = try await system.api.send("POST", "/api/v1/clients/\(client.id)/password-reset", token: therapist.token)
        #expect(reset.status == 200, "\(reset.text)")
        #expect(reset.object["delivery"] as? String == "manual")
        let link = try #require(reset.object["link"] as? String)
        #expect(link.hasPrefix("\(system.api.baseURL.absoluteString)/password-reset#token="), "\(link)")
        let expiresAt = try #require((reset.object["expires_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(abs(expiresAt.timeIntervalSince(asked) - 3600) < 120, "one hour by default")
        let token = try #require(link.components(separatedBy: "#token=").last)

        // Only the hash is stored.
        #expect(try system.count("select count(*)::int as count from password_resets where token_hash = $1", [Self.sha256(token)]) == 1)
        #expect(try system.count("select count(*)::int as count from password_resets p where p::text like '%' || $1 || '%'", [token]) == 0)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1 and action = 'client.password_reset'",
                                 [UUID(uuidString: client.id)!]) == 1)

        // A weak password is refused and uses nothing up.
        let weak = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": token, "password": "short"])
        #expect(weak.status == 400 && weak.errorFields == ["password"], "\(weak.text)")

        let newPassword = "a brand new password 7"
        let done = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": token, "password": newPassword])
        #expect(done.status == 204, "\(done.text)")
        let again = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": token, "password": "yet another password 8"])
        #expect(again.status == 400 && again.errorFields == ["token"], "\(again.text)")

        #expect(try await system.api.get("/api/v1/me", token: client.token).status == 401)
        #expect(try await system.api.get("/api/v1/me", token: secondSession).status == 401)
        #expect(try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password]).status == 401)
        let fresh = try await system.api.login(email: client.email, password: newPassword)
        #expect(try await system.api.get("/api/v1/me", token: fresh).status == 200)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token).object["locked"] as? Bool == false)
    }

    @Test("an expired or unknown reset token is refused, naming the token")
    func expiredToken() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        let reset = try await system.api.send("POST", "/api/v1/clients/\(client.id)/password-reset", token: tenant.admin.token)
        let token = try #require((reset.object["link"] as? String)?.components(separatedBy: "#token=").last, "\(reset.text)")

        let database = try system.database()
        defer { database.close() }
        try database.query("update password_resets set expires_at = now() - interval '1 second' where token_hash = $1", [Self.sha256(token)])
        let expired = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": token, "password": "a brand new password 7"])
        #expect(expired.status == 400 && expired.errorFields == ["token"], "\(expired.text)")
        let unknown = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": "made-up-token", "password": "a brand new password 7"])
        #expect(unknown.status == 400 && unknown.errorFields == ["token"])
        let missing = try await system.api.post("/api/v1/auth/password-reset/complete", ["password": "a brand new password 7"])
        #expect(missing.status == 400 && missing.errorFields == ["token"])
        // Nothing changed: the old password and session still work.
        _ = try await system.api.login(email: client.email, password: TenantFixture.password)
        #expect(try await system.api.get("/api/v1/me", token: client.token).status == 200)
    }

    @Test("only the client's therapist or an admin of the tenant asks for a client's reset")
    func resetForClientAuthorization() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Anden Kollega")
        let client = try await tenant.createClient(by: therapist)
        let other = try await TenantFixture.create(on: system)
        let path = "/api/v1/clients/\(client.id)/password-reset"

        #expect(try await system.api.send("POST", path).status == 401)
        #expect(try await system.api.send("POST", path, token: client.token).status == 403)
        #expect(try await system.api.send("POST", path, token: colleague.token).status == 404)
        #expect(try await system.api.send("POST", path, token: other.admin.token).status == 404)
        #expect(try await system.api.send("POST", "/api/v1/clients/\(UUID().uuidString)/password-reset", token: therapist.token).status == 404)
        #expect(try await system.api.send("POST", "/api/v1/clients/not-an-id/password-reset", token: therapist.token).status == 404)
        #expect(try system.count("select count(*)::int as count from password_resets where account_id = $1", [UUID(uuidString: client.id)!]) == 0)
        #expect(try system.count("select count(*)::int as count from audit_log where client_ref = $1 and action = 'client.password_reset' and outcome = 'denied'",
                                 [UUID(uuidString: client.id)!]) == 2)
        #expect(try await system.api.send("POST", path, token: tenant.admin.token).status == 200)
        #expect(try await system.api.send("POST", path, token: therapist.token).status == 200)
    }

    @Test("where the tenant sends mail, the link goes out as a password_reset.requested event without the address")
    func resetByMail() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system, mailMode: "provider")
        let events = try EventCapture(system: system, routingKey: "password_reset.requested")
        defer { events.close() }
        let email = "mail-client-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let created = try await system.api.post("/api/v1/clients", [
            "name": "Maja Mail", "gender": "female", "birth_date": "1980-01-02", "email": email,
        ], token: tenant.admin.token)
        #expect(created.status == 201, "\(created.text)")
        let clientID = try #require(created.object["id"] as? String)

        let reset = try await system.api.send("POST", "/api/v1/clients/\(clientID)/password-reset", token: tenant.admin.token)
        #expect(reset.status == 202, "\(reset.text)")
        #expect(reset.text == #"{"delivery":"email"}"#)
        let event = try events.next()
        #expect(!event.body.contains(email) && !event.body.lowercased().contains(email.lowercased()))
        #expect(event.type == "password_reset.requested")
        #expect(event.payload["tenant_id"] as? String == tenant.tenantID)
        #expect(event.payload["account_id"] as? String == clientID)
        let link = try #require(event.payload["link"] as? String)
        #expect(link.hasPrefix("\(system.api.baseURL.absoluteString)/password-reset#token="))
        #expect(event.payload["expires_at"] as? String != nil)
        let resetID = try #require((event.payload["reset_id"] as? String).flatMap(UUID.init(uuidString:)))
        let token = try #require(link.components(separatedBy: "#token=").last)
        let stored = try system.database()
        defer { stored.close() }
        let hash = try stored.query("select token_hash from password_resets where id = $1", [resetID]).first?.decode("token_hash", as: String.self)
        #expect(hash == Self.sha256(token))

        // The account holder asks by address: the same event; an unknown address: none, same answer.
        let unknown = try await system.api.post("/api/v1/auth/password-reset", ["email": "nobody-\(UUID().uuidString.prefix(8))@example.org"])
        let known = try await system.api.post("/api/v1/auth/password-reset", ["email": tenant.admin.email])
        #expect(unknown.status == 202 && known.status == 202 && unknown.text == known.text)
        let own = try events.next()
        #expect(own.payload["account_id"] as? String == tenant.admin.id)
        #expect(!own.body.contains(tenant.admin.email))
        #expect(try events.nothingMore(within: .seconds(1)), "an unknown address makes no event")

        // The mailed link works like any other, and ends the admin's sessions.
        let mailedToken = try #require((own.payload["link"] as? String)?.components(separatedBy: "#token=").last)
        let done = try await system.api.post("/api/v1/auth/password-reset/complete", ["token": mailedToken, "password": "the admin's new password"])
        #expect(done.status == 204, "\(done.text)")
        #expect(try await system.api.get("/api/v1/me", token: tenant.admin.token).status == 401)
        _ = try await system.api.login(email: tenant.admin.email, password: "the admin's new password")
    }

    // MARK: Handovers and notifications

    @Test("a handover moves the client once the colleague accepts; both are notified")
    func handoverAccepted() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Kamma Kollega")
        let client = try await tenant.createClient(by: therapist, name: "Hanne Overdrag")
        let clientRef = UUID(uuidString: client.id)!

        let offered = try await system.api.post("/api/v1/clients/\(client.id)/handover", ["therapist_id": colleague.id], token: therapist.token)
        #expect(offered.status == 201, "\(offered.text)")
        #expect(offered.object["status"] as? String == "pending")
        #expect(offered.object["client_id"] as? String == client.id)
        #expect(offered.object["from_therapist_id"] as? String == therapist.id)
        #expect(offered.object["to_therapist_id"] as? String == colleague.id)
        #expect(offered.object["created_at"] as? String != nil)
        let handoverID = try #require(offered.object["id"] as? String)

        // Until accepted, nothing moves.
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: colleague.token).status == 404)
        let pending = try await system.api.get("/api/v1/handovers", token: colleague.token)
        #expect(pending.status == 200 && pending.array.map { $0["id"] as? String } == [handoverID], "\(pending.text)")
        #expect(try await system.api.get("/api/v1/handovers", token: therapist.token).array.isEmpty)

        let notices = try await system.api.get("/api/v1/notifications", token: colleague.token)
        #expect(notices.status == 200 && notices.array.count == 1, "\(notices.text)")
        let notice = try #require(notices.array.first)
        #expect(notice["kind"] as? String == "handover.offered")
        #expect(notice["client_ref"] as? String == client.id)
        #expect(notice["read_at"] is NSNull)
        let text = try #require(notice["text"] as? String)
        #expect(text.contains(String(client.id.prefix(8))) && !text.contains("Hanne"))
        let noticeID = try #require(notice["id"] as? String)
        // Sealed at rest: the words of the text are nowhere in the row.
        #expect(try system.count("select count(*)::int as count from notifications where recipient_id = $1", [UUID(uuidString: colleague.id)!]) == 1)
        #expect(try system.count("select count(*)::int as count from notifications n where n::text like '%colleague%'") == 0)

        // Reading: one's own notice only.
        #expect(try await system.api.send("POST", "/api/v1/notifications/\(noticeID)/read").status == 401)
        #expect(try await system.api.send("POST", "/api/v1/notifications/\(noticeID)/read", token: therapist.token).status == 404)
        #expect(try await system.api.send("POST", "/api/v1/notifications/\(UUID().uuidString)/read", token: colleague.token).status == 404)
        #expect(try await system.api.send("POST", "/api/v1/notifications/nope/read", token: colleague.token).status == 404)
        #expect(try await system.api.get("/api/v1/notifications", token: colleague.token).array.first?["read_at"] is NSNull)
        #expect(try await system.api.send("POST", "/api/v1/notifications/\(noticeID)/read", token: colleague.token).status == 204)
        #expect(try await system.api.send("POST", "/api/v1/notifications/\(noticeID)/read", token: colleague.token).status == 204)
        #expect(try await system.api.get("/api/v1/notifications", token: colleague.token).array.first?["read_at"] is String)
        #expect(try await system.api.get("/api/v1/notifications").status == 401)
        #expect(try await system.api.get("/api/v1/notifications", token: client.token).array.isEmpty)

        // Deciding: only the colleague it was offered to.
        let accept = "/api/v1/handovers/\(handoverID)/accept"
        #expect(try await system.api.send("POST", accept).status == 401)
        #expect(try await system.api.send("POST", accept, token: client.token).status == 403)
        #expect(try await system.api.send("POST", accept, token: therapist.token).status == 404)
        #expect(try await system.api.send("POST", accept, token: tenant.admin.token).status == 404)
        let outsider = try await TenantFixture.create(on: system)
        #expect(try await system.api.send("POST", accept, token: outsider.admin.token).status == 404)
        #expect(try await system.api.get("/api/v1/handovers", token: client.token).status == 403)

        let accepted = try await system.api.send("POST", accept, token: colleague.token)
        #expect(accepted.status == 200, "\(accepted.text)")
        #expect(accepted.object["status"] as? String == "accepted")
        #expect(try await system.api.send("POST", accept, token: colleague.token).status == 409)
        #expect(try await system.api.send("POST", "/api/v1/handovers/\(handoverID)/decline", token: colleague.token).status == 409)

        let list = try await system.api.get("/api/v1/clients", token: colleague.token)
        #expect(list.array.contains { $0["id"] as? String == client.id }, "\(list.text)")
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: colleague.token).object["responsible_therapist_id"] as? String == colleague.id)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token).status == 404)
        #expect(!(try await system.api.get("/api/v1/clients", token: therapist.token).array.contains { $0["id"] as? String == client.id }))
        #expect(try await system.api.get("/api/v1/handovers", token: colleague.token).array.isEmpty)

        let told = try await system.api.get("/api/v1/notifications", token: therapist.token)
        #expect(told.array.map { $0["kind"] as? String } == ["handover.accepted"], "\(told.text)")
        #expect(told.array.first?["client_ref"] as? String == client.id)

        let actions = try Self.auditActions(system, clientRef)
        #expect(actions.contains("client.handover.offer:allowed") && actions.contains("client.handover.accept:allowed"))
        #expect(actions.contains("client.handover.accept:denied"))

        // Deleting the client takes its handovers and the notices about it along.
        #expect(try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: colleague.token).status == 204)
        #expect(try system.count("select count(*)::int as count from handovers where client_id = $1", [clientRef]) == 0)
        #expect(try system.count("select count(*)::int as count from notifications where client_ref = $1", [clientRef]) == 0)
        #expect(try await system.api.get("/api/v1/notifications", token: therapist.token).array.isEmpty)
    }

    @Test("a declined handover leaves the client where it was; a new offer replaces a pending one")
    func handoverDeclinedAndReplaced() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let first = try await tenant.createTherapist(name: "Første Kollega")
        let second = try await tenant.createTherapist(name: "Anden Kollega")
        let client = try await tenant.createClient(by: therapist)
        let path = "/api/v1/clients/\(client.id)/handover"

        let toFirst = try await system.api.post(path, ["therapist_id": first.id], token: therapist.token)
        #expect(toFirst.status == 201)
        let firstID = try #require(toFirst.object["id"] as? String)
        // An admin offers on the therapist's behalf: from is still the responsible therapist.
        let toSecond = try await system.api.post(path, ["therapist_id": second.id], token: tenant.admin.token)
        #expect(toSecond.status == 201 && toSecond.object["from_therapist_id"] as? String == therapist.id, "\(toSecond.text)")
        let secondID = try #require(toSecond.object["id"] as? String)
        #expect(try await system.api.get("/api/v1/handovers", token: first.token).array.isEmpty)
        #expect(try await system.api.send("POST", "/api/v1/handovers/\(firstID)/accept", token: first.token).status == 409)

        let declined = try await system.api.send("POST", "/api/v1/handovers/\(secondID)/decline", token: second.token)
        #expect(declined.status == 200 && declined.object["status"] as? String == "declined", "\(declined.text)")
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token).object["responsible_therapist_id"] as? String == therapist.id)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: second.token).status == 404)
        let told = try await system.api.get("/api/v1/notifications", token: therapist.token)
        #expect(told.array.map { $0["kind"] as? String } == ["handover.declined"], "\(told.text)")
        #expect(try await system.api.get("/api/v1/notifications", token: tenant.admin.token).array.map { $0["kind"] as? String } == ["handover.declined"])
        #expect(try Self.auditActions(system, UUID(uuidString: client.id)!).contains("client.handover.decline:allowed"))
    }

    @Test("a handover must go to another therapist of the tenant, from someone who may see the client")
    func handoverBadInputAndAuthorization() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist(name: "Kollega")
        let client = try await tenant.createClient(by: therapist)
        let otherClient = try await tenant.createClient(by: therapist, name: "Anden Klient")
        let other = try await TenantFixture.create(on: system)
        let path = "/api/v1/clients/\(client.id)/handover"
        let clientRef = UUID(uuidString: client.id)!

        for target in [therapist.id, otherClient.id, client.id, other.admin.id, UUID().uuidString, "not-an-id", ""] {
            let refused = try await system.api.post(path, ["therapist_id": target], token: therapist.token)
            #expect(refused.status == 400 && refused.errorFields == ["therapist_id"], "\(target): \(refused.text)")
        }
        let missing = try await system.api.post(path, [String: Any](), token: therapist.token)
        #expect(missing.status == 400 && missing.errorFields == ["therapist_id"])
        let number = try await system.api.post(path, ["therapist_id": 42], token: therapist.token)
        #expect(number.status == 400 && number.errorFields == ["therapist_id"])
        #expect(try system.count("select count(*)::int as count from handovers where client_id = $1", [clientRef]) == 0)

        #expect(try await system.api.post(path, ["therapist_id": colleague.id]).status == 401)
        #expect(try await system.api.post(path, ["therapist_id": colleague.id], token: client.token).status == 403)
        #expect(try await system.api.post(path, ["therapist_id": colleague.id], token: colleague.token).status == 404)
        #expect(try await system.api.post(path, ["therapist_id": colleague.id], token: other.admin.token).status == 404)
        #expect(try await system.api.post("/api/v1/clients/\(UUID().uuidString)/handover", ["therapist_id": colleague.id], token: therapist.token).status == 404)
        #expect(try system.count("select count(*)::int as count from handovers where client_id = $1", [clientRef]) == 0)
        #expect(try Self.auditActions(system, clientRef).filter { $0 == "client.handover.offer:denied" }.count == 2)
        #expect(try await system.api.get("/api/v1/handovers").status == 401)
        #expect(try await system.api.send("POST", "/api/v1/handovers/\(UUID().uuidString)/decline", token: colleague.token).status == 404)

        // The admin may hand a client to themselves, like to any colleague.
        #expect(try await system.api.post(path, ["therapist_id": tenant.admin.id], token: therapist.token).status == 201)
    }

    // MARK: Helpers

    static func sha256(_ text: String) -> String {
        Digest.hex(Digest.sha256(Array(text.utf8)))
    }

    static func auditActions(_ system: SystemUnderTest, _ client: UUID) throws -> [String] {
        let database = try system.database()
        defer { database.close() }
        return try database.query("select action, outcome from audit_log where client_ref = $1 order by id", [client]).map {
            "\(try $0.decode("action", as: String.self)):\(try $0.decode("outcome", as: String.self))"
        }
    }
}

/// Events of one type as the mailer would get them: a queue of the test's own, bound to
/// `mdme.events`. (The outbox rows themselves are deleted as soon as they are relayed.)
final class EventCapture {
    struct Event {
        let body: String
        let type: String?
        let payload: [String: Any]
    }

    private let connection: AMQPConnection

    init(system: SystemUnderTest, routingKey: String) throws {
        connection = try AMQPConnection(configuration: AMQPConfiguration(url: system.amqpURL))
        let queue = "e2e.capture." + UUID().uuidString.lowercased()
        try connection.declareQueue(queue, durable: false, exclusive: true, autoDelete: true)
        try connection.bindQueue(queue, exchange: "mdme.events", routingKey: routingKey)
        try connection.consume(queue: queue, noAck: true)
    }

    func next(within timeout: Duration = .seconds(15)) throws -> Event {
        guard let event = try receive(within: timeout) else { throw TestFailure("no event within \(timeout)") }
        return event
    }

    func nothingMore(within timeout: Duration) throws -> Bool {
        try receive(within: timeout) == nil
    }

    private func receive(within timeout: Duration) throws -> Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if case .delivery(let message) = try connection.nextEvent(timeout: .milliseconds(250)) {
                let body = String(decoding: message.body, as: UTF8.self)
                let envelope = try JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any] ?? [:]
                return Event(body: body, type: envelope["type"] as? String, payload: envelope["payload"] as? [String: Any] ?? [:])
            }
        }
        return nil
    }

    func close() {
        connection.close()
    }
}
