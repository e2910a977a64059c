import Foundation
import Testing

/// A system whose mailer talks to doubles kept in Tests/MailDoubles: an HTTP server speaking
/// the provider's wire protocol (it records every payload and sends signed webhooks back) and
/// an aiosmtpd relay that stores what it receives.
final class MailTestbed: Sendable {
    let system: SystemUnderTest
    let provider: APIClient
    let smtpPort: Int
    let smtpFolder: URL
    /// Relays that speak TLS, with a certificate of the testbed's own CA file: one requires
    /// STARTTLS, one is smtps (TLS from the first byte).
    let starttlsPort: Int
    let implicitTLSPort: Int
    let webhookKey: String
    /// The webhook URL as "registered with the provider": signed, never rebuilt from the request.
    static let registeredWebhookURL = "https://mdme.example/webhooks/mail-provider"
    static let smtpUser = "relay-user"
    static let smtpPassword = "relay pässword 1"
    private let doubles: [Subprocess]
    private let folder: URL

    static func start() async throws -> MailTestbed {
        let environment = try TestEnvironment.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-mail-\(UUID().uuidString.prefix(8))")
        let smtpFolder = folder.appendingPathComponent("smtp")
        try FileManager.default.createDirectory(at: smtpFolder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("relay-cert.pem").path
        let privateKey = folder.appendingPathComponent("relay-key.pem").path
        try TestEnvironment.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", privateKey, "-out", certificate,
                                                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        let providerKey = "provider-key-\(UUID().uuidString)"
        let webhookKey = "webhook-key-\(UUID().uuidString)"
        try Data(providerKey.utf8).write(to: folder.appendingPathComponent("provider.key"))
        try Data((webhookKey + "\n").utf8).write(to: folder.appendingPathComponent("webhook.key"))
        let doublesFolder = environment.repository.appendingPathComponent("Tests/MailDoubles")
        let providerPort = TestEnvironment.freePort()
        let smtpPort = TestEnvironment.freePort()
        let provider = try Subprocess.spawn("/usr/bin/env", ["python3", doublesFolder.appendingPathComponent("provider_double.py").path, "\(providerPort)", providerKey],
                                            environment: ProcessInfo.processInfo.environment, outputPath: folder.appendingPathComponent("provider.log").path)
        let smtp = try Subprocess.spawn("/usr/bin/env", ["python3", doublesFolder.appendingPathComponent("smtp_sink.py").path, "\(smtpPort)", smtpFolder.path,
                                                         smtpUser, smtpPassword],
                                        environment: ProcessInfo.processInfo.environment, outputPath: folder.appendingPathComponent("smtp.log").path)
        let starttlsPort = TestEnvironment.freePort()
        let implicitTLSPort = TestEnvironment.freePort()
        var tlsRelays: [Subprocess] = []
        for (port, mode) in [(starttlsPort, "starttls"), (implicitTLSPort, "tls")] {
            tlsRelays.append(try Subprocess.spawn(
                "/usr/bin/env", ["python3", doublesFolder.appendingPathComponent("smtp_sink.py").path, "\(port)", smtpFolder.path + "-" + mode,
                                 smtpUser, smtpPassword, mode, certificate, privateKey],
                environment: ProcessInfo.processInfo.environment, outputPath: folder.appendingPathComponent("smtp-\(mode).log").path))
            try FileManager.default.createDirectory(atPath: smtpFolder.path + "-" + mode, withIntermediateDirectories: true)
        }
        let client = APIClient(baseURL: URL(string: "http://127.0.0.1:\(providerPort)")!)
        do {
            try await eventually(timeout: .seconds(60), "provider double up") { try await client.get("/_records").status == 200 }
            try await eventually(timeout: .seconds(60), "SMTP sinks up") {
                Self.listening(port: smtpPort) && Self.listening(port: starttlsPort) && Self.listening(port: implicitTLSPort)
            }
            let system = try await SystemUnderTest.start(settings: [
                "MDME_MAIL_PROVIDER_BASE_URL": "http://127.0.0.1:\(providerPort)",
                "MDME_MAIL_PROVIDER_KEY_FILE": folder.appendingPathComponent("provider.key").path,
                "MDME_MAIL_PROVIDER_TIMEOUT_SECONDS": "5",
                "MDME_MAIL_WEBHOOK_KEY_FILE": folder.appendingPathComponent("webhook.key").path,
                "MDME_MAIL_WEBHOOK_URL": registeredWebhookURL,
                "MDME_MAIL_SMTP_CA_FILE": certificate,
                // Long enough to watch an outage, short enough to reach the dead-letter queue.
                "MDME_MESSAGING_RETRY_DELAYS_MS": "[300,1000,2000]",
                "MDME_MESSAGING_MAX_ATTEMPTS": "6",
            ])
            // Ready means the broker is; wait until the storage worker answers too.
            try await eventually(timeout: .seconds(60), "storage answers") {
                try await system.api.post("/api/v1/auth/login", ["email": "nobody@example.org", "password": "not a password"]).status == 401
            }
            return MailTestbed(system: system, provider: client, smtpPort: smtpPort, smtpFolder: smtpFolder, starttlsPort: starttlsPort,
                               implicitTLSPort: implicitTLSPort, webhookKey: webhookKey, doubles: [provider, smtp] + tlsRelays, folder: folder)
        } catch {
            for double in [provider, smtp] + tlsRelays { stop(double) }
            throw error
        }
    }

    private init(system: SystemUnderTest, provider: APIClient, smtpPort: Int, smtpFolder: URL, starttlsPort: Int, implicitTLSPort: Int,
                 webhookKey: String, doubles: [Subprocess], folder: URL) {
        self.system = system
        self.provider = provider
        self.smtpPort = smtpPort
        self.smtpFolder = smtpFolder
        self.starttlsPort = starttlsPort
        self.implicitTLSPort = implicitTLSPort
        self.webhookKey = webhookKey
        self.doubles = doubles
        self.folder = folder
    }

    func shutdown() {
        system.shutdown()
        for double in doubles { Self.stop(double) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// SIGKILL: the doubles keep nothing, and they inherit the test runner's blocked SIGTERM.
    private static func stop(_ double: Subprocess) {
        double.signal(SIGKILL)
        double.wait()
    }

    /// Every `messages/send` body the provider double received.
    func providerRecords() async throws -> [[String: Any]] {
        let response = try await provider.get("/_records")
        #expect(response.status == 200)
        return response.array
    }

    /// The send bodies addressed to `email`.
    func providerRecords(to email: String) async throws -> [[String: Any]] {
        try await providerRecords().filter { record in
            ((record["message"] as? [String: Any])?["to"] as? [[String: Any]] ?? []).contains { $0["email"] as? String == email }
        }
    }

    func setProvider(mode: String, reject: [String] = []) async throws {
        #expect(try await provider.post("/_mode", ["mode": mode, "reject": reject]).status == 200)
    }

    /// Has the double post a webhook signed with the configured key (or a wrong one) to the
    /// gateway; returns the gateway's status.
    func postWebhook(_ events: [[String: Any]], wrongSignature: Bool = false) async throws -> Int {
        let response = try await provider.post("/_webhook", [
            "target": "http://127.0.0.1:\(system.port)/webhooks/mail-provider", "url": Self.registeredWebhookURL,
            "key": webhookKey, "events": events, "wrong_signature": wrongSignature,
        ])
        #expect(response.status == 200, "\(response.text)")
        return response.object["status"] as? Int ?? 0
    }

    /// The mails a relay accepted, oldest first: the plain one, or the `starttls` or `tls` one.
    func smtpMails(relay: String? = nil) throws -> [[String: Any]] {
        let folder = URL(fileURLWithPath: smtpFolder.path + (relay.map { "-" + $0 } ?? ""))
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any] ?? [:]
        }
    }

    func smtpMails(to email: String, relay: String? = nil) throws -> [[String: Any]] {
        try smtpMails(relay: relay).filter { ($0["rcpt_tos"] as? [String] ?? []).contains(email) }
    }

    static func listening(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// Gives a suite one mail testbed for all its tests.
struct MailTestbedTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let testbed = try await MailTestbed.start()
        defer { testbed.shutdown() }
        try await MailTestbed.$current.withValue(testbed) {
            try await SystemUnderTest.$current.withValue(testbed.system) {
                try await function()
            }
        }
    }
}

extension MailTestbed {
    @TaskLocal static var current: MailTestbed?

    static func require() throws -> MailTestbed {
        try #require(current, "the suite needs the .mailTestbed trait")
    }
}

extension Trait where Self == MailTestbedTrait {
    /// Starts the mail doubles and a whole system whose mailer uses them.
    static var mailTestbed: Self { Self() }
}
