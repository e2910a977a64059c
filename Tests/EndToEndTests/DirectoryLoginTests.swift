import Foundation
import Postgres
import Testing

/// Logins checked by a tenant's LDAP directory: a real slapd started here, TLS always.
@Suite(.runningSystem)
struct DirectoryLoginTests {
    /// Each tenant's directory serves a domain of its own (domains are unique per system).
    static func domain(_ tenant: TenantFixture) -> String { "dir-\(tenant.tenantID.prefix(8)).example.org" }

    /// Points the tenant's directory at `url` with the operator's CLI.
    static func configure(_ tenant: TenantFixture, url: String, caFile: String?) throws {
        var arguments = ["directory", "set", "--tenant", tenant.tenantID, "--email-domain", domain(tenant), "--url", url,
                         "--bind-dn-template", SlapdInstance.bindTemplate,
                         "--therapist-group", SlapdInstance.therapistGroup, "--admin-group", SlapdInstance.adminGroup]
        if let caFile { arguments += ["--ca-file", caFile] }
        try tenant.system.cli(arguments)
    }

    static func login(_ tenant: TenantFixture, _ uid: String, _ password: String) async throws -> APIResponse {
        try await tenant.system.api.post("/api/v1/auth/login", ["email": "\(uid)@\(domain(tenant))", "password": password])
    }

    static func accountCount(_ tenant: TenantFixture) throws -> Int {
        let database = try tenant.system.database()
        defer { database.close() }
        return try database.query("select count(*)::int as n from accounts where directory_managed and tenant_id = $1::uuid", [tenant.tenantID])
            .first?.decode("n") ?? -1
    }

    @Test("group members log in over StartTLS with the group's role, provisioned once; others cannot; removal stops the next login")
    func startTLSLogins() async throws {
        let system = try SystemUnderTest.require()
        let slapd = try await SlapdInstance.start()
        defer { slapd.stop() }
        let tenant = try await TenantFixture.create(on: system)
        try Self.configure(tenant, url: slapd.ldapURL, caFile: slapd.caFile)

        let alice = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(alice.status == 200, "\(alice.text)")
        let aliceUser = try #require(alice.object["user"] as? [String: Any])
        #expect(aliceUser["role"] as? String == "therapist" && aliceUser["name"] as? String == "Alice Andersen")
        #expect(aliceUser["tenant_id"] as? String == tenant.tenantID)
        let aliceToken = try #require(alice.object["token"] as? String)
        #expect(try await system.api.get("/api/v1/clients", token: aliceToken).status == 200)
        // Second login: the same account, not a second one.
        let again = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(again.status == 200, "\(again.text) \(system.log(.storage))")
        #expect(again.status == 200 && (again.object["user"] as? [String: Any])?["id"] as? String == aliceUser["id"] as? String)
        #expect(try Self.accountCount(tenant) == 1)

        let bob = try await Self.login(tenant, "bob", "bob directory pw")
        #expect(bob.status == 200 && (bob.object["user"] as? [String: Any])?["role"] as? String == "tenant_admin", "\(bob.text)")

        let carol = try await Self.login(tenant, "carol", "carol directory pw")
        #expect(carol.status == 403, "\(carol.text)")
        let wrong = try await Self.login(tenant, "alice", "not alice's password")
        #expect(wrong.status == 401 && wrong.errorCode == "invalid_credentials")
        let empty = try await system.api.post("/api/v1/auth/login", ["email": "alice@\(Self.domain(tenant))", "password": " "])
        #expect(empty.status == 401)
        let nobody = try await Self.login(tenant, "nobody", "whatever pw")
        #expect(nobody.status == 401 && nobody.errorCode == "invalid_credentials")
        #expect(try Self.accountCount(tenant) == 2)

        // The provisioning is audited, with ids only.
        let database = try system.database()
        defer { database.close() }
        let audited = try database.query("select count(*)::int as n from audit_log where action = 'account.provision_from_directory' and tenant_id = $1::uuid", [tenant.tenantID])
        #expect(try audited.first?.decode("n", as: Int.self) == 2)

        try slapd.removeMember("alice", from: SlapdInstance.therapistGroup)
        let removed = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(removed.status == 403, "\(removed.text)")
        // The tenant admin still sees the account in the list of therapists: its data stays.
        #expect(try Self.accountCount(tenant) == 2)
    }

    @Test("LDAPS works with the CA; an untrusted or misnamed certificate and a server without TLS are refused before the password is sent")
    func tlsIsRequired() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let slapd = try await SlapdInstance.start()
        defer { slapd.stop() }
        try Self.configure(tenant, url: try #require(slapd.ldapsURL), caFile: slapd.caFile)
        let ldaps = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(ldaps.status == 200, "\(ldaps.text)")

        // Without the CA, the server's certificate is not trusted.
        try Self.configure(tenant, url: slapd.ldapURL, caFile: nil)
        let untrusted = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(untrusted.status == 503, "\(untrusted.text)")

        // A certificate from the trusted CA, but for another host name.
        let elsewhere = try await SlapdInstance.start(subjectAltName: "DNS:directory.elsewhere.example")
        defer { elsewhere.stop() }
        try Self.configure(tenant, url: elsewhere.ldapURL, caFile: elsewhere.caFile)
        let wrongHost = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(wrongHost.status == 503, "\(wrongHost.text)")

        let plain = try await SlapdInstance.start(tls: false)
        defer { plain.stop() }
        try Self.configure(tenant, url: plain.ldapURL, caFile: slapd.caFile)
        let refused = try await Self.login(tenant, "alice", "alice directory pw")
        #expect(refused.status == 503 && refused.errorCode == "unavailable", "\(refused.text)")
        let log = system.log(.storage)
        #expect(log.contains("tlsFailed"))
        #expect(!log.contains("alice") && !log.contains(Self.domain(tenant)))
    }

    @Test("local accounts keep their password and MFA rules beside a directory")
    func localAccountsUnaffected() async throws {
        let system = try SystemUnderTest.require()
        let slapd = try await SlapdInstance.start()
        defer { slapd.stop() }
        let tenant = try await TenantFixture.create(on: system)
        try Self.configure(tenant, url: slapd.ldapURL, caFile: slapd.caFile)
        #expect(try await system.api.post("/api/v1/auth/login", ["email": tenant.admin.email, "password": TenantFixture.password]).status == 200)
        #expect(try await system.api.post("/api/v1/auth/login", ["email": tenant.admin.email, "password": "alice directory pw"]).status == 401)
        // An account made by the admin inside the directory's domain stays a local account.
        let email = "local-\(UUID().uuidString.prefix(6).lowercased())@\(Self.domain(tenant))"
        let created = try await system.api.post("/api/v1/therapists", ["name": "Lone Lokal", "email": email, "role": "therapist"], token: tenant.admin.token)
        #expect(created.status == 201, "\(created.text)")
        let local = try await tenant.accept(created, email: email)
        #expect(try await system.api.get("/api/v1/me", token: local.token).status == 200)
        #expect(try Self.accountCount(tenant) == 0)
    }

    @Test("search mode: a service account finds the user by filter, then the user binds")
    func searchMode() async throws {
        let system = try SystemUnderTest.require()
        let slapd = try await SlapdInstance.start()
        defer { slapd.stop() }
        let tenant = try await TenantFixture.create(on: system)
        let passwordFile = slapd.directory.appendingPathComponent("service.pw").path
        try (SlapdInstance.adminPassword + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        try system.cli(["directory", "set", "--tenant", tenant.tenantID, "--email-domain", Self.domain(tenant), "--url", slapd.ldapURL,
                        "--ca-file", slapd.caFile, "--search-base", "ou=people,\(SlapdInstance.suffix)", "--search-filter", "(uid={username})",
                        "--service-bind-dn", SlapdInstance.adminDN, "--service-password-file", passwordFile,
                        "--therapist-group", SlapdInstance.therapistGroup, "--admin-group", SlapdInstance.adminGroup])
        let bob = try await Self.login(tenant, "bob", "bob directory pw")
        #expect(bob.status == 200 && (bob.object["user"] as? [String: Any])?["role"] as? String == "tenant_admin", "\(bob.text)")
        #expect(try await Self.login(tenant, "bob", "alice directory pw").status == 401)
        // A filter-breaking name finds nobody rather than somebody.
        #expect(try await Self.login(tenant, "*", "bob directory pw").status == 401)
    }
}
