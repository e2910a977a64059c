import AMQP
import Foundation
import Postgres
import Testing

/// mdme-mailer in its three modes, against an SMTP server and a provider double
/// (Tests/MailDoubles), with the provider's webhooks, outages and dead letters.
@Suite(.mailTestbed, .serialized)
struct MailDispatchTests {
    struct MailRow {
        let id: UUID
        let status: String
        let providerID: String?
        let attempts: Int
        let kind: String
    }

    /// The mail records of an account (as recipient), oldest first.
    static func mails(to accountID: String, _ system: SystemUnderTest) throws -> [MailRow] {
        let database = try system.database()
        defer { database.close() }
        return try database.query(
            "select id, status, provider_message_id, attempts, kind from mail_messages where recipient_id = $1 order by created_at",
            [UUID(uuidString: accountID)!]
        ).map { row in
            MailRow(id: try row.decode("id"), status: try row.decode("status"), providerID: try row.decode("provider_message_id", as: String?.self),
                    attempts: try row.decode("attempts"), kind: try row.decode("kind"))
        }
    }

    /// Creates a client whose invitation goes by mail; returns its id and address.
    static func createClient(_ tenant: TenantFixture, by therapist: TenantFixture.Person, name: String = "Søren Ærø") async throws -> (id: String, email: String) {
        let email = "client-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let created = try await tenant.system.api.post("/api/v1/clients", [
            "name": name, "gender": "male", "birth_date": "1968-09-02", "email": email, "phone": "+45 11 22 33 44",
        ], token: therapist.token)
        #expect(created.status == 201, "\(created.text)")
        #expect((created.object["invitation"] as? [String: Any])?["delivery"] as? String == "email", "\(created.text)")
        return (try #require(created.object["id"] as? String), email)
    }

    static func token(in text: String) throws -> String {
        let after = try #require(text.components(separatedBy: "#token=").dropFirst().first, "no link in \(text)")
        return String(after.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "<" })
    }

    static func providerTenant(_ system: SystemUnderTest) async throws -> TenantFixture {
        try await TenantFixture.create(on: system, mailMode: "provider")
    }

    /// A therapist of a provider-mode tenant, who accepts the invitation the provider got.
    static func createTherapist(_ testbed: MailTestbed, _ tenant: TenantFixture) async throws -> TenantFixture.Person {
        let system = testbed.system
        let email = "therapist-\(UUID().uuidString.prefix(8).lowercased())@kommune.example"
        let created = try await system.api.post("/api/v1/therapists", ["name": "Tove Terapeut", "email": email, "role": "therapist"], token: tenant.admin.token)
        #expect(created.status == 201, "\(created.text)")
        try await eventually("the therapist's invitation reached the provider") { try await testbed.providerRecords(to: email).count == 1 }
        let message = try #require(try await testbed.providerRecords(to: email).first?["message"] as? [String: Any])
        #expect(message["tags"] as? [String] == ["mdme-therapist-invitation"])
        let accepted = try await system.api.post("/api/v1/auth/invitations/accept",
                                                 ["token": try token(in: try #require(message["text"] as? String)), "password": TenantFixture.password])
        #expect(accepted.status == 204, "\(accepted.text)")
        return TenantFixture.Person(id: try #require(created.object["id"] as? String), email: email,
                                    token: try await system.api.login(email: email, password: TenantFixture.password))
    }

    // MARK: SMTP

    @Test("mode smtp: the tenant's relay receives a proper MIME invitation, and its link sets the password")
    func smtpInvitationArrivesAndItsLinkWorks() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await TenantFixture.create(on: system)
        let patched = try await system.api.send("PATCH", "/api/v1/tenant", json: [
            "mail_mode": "smtp",
            "smtp": ["host": "127.0.0.1", "port": testbed.smtpPort, "tls": "starttls",
                     "username": MailTestbed.smtpUser, "password": MailTestbed.smtpPassword],
        ], token: tenant.admin.token)
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched.object["mail_mode"] as? String == "smtp")

        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("the relay received the invitation") { try testbed.smtpMails(to: client.email).count == 1 }
        let mail = try #require(try testbed.smtpMails(to: client.email).first)
        #expect(mail["authenticated"] as? Bool == true)
        #expect(mail["subject"] as? String == "Din invitation til Min Dag | Min Energi")
        #expect(mail["content_type"] as? String == "multipart/alternative")
        #expect((mail["to"] as? String)?.contains("Søren Ærø") == true)
        let raw = try #require(mail["raw"] as? String)
        #expect(raw.contains("Subject: Din invitation") && raw.contains("=?UTF-8?B?"), "UTF-8 name encoded per RFC 2047")
        #expect(!raw.contains("Søren"), "no raw UTF-8 in the headers or bodies")
        let text = try #require(mail["text"] as? String)
        #expect(text.hasPrefix("Hej Søren Ærø"))
        #expect((mail["html"] as? String)?.contains("<a href=") == true)
        let row = try #require(try Self.mails(to: client.id, system).first)
        #expect(row.status == "sent" && row.kind == "client_invitation")
        #expect(mail["message_id"] as? String == "<\(row.id.uuidString.lowercased())@mdme.localhost>")

        let accepted = try await system.api.post("/api/v1/auth/invitations/accept", ["token": try Self.token(in: text), "password": TenantFixture.password])
        #expect(accepted.status == 204, "\(accepted.text)")
        _ = try await system.api.login(email: client.email, password: TenantFixture.password)
        #expect(try testbed.smtpMails(to: client.email).count == 1, "sent once")
        #expect(try await testbed.providerRecords(to: client.email).isEmpty, "nothing went to the provider")
    }

    @Test("mode smtp over TLS: STARTTLS required, and smtps, with the relay's certificate checked", arguments: ["starttls", "tls"])
    func smtpOverTLS(relay: String) async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await TenantFixture.create(on: system)
        let port = relay == "starttls" ? testbed.starttlsPort : testbed.implicitTLSPort
        let patched = try await system.api.send("PATCH", "/api/v1/tenant", json: [
            "mail_mode": "smtp",
            "smtp": ["host": "127.0.0.1", "port": port, "tls": relay == "starttls" ? "starttls_required" : "tls",
                     "username": MailTestbed.smtpUser, "password": MailTestbed.smtpPassword],
        ], token: tenant.admin.token)
        #expect(patched.status == 200, "\(patched.text)")
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("the TLS relay received the invitation") { try testbed.smtpMails(to: client.email, relay: relay).count == 1 }
        let mail = try #require(try testbed.smtpMails(to: client.email, relay: relay).first)
        #expect(mail["tls"] as? Bool == true && mail["authenticated"] as? Bool == true)
        let accepted = try await system.api.post("/api/v1/auth/invitations/accept",
                                                 ["token": try Self.token(in: try #require(mail["text"] as? String)), "password": TenantFixture.password])
        #expect(accepted.status == 204, "\(accepted.text)")
        #expect(try Self.mails(to: client.id, system).first?.status == "sent")
    }

    @Test("the relay settings are validated, and the password is stored sealed and never returned")
    func relaySettingsAndSecretPassword() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()

        let noRelay = try await system.api.send("PATCH", "/api/v1/tenant", json: ["mail_mode": "smtp"], token: tenant.admin.token)
        #expect(noRelay.status == 400 && noRelay.errorFields == ["smtp"], "\(noRelay.text)")
        let bad = try await system.api.send("PATCH", "/api/v1/tenant", json: [
            "smtp": ["host": "relay example", "port": 70000, "tls": "starttls", "password": ""],
        ], token: tenant.admin.token)
        #expect(bad.status == 400 && Set(bad.errorFields) == ["smtp.host", "smtp.port", "smtp.password"], "\(bad.text)")
        let badTLS = try await system.api.send("PATCH", "/api/v1/tenant", json: ["smtp": ["host": "relay.example", "port": 587, "tls": "ssl3"]],
                                               token: tenant.admin.token)
        #expect(badTLS.status == 400, "\(badTLS.text)")
        let forbidden = try await system.api.send("PATCH", "/api/v1/tenant", json: ["smtp": ["host": "relay.example", "port": 587, "tls": "tls"]],
                                                  token: therapist.token)
        #expect(forbidden.status == 403)
        #expect(try await system.api.send("PATCH", "/api/v1/tenant", json: ["smtp": ["host": "relay.example", "port": 587, "tls": "tls"]]).status == 401)
        let tenantAfter = try await system.api.get("/api/v1/tenant", token: tenant.admin.token)
        #expect(tenantAfter.object["mail_mode"] as? String == "none" && tenantAfter.object["smtp"] == nil, "bad input changed nothing: \(tenantAfter.text)")

        let secret = "s3cret-\(UUID().uuidString.prefix(6))"
        let set = try await system.api.send("PATCH", "/api/v1/tenant", json: [
            "mail_mode": "smtp", "smtp": ["host": "relay.kommune.example", "port": 587, "tls": "starttls_required", "username": "mdme", "password": secret],
        ], token: tenant.admin.token)
        #expect(set.status == 200, "\(set.text)")
        let shown = try await system.api.get("/api/v1/tenant", token: tenant.admin.token)
        let smtp = try #require(shown.object["smtp"] as? [String: Any], "\(shown.text)")
        #expect(smtp["host"] as? String == "relay.kommune.example" && smtp["port"] as? Int == 587 && smtp["tls"] as? String == "starttls_required")
        #expect(smtp["username"] as? String == "mdme" && smtp["password_set"] as? Bool == true)
        #expect(!shown.text.contains(secret) && !set.text.contains(secret))
        #expect(try system.count("select count(*)::int as count from tenants where position(convert_to($1, 'UTF8') in smtp_password_enc) > 0", [secret]) == 0)
        #expect(try system.count("select count(*)::int as count from tenants where smtp_password_enc is not null and id = $1",
                                 [UUID(uuidString: tenant.tenantID)!]) == 1)

        // Absent keeps the password, null removes it.
        _ = try await system.api.send("PATCH", "/api/v1/tenant", json: ["smtp": ["host": "relay2.kommune.example", "port": 465, "tls": "tls"]], token: tenant.admin.token)
        #expect(((try await system.api.get("/api/v1/tenant", token: tenant.admin.token)).object["smtp"] as? [String: Any])?["password_set"] as? Bool == true)
        _ = try await system.api.send("PATCH", "/api/v1/tenant", json: ["smtp": ["host": "relay2.kommune.example", "port": 465, "tls": "tls", "password": NSNull()]],
                                      token: tenant.admin.token)
        #expect(((try await system.api.get("/api/v1/tenant", token: tenant.admin.token)).object["smtp"] as? [String: Any])?["password_set"] as? Bool == false)
    }

    // MARK: Provider

    @Test("mode provider: the double gets the invitation, its link works, and signed webhooks update the delivery state")
    func providerSendsAndWebhooksUpdateDelivery() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let therapist = try await Self.createTherapist(testbed, tenant)
        let client = try await Self.createClient(tenant, by: therapist)
        try await eventually("the provider got the invitation") { try await testbed.providerRecords(to: client.email).count == 1 }
        let record = try #require(try await testbed.providerRecords(to: client.email).first)
        let message = try #require(record["message"] as? [String: Any])
        #expect(message["tags"] as? [String] == ["mdme-client-invitation"])
        #expect(message["track_opens"] as? Bool == false && message["track_clicks"] as? Bool == false && message["view_content_link"] as? Bool == false)
        try await eventually("the send is recorded") { try Self.mails(to: client.id, system).first?.status == "sent" }
        let row = try #require(try Self.mails(to: client.id, system).first)
        #expect(message["metadata"] as? [String: String] == ["mdme_id": row.id.uuidString.lowercased()])
        let providerID = try #require(row.providerID)

        let accepted = try await system.api.post("/api/v1/auth/invitations/accept",
                                                 ["token": try Self.token(in: try #require(message["text"] as? String)), "password": TenantFixture.password])
        #expect(accepted.status == 204, "\(accepted.text)")

        // The provider's URL check, then forged and unsigned posts.
        #expect(try await system.api.send("HEAD", "/webhooks/mail-provider").status == 200)
        let delivered: [String: Any] = ["event": "delivered", "_id": providerID, "ts": 1_790_000_000,
                                        "msg": ["_id": providerID, "email": client.email, "state": "sent", "ts": 1_789_999_990,
                                                "metadata": ["mdme_id": row.id.uuidString.lowercased()]]]
        #expect(try await testbed.postWebhook([delivered], wrongSignature: true) == 401)
        let unsigned = try await system.api.send("POST", "/webhooks/mail-provider", rawBody: Data("mandrill_events=%5B%5D".utf8),
                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(unsigned.status == 401, "\(unsigned.text)")
        #expect(try Self.mails(to: client.id, system).first?.status == "sent", "a forged event changes nothing")
        #expect(try await testbed.postWebhook([]) == 200, "the provider's empty test batch")

        // A real batch, delivered twice (the provider retries), with a sync event mixed in.
        let sync: [String: Any] = ["type": "whitelist", "action": "add", "entry": ["email": client.email]]
        #expect(try await testbed.postWebhook([delivered, sync]) == 200)
        #expect(try await testbed.postWebhook([delivered]) == 200)
        try await eventually("delivered") { try Self.mails(to: client.id, system).first?.status == "delivered" }
        try await eventually("both batches handled") {
            try system.count("select count(*)::int as count from inbox where message_type = 'mail.provider_events'") >= 2
        }
        #expect(try system.count("select count(*)::int as count from mail_events where mail_id = $1", [row.id]) == 1)

        // A hard bounce of another client's invitation, named by the provider's id only.
        let bouncing = try await Self.createClient(tenant, by: therapist, name: "Bent Bounce")
        try await eventually("second invitation sent") { try Self.mails(to: bouncing.id, system).first?.providerID != nil }
        let bounceRow = try #require(try Self.mails(to: bouncing.id, system).first)
        let bounce: [String: Any] = ["event": "hard_bounce", "_id": bounceRow.providerID!, "ts": 1_790_000_100,
                                     "msg": ["_id": bounceRow.providerID!, "email": bouncing.email, "state": "bounced",
                                             "bounce_description": "bad_mailbox", "diag": "smtp;550 5.1.1 The email account does not exist"]]
        #expect(try await testbed.postWebhook([bounce]) == 200)
        try await eventually("bounced") { try Self.mails(to: bouncing.id, system).first?.status == "bounced" }
        let shown = try await system.api.get("/api/v1/clients/\(bouncing.id)", token: therapist.token)
        #expect(shown.object["email_bounced_at"] is String, "\(shown.text)")
        let healthy = try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token)
        #expect(healthy.object["email_bounced_at"] == nil)
        let notices = try await system.api.get("/api/v1/notifications", token: therapist.token)
        #expect(notices.array.contains { $0["kind"] as? String == "mail.bounced" && $0["client_ref"] as? String == bouncing.id } ||
                notices.array.contains { $0["kind"] as? String == "mail.bounced" }, "\(notices.text)")
        #expect(try system.count("select count(*)::int as count from mail_messages where reject_reason like '%550%'") == 0, "diagnostics are not kept")
    }

    @Test("a recipient the provider rejects (on HTTP 200) is recorded and shown on the client")
    func rejectedAtSendIsShown() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let email = "rejected-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        try await testbed.setProvider(mode: "ok", reject: [email])
        defer { Task { try? await testbed.setProvider(mode: "ok") } }
        let created = try await system.api.post("/api/v1/clients", [
            "name": "Rita Reject", "gender": "female", "birth_date": "1980-01-01", "email": email,
        ], token: tenant.admin.token)
        let id = try #require(created.object["id"] as? String, "\(created.text)")
        try await eventually("rejected") { try Self.mails(to: id, system).first?.status == "rejected" }
        #expect(try system.count("select count(*)::int as count from mail_messages where recipient_id = $1 and reject_reason = 'hard-bounce'",
                                 [UUID(uuidString: id)!]) == 1)
        let shown = try await system.api.get("/api/v1/clients/\(id)", token: tenant.admin.token)
        #expect(shown.object["email_bounced_at"] is String, "\(shown.text)")
        try await testbed.setProvider(mode: "ok")
    }

    // MARK: None

    @Test("mode none: nothing leaves, the therapist gets the link and in-app notices")
    func modeNoneSendsNothing() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let reset = try await system.api.send("POST", "/api/v1/clients/\(client.id)/password-reset", token: therapist.token)
        #expect(reset.status == 200 && reset.object["delivery"] as? String == "manual", "\(reset.text)")
        // A first retention warning, three months and a bit on.
        _ = try system.cli(["retention", "sweep", "--as-of", RFC3339Text.format(Date().addingTimeInterval(95 * 86_400))])
        try await eventually("the warning is an in-app notice") {
            try await system.api.get("/api/v1/notifications", token: therapist.token).array.contains { $0["kind"] as? String == "retention.first_warning" }
        }
        try await Task.sleep(for: .seconds(1))
        let toClient = try await testbed.providerRecords(to: client.email)
        let toTherapist = try await testbed.providerRecords(to: therapist.email)
        #expect(toClient.isEmpty && toTherapist.isEmpty)
        #expect(try testbed.smtpMails(to: client.email).isEmpty)
        #expect(try testbed.smtpMails(to: therapist.email).isEmpty)
        #expect(try system.count("select count(*)::int as count from mail_messages where tenant_id = $1 and status <> 'suppressed'",
                                 [UUID(uuidString: tenant.tenantID)!]) == 0)
    }

    @Test("a tenant that turns mail off before its mail left gets an in-app notice instead")
    func modeSwitchedToNoneBeforeSending() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        try await testbed.setProvider(mode: "error500")
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("the first attempt failed") { try Self.mails(to: client.id, system).first?.status == "retrying" }
        #expect(try await system.api.send("PATCH", "/api/v1/tenant", json: ["mail_mode": "none"], token: tenant.admin.token).status == 200)
        try await testbed.setProvider(mode: "ok")
        try await eventually(timeout: .seconds(30), "an in-app notice instead") {
            try await system.api.get("/api/v1/notifications", token: tenant.admin.token).array.contains { $0["kind"] as? String == "mail.not_sent" }
        }
        #expect(try await testbed.providerRecords(to: client.email).isEmpty)
    }

    // MARK: Reliability

    @Test("provider outage: the mail is retried with backoff and sent once after recovery; the rest keeps working")
    func providerOutageAndRecovery() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let therapist = try await Self.createTherapist(testbed, tenant)
        try await testbed.setProvider(mode: "error500")
        let client = try await Self.createClient(tenant, by: therapist)
        try await eventually("two failed attempts") { (try Self.mails(to: client.id, system).first?.attempts ?? 0) >= 2 }
        // Meanwhile the API works as ever.
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: therapist.token).status == 200)
        let other = try await system.api.post("/api/v1/clients", [
            "name": "Ole Outage", "gender": "male", "birth_date": "1990-05-05", "email": "ole-\(UUID().uuidString.prefix(6))@example.org",
        ], token: therapist.token)
        #expect(other.status == 201, "\(other.text)")
        #expect(try await testbed.providerRecords(to: client.email).isEmpty)

        try await testbed.setProvider(mode: "ok")
        try await eventually(timeout: .seconds(30), "sent after recovery") { try Self.mails(to: client.id, system).first?.status == "sent" }
        try await Task.sleep(for: .seconds(1))
        #expect(try await testbed.providerRecords(to: client.email).count == 1, "sent exactly once")
        #expect(try Self.mails(to: client.id, system).count == 1)
    }

    @Test("a provider that stays down: after the retry limit the mail event is dead-lettered, visibly")
    func deadLetteredAfterRetryLimit() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        try await testbed.setProvider(mode: "hangup")
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually(timeout: .seconds(60), "dead-lettered") { try Self.deadLetters(system) >= 1 }
        try await testbed.setProvider(mode: "ok")
        let row = try #require(try Self.mails(to: client.id, system).first)
        #expect(row.status == "retrying" && row.attempts == 6, "\(row)")
        #expect(try await testbed.providerRecords(to: client.email).isEmpty)
        #expect(try await system.api.get("/api/v1/clients/\(client.id)", token: tenant.admin.token).status == 200)
    }

    static func deadLetters(_ system: SystemUnderTest) throws -> Int {
        let output = try TestEnvironment.run("/usr/lib/rabbitmq/bin/rabbitmqctl",
                                             ["-q", "-n", system.environment.rabbitNode, "list_queues", "-p", system.name, "name", "messages"])
        for line in output.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            if fields.count == 2, fields[0] == "mdme.dead.mailer" { return Int(fields[1]) ?? 0 }
        }
        return 0
    }

    @Test("a send interrupted by a crash is not repeated when the provider has it, and is sent when it does not")
    func interruptedSendUsesTheOpaqueID() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("invitation sent") { try Self.mails(to: client.id, system).first?.status == "sent" }

        // Two more invitation events whose mails a "crashed" mailer had claimed (`sending`);
        // the provider knows the first one.
        let known = UUID(), unknown = UUID(), knownEvent = UUID(), unknownEvent = UUID()
        for (mail, event) in [(known, knownEvent), (unknown, unknownEvent)] {
            try Self.insertInterruptedMail(mail, event: event, mode: "provider", tenant: tenant, clientID: client.id)
        }
        let seeded = try await testbed.provider.post("/_seed", ["mdme_id": known.uuidString.lowercased()])
        let seededID = try #require(seeded.object["_id"] as? String)

        try Self.publishInvitationEvents([knownEvent, unknownEvent], tenant: tenant, clientID: client.id)
        try await eventually("both settled") {
            try system.count("select count(*)::int as count from mail_messages where id = any($1::uuid[]) and status = 'sent'",
                             ["{\(known.uuidString),\(unknown.uuidString)}"]) == 2
        }
        #expect(try system.count("select count(*)::int as count from mail_messages where id = $1 and provider_message_id = $2", [known, seededID]) == 1)
        let records = try await testbed.providerRecords(to: client.email)
        let ids = records.compactMap { (($0["message"] as? [String: Any])?["metadata"] as? [String: String])?["mdme_id"] }
        #expect(ids.filter { $0 == known.uuidString.lowercased() }.isEmpty, "the provider had it: not sent again")
        #expect(ids.filter { $0 == unknown.uuidString.lowercased() }.count == 1, "the provider did not: sent once")
    }

    /// Publishes `client.invited` events as the outbox relay would, with the given message ids.
    static func publishInvitationEvents(_ events: [UUID], tenant: TenantFixture, clientID: String) throws {
        let system = tenant.system
        let connection = try AMQPConnection(configuration: AMQPConfiguration(url: system.amqpURL))
        defer { connection.close() }
        for event in events {
            let id = event.uuidString.lowercased()
            let envelope: [String: Any] = [
                "id": id, "type": "client.invited", "version": 1, "sent_at": "2026-12-04T10:00:00Z", "correlation_id": id,
                "payload": ["tenant_id": tenant.tenantID, "account_id": clientID, "invitation_id": UUID().uuidString.lowercased(),
                            "link": "http://127.0.0.1:\(system.port)/accept-invitation#token=replayed", "expires_at": "2027-01-01T00:00:00Z"],
            ]
            var properties = AMQPProperties()
            properties.messageID = id
            properties.persistent = true
            properties.contentType = "application/json"
            try connection.publishConfirmed(exchange: "mdme.events", routingKey: "client.invited",
                                            body: [UInt8](try JSONSerialization.data(withJSONObject: envelope)), properties: properties, mandatory: true)
        }
    }

    /// A mail record as a mailer leaves it when it crashes between claiming and recording.
    static func insertInterruptedMail(_ mailID: UUID, event: UUID, mode: String, tenant: TenantFixture, clientID: String) throws {
        let database = try tenant.system.database()
        defer { database.close() }
        try database.query(
            """
            insert into mail_messages (id, tenant_id, source_event_id, kind, recipient_id, client_id, mode, status, attempts)
            values ($1, $2, $3, 'client_invitation', $4, $4, $5, 'sending', 1)
            """,
            [mailID, UUID(uuidString: tenant.tenantID)!, event, UUID(uuidString: clientID)!, mode]
        )
    }

    @Test("over SMTP an interrupted send is sent again with the same Message-ID (at-least-once: a relay cannot be asked)")
    func interruptedSMTPSendIsRepeatedWithTheSameMessageID() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await TenantFixture.create(on: system)
        #expect(try await system.api.send("PATCH", "/api/v1/tenant", json: [
            "mail_mode": "smtp", "smtp": ["host": "127.0.0.1", "port": testbed.smtpPort, "tls": "starttls",
                                          "username": MailTestbed.smtpUser, "password": MailTestbed.smtpPassword],
        ], token: tenant.admin.token).status == 200)
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("invitation relayed") { try testbed.smtpMails(to: client.email).count == 1 }
        let mailID = UUID(), event = UUID()
        try Self.insertInterruptedMail(mailID, event: event, mode: "smtp", tenant: tenant, clientID: client.id)
        try Self.publishInvitationEvents([event, event], tenant: tenant, clientID: client.id)
        try await eventually("sent again") { try testbed.smtpMails(to: client.email).count == 2 }
        try await Task.sleep(for: .milliseconds(500))
        let mails = try testbed.smtpMails(to: client.email)
        #expect(mails.count == 2, "the duplicate delivery of the event itself sends nothing")
        #expect(mails.last?["message_id"] as? String == "<\(mailID.uuidString.lowercased())@mdme.localhost>")
        #expect(try Self.mails(to: client.id, system).first { $0.id == mailID }?.status == "sent")
    }

    @Test("deleting a client deletes the records of the mails to and about them")
    func clientDeletionRemovesMailRecords() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let client = try await Self.createClient(tenant, by: tenant.admin)
        try await eventually("invitation sent") { try Self.mails(to: client.id, system).first?.status == "sent" }
        let row = try #require(try Self.mails(to: client.id, system).first)
        let providerID = try #require(row.providerID)
        #expect(try await testbed.postWebhook([["event": "delivered", "_id": providerID, "ts": 1_790_000_500, "msg": ["_id": providerID]]]) == 200)
        try await eventually("delivered") { try Self.mails(to: client.id, system).first?.status == "delivered" }
        #expect(try await system.api.send("DELETE", "/api/v1/clients/\(client.id)", token: tenant.admin.token).status == 204)
        #expect(try system.count("select count(*)::int as count from mail_messages where recipient_id = $1 or client_id = $1", [UUID(uuidString: client.id)!]) == 0)
        #expect(try system.count("select count(*)::int as count from mail_events where mail_id = $1", [row.id]) == 0)
        // A late event about the deleted client's mail is accepted and ignored.
        #expect(try await testbed.postWebhook([["event": "open", "_id": providerID, "ts": 1_790_000_600, "msg": ["_id": providerID]],
                                               ["event": "hard_bounce", "_id": providerID, "ts": 1_790_000_700, "msg": ["_id": providerID]]]) == 200)
    }

    // MARK: Data minimisation

    @Test("every payload the provider received holds only an address, a greeted name, a fixed tag, an opaque id and a link")
    func providerPayloadsAreMinimal() async throws {
        let testbed = try MailTestbed.require()
        let system = testbed.system
        let tenant = try await Self.providerTenant(system)
        let therapist = try await Self.createTherapist(testbed, tenant)
        let client = try await Self.createClient(tenant, by: therapist, name: "Dorthe Datamin")
        try await eventually("the client's invitation") { try await testbed.providerRecords(to: client.email).count == 1 }
        let invitation = try #require(try await testbed.providerRecords(to: client.email).first?["message"] as? [String: Any])
        #expect(try await system.api.post("/api/v1/auth/invitations/accept",
                                          ["token": try Self.token(in: try #require(invitation["text"] as? String)), "password": TenantFixture.password]).status == 204)
        let clientToken = try await system.api.login(email: client.email, password: TenantFixture.password)

        // Health data that must never travel: a registration, a goal, a COPM assessment.
        let secret = "HEMMELIG-\(UUID().uuidString.prefix(6))"
        var entry = registration("Aktivitet \(secret)")
        entry["note"] = "Note \(secret)"
        #expect(try await system.api.post("/api/v1/me/registrations", entry, token: clientToken).status == 201)
        #expect(try await system.api.post("/api/v1/clients/\(client.id)/goals", ["kind": "short_term", "text": "Mål \(secret)"], token: therapist.token).status == 201)
        let copm = try await system.api.post("/api/v1/clients/\(client.id)/copm", [
            "assessed_on": "2026-11-01",
            "problems": [["description": "Problem \(secret)", "importance": 9, "performance": 3, "satisfaction": 2]],
        ], token: therapist.token)
        #expect(copm.status == 201, "\(copm.text)")

        // Every kind of mail: resets (by the therapist and by the client) and a retention warning.
        #expect(try await system.api.send("POST", "/api/v1/clients/\(client.id)/password-reset", token: therapist.token).status == 202)
        #expect(try await system.api.post("/api/v1/auth/password-reset", ["email": client.email]).status == 202)
        _ = try system.cli(["retention", "sweep", "--as-of", RFC3339Text.format(Date().addingTimeInterval(95 * 86_400))])
        try await eventually(timeout: .seconds(30), "all mails sent") {
            let toClient = try await testbed.providerRecords(to: client.email).count
            let toTherapist = try await testbed.providerRecords(to: therapist.email).count
            return toClient == 3 && toTherapist >= 2
        }
        let reference = String(client.id.prefix(8))
        let warnings = try await testbed.providerRecords(to: therapist.email).filter {
            (($0["message"] as? [String: Any])?["tags"] as? [String])?.first == "mdme-retention-first-warning"
        }
        #expect(warnings.contains { (($0["message"] as? [String: Any])?["text"] as? String)?.contains("Klient \(reference)") == true })

        let allowedMessageKeys: Set<String> = ["from_email", "from_name", "subject", "text", "html", "to", "tags", "metadata",
                                               "track_opens", "track_clicks", "view_content_link", "preserve_recipients"]
        let fixedTags: Set<String> = ["mdme-client-invitation", "mdme-therapist-invitation", "mdme-password-reset",
                                      "mdme-retention-first-warning", "mdme-retention-second-warning", "mdme-retention-client-deleted"]
        let records = try await testbed.providerRecords()
        #expect(records.count >= 5)
        let linkPattern = try NSRegularExpression(pattern: #"https?://[^\s"<]+"#)
        for record in records {
            #expect(Set(record.keys) == ["key", "message"])
            let message = try #require(record["message"] as? [String: Any])
            #expect(Set(message.keys).isSubset(of: allowedMessageKeys), "\(message.keys.sorted())")
            #expect(message["track_opens"] as? Bool == false && message["track_clicks"] as? Bool == false && message["view_content_link"] as? Bool == false)
            let to = try #require(message["to"] as? [[String: Any]])
            #expect(to.count == 1 && Set(to[0].keys).isSubset(of: ["email", "name", "type"]))
            let tags = try #require(message["tags"] as? [String])
            #expect(tags.count == 1 && fixedTags.contains(tags[0]), "\(tags)")
            let metadata = try #require(message["metadata"] as? [String: String])
            #expect(Set(metadata.keys) == ["mdme_id"])
            let mailID = try #require(metadata["mdme_id"].flatMap(UUID.init(uuidString:)))
            #expect(try system.count("select count(*)::int as count from mail_messages where id = $1", [mailID]) <= 1)
            let subject = try #require(message["subject"] as? String)
            let text = try #require(message["text"] as? String)
            let html = try #require(message["html"] as? String)
            let name = try #require(to[0]["name"] as? String)
            #expect(text.hasPrefix("Hej \(name)\n"), "the name is there to greet")
            for part in [subject, text, html] {
                #expect(!part.contains(secret), "no answers, notes, goals or assessments")
                #expect(!part.contains("1968") && !part.contains("11 22 33 44"), "no birth date or phone")
            }
            // One link: a single-use token, or the front end for a notice.
            let links = Set(linkPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) })
            #expect(links.count == 1, "\(links)")
            if tags[0].hasPrefix("mdme-retention") {
                #expect(links.first == system.api.baseURL.absoluteString, "\(links)")
                #expect(!text.contains("Dorthe") && !html.contains("Dorthe") && !subject.contains("Dorthe"), "a client only by short reference")
                #expect(!text.contains(client.email) && !html.contains(client.email))
            } else {
                #expect(links.first?.contains("#token=") == true, "\(links)")
            }
        }
    }
}

/// RFC 3339 text for the CLI's `--as-of`.
enum RFC3339Text {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
