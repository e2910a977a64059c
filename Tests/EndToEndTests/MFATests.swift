import Crypto
import Foundation
import Postgres
import Testing

/// Multi-factor login through the gateway: enrollment, activation, TOTP at login, replays,
/// recovery codes, lockout, and a tenant that requires MFA.
@Suite(.runningSystem)
struct MFATests {
    /// Enrolls and activates MFA for `person`; returns the TOTP, the activation step and the recovery codes.
    static func activate(_ person: TenantFixture.Person, on system: SystemUnderTest) async throws -> (TOTP, Int64, [String]) {
        let enrolled = try await system.api.send("POST", "/api/v1/auth/mfa/enroll", token: person.token)
        #expect(enrolled.status == 200, "\(enrolled.text)")
        let secret = try #require(enrolled.object["secret"] as? String)
        let uri = try #require(enrolled.object["otpauth_uri"] as? String)
        #expect(uri.hasPrefix("otpauth://totp/MDME:") && uri.contains("secret=\(secret)"))
        let totp = TOTP(secret: try #require(Base32.decode(secret)))
        let step = totp.step(at: Date())
        let activated = try await system.api.post("/api/v1/auth/mfa/activate", ["totp": totp.code(step: step)], token: person.token)
        #expect(activated.status == 200, "\(activated.text)")
        let codes = try #require(activated.object["recovery_codes"] as? [String])
        #expect(codes.count == 10 && Set(codes).count == 10)
        return (totp, step, codes)
    }

    @Test("enrolled account: no code → mfa_required, right code → token, the same code again → refused")
    func loginWithTOTP() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let (totp, step, _) = try await Self.activate(therapist, on: system)

        let database = try system.database()
        defer { database.close() }
        let rows = try database.query("select secret_enc, last_used_step from account_mfa where account_id = $1::uuid", [therapist.id])
        let stored = try #require(rows.first)
        let sealed: [UInt8] = try stored.decode("secret_enc")
        #expect(!sealed.isEmpty && sealed != Array(Base32.encode(totp.secret).utf8))
        #expect(try stored.decode("last_used_step", as: Int64.self) == step)

        let withoutCode = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password])
        #expect(withoutCode.status == 401 && withoutCode.errorCode == "mfa_required")
        // The activation used this step: the same code is not accepted for a login.
        let replayedActivation = try await system.api.post("/api/v1/auth/login",
                                                           ["email": therapist.email, "password": TenantFixture.password, "totp": totp.code(step: step)])
        #expect(replayedActivation.status == 401 && replayedActivation.errorCode == "invalid_credentials")
        let next = totp.code(step: step + 1)
        let loggedIn = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password, "totp": next])
        #expect(loggedIn.status == 200, "\(loggedIn.text)")
        #expect(loggedIn.object["mfa_enrollment_required"] as? Bool == false)
        let token = try #require(loggedIn.object["token"] as? String)
        #expect(try await system.api.get("/api/v1/me", token: token).status == 200)
        let replayed = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password, "totp": next])
        #expect(replayed.status == 401 && replayed.errorCode == "invalid_credentials")
        // A wrong password with a right code is still a wrong password.
        let wrongPassword = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": "not the password", "totp": next])
        #expect(wrongPassword.status == 401 && wrongPassword.errorCode == "invalid_credentials")
        // Enrolling again once active is a conflict, and the secret is not handed out again.
        let again = try await system.api.send("POST", "/api/v1/auth/mfa/enroll", token: token)
        #expect(again.status == 409 && again.object["secret"] == nil)
    }

    @Test("a recovery code works in place of the TOTP exactly once; codes are stored hashed")
    func recoveryCodes() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let (_, _, codes) = try await Self.activate(therapist, on: system)
        let database = try system.database()
        defer { database.close() }
        let hashes = try database.query("select code_hash from mfa_recovery_codes where account_id = $1::uuid", [therapist.id])
            .map { try $0.decode("code_hash", as: String.self) }
        #expect(hashes.count == 10 && !hashes.contains(codes[0]) && !hashes.contains { codes.contains($0) })

        let first = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password, "totp": codes[0].uppercased()])
        #expect(first.status == 200, "\(first.text)")
        let second = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password, "totp": codes[0]])
        #expect(second.status == 401 && second.errorCode == "invalid_credentials")
        let other = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password, "totp": codes[1]])
        #expect(other.status == 200)
    }

    @Test("activation needs the current code; bad input changes nothing")
    func activationInput() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let notEnrolled = try await system.api.post("/api/v1/auth/mfa/activate", ["totp": "123456"], token: therapist.token)
        #expect(notEnrolled.status == 409)
        #expect(try await system.api.send("POST", "/api/v1/auth/mfa/enroll").status == 401)
        let enrolled = try await system.api.send("POST", "/api/v1/auth/mfa/enroll", token: therapist.token)
        let secret = try #require(enrolled.object["secret"] as? String)
        let totp = TOTP(secret: try #require(Base32.decode(secret)))
        let malformed = try await system.api.post("/api/v1/auth/mfa/activate", ["totp": "12ab"], token: therapist.token)
        #expect(malformed.status == 400 && malformed.errorFields == ["totp"])
        let wrong = try await system.api.post("/api/v1/auth/mfa/activate", ["totp": totp.code(step: totp.step(at: Date()) + 5)], token: therapist.token)
        #expect(wrong.status == 400 && wrong.errorFields == ["totp"])
        // Still pending: login needs no code yet.
        #expect(try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password]).status == 200)
    }

    @Test("wrong codes count toward the lockout")
    func wrongCodesLock() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let (totp, step, _) = try await Self.activate(therapist, on: system)
        for offset in 10..<15 {
            let wrong = try await system.api.post("/api/v1/auth/login",
                                                  ["email": therapist.email, "password": TenantFixture.password, "totp": totp.code(step: step + Int64(offset))])
            #expect(wrong.status == 401)
        }
        let locked = try await system.api.post("/api/v1/auth/login",
                                               ["email": therapist.email, "password": TenantFixture.password, "totp": totp.code(step: step + 1)])
        #expect(locked.status == 403, "\(locked.text)")
    }

    @Test("tenant requires MFA: a therapist without it gets a session that can only enroll, widened by activation")
    func tenantRequiresMFA() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let client = try await tenant.createClient(by: therapist)
        let required = try await system.api.send("PATCH", "/api/v1/tenant", json: ["mfa_required": true], token: tenant.admin.token)
        #expect(required.status == 200)

        let login = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password])
        #expect(login.status == 200 && login.object["mfa_enrollment_required"] as? Bool == true, "\(login.text)")
        let restricted = try #require(login.object["token"] as? String)
        let refused = try await system.api.get("/api/v1/clients", token: restricted)
        #expect(refused.status == 403)
        #expect(try await system.api.get("/api/v1/me", token: restricted).status == 200)
        let person = TenantFixture.Person(id: therapist.id, email: therapist.email, token: restricted)
        _ = try await Self.activate(person, on: system)
        #expect(try await system.api.get("/api/v1/clients", token: restricted).status == 200)

        // Clients are not therapists: the tenant's rule does not restrict them.
        let clientLogin = try await system.api.post("/api/v1/auth/login", ["email": client.email, "password": TenantFixture.password])
        #expect(clientLogin.status == 200 && clientLogin.object["mfa_enrollment_required"] as? Bool == false)
    }
}

extension MFATests {
    @Test("a tenant admin resets a therapist's MFA: sessions end, login needs no code, enrolment starts again; others may not")
    func adminReset() async throws {
        let system = try SystemUnderTest.require()
        let tenant = try await TenantFixture.create(on: system)
        let therapist = try await tenant.createTherapist()
        let colleague = try await tenant.createTherapist()
        let (totp, step, _) = try await Self.activate(therapist, on: system)
        let session = try await system.api.post("/api/v1/auth/login",
                                                ["email": therapist.email, "password": TenantFixture.password, "totp": totp.code(step: step + 1)])
        let token = try #require(session.object["token"] as? String)

        #expect(try await system.api.send("DELETE", "/api/v1/therapists/\(therapist.id)/mfa", token: colleague.token).status == 403)
        #expect(try await system.api.send("DELETE", "/api/v1/therapists/\(UUID().uuidString.lowercased())/mfa", token: tenant.admin.token).status == 404)
        let reset = try await system.api.send("DELETE", "/api/v1/therapists/\(therapist.id)/mfa", token: tenant.admin.token)
        #expect(reset.status == 204, "\(reset.text)")
        #expect(try await system.api.get("/api/v1/me", token: token).status == 401)
        let plain = try await system.api.post("/api/v1/auth/login", ["email": therapist.email, "password": TenantFixture.password])
        #expect(plain.status == 200)
        let relogged = TenantFixture.Person(id: therapist.id, email: therapist.email, token: try #require(plain.object["token"] as? String))
        _ = try await Self.activate(relogged, on: system)
    }
}
