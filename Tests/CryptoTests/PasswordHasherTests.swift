import Crypto
import Foundation
import Testing

@Suite("Password hashing")
struct PasswordHasherTests {
    static let hasher = PasswordHasher(cost: .minimum)

    @Test func hashIsArgon2idWithItsParameters() throws {
        let hash = try Self.hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$v=19$m="))
        #expect(hash.split(separator: "$").count == 5)
        #expect(!hash.contains("correct horse"))
    }

    @Test func verifiesTheRightPasswordOnly() throws {
        let hash = try Self.hasher.hash("correct horse battery staple")
        #expect(Self.hasher.verify("correct horse battery staple", against: hash))
        #expect(!Self.hasher.verify("correct horse battery stapl", against: hash))
        #expect(!Self.hasher.verify("Correct horse battery staple", against: hash))
        #expect(!Self.hasher.verify("correct horse battery staple ", against: hash))
        #expect(!Self.hasher.verify("", against: hash))
    }

    @Test func samePasswordHashesDifferently() throws {
        let first = try Self.hasher.hash("same password")
        let second = try Self.hasher.hash("same password")
        #expect(first != second)
        #expect(Self.hasher.verify("same password", against: first))
        #expect(Self.hasher.verify("same password", against: second))
    }

    @Test(arguments: [
        "", "garbage", "$argon2id$", "$argon2id$v=19$m=8,t=1,p=1$", "$2b$10$abcdefghijklmnopqrstuv",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", String(repeating: "$", count: 200),
    ])
    func malformedHashNeverMatches(hash: String) {
        #expect(!Self.hasher.verify("anything", against: hash))
        #expect(!Self.hasher.verify("", against: hash))
    }

    @Test func alteredHashDoesNotMatch() throws {
        let hash = try Self.hasher.hash("pässwörd-ünïcødé")
        var characters = Array(hash)
        characters[characters.count - 2] = characters[characters.count - 2] == "A" ? "B" : "A"
        #expect(!Self.hasher.verify("pässwörd-ünïcødé", against: String(characters)))
    }

    @Test(arguments: ["pässwörd-ünïcødé", "パスワードです", "🔐🔑 emoji 🗝️", "e\u{301}clair-precomposed?"])
    func unicodePasswords(password: String) throws {
        let hash = try Self.hasher.hash(password)
        #expect(Self.hasher.verify(password, against: hash))
        #expect(!Self.hasher.verify(String(password.dropLast()), against: hash))
    }

    @Test func passwordsAreComparedAsUTF8BytesNotNormalised() throws {
        // "é" precomposed and decomposed are equal Swift strings but different bytes.
        let hash = try Self.hasher.hash("caf\u{E9}-latte")
        #expect(Self.hasher.verify("caf\u{E9}-latte", against: hash))
        #expect(!Self.hasher.verify("cafe\u{301}-latte", against: hash))
    }

    @Test func embeddedNULIsPartOfThePassword() throws {
        let hash = try Self.hasher.hash("abc\u{0}def")
        #expect(Self.hasher.verify("abc\u{0}def", against: hash))
        #expect(!Self.hasher.verify("abc", against: hash))
    }

    @Test func longPassword() throws {
        let password = String(repeating: "long-pass ", count: 100)
        let hash = try Self.hasher.hash(password)
        #expect(Self.hasher.verify(password, against: hash))
        #expect(!Self.hasher.verify(password + "x", against: hash))
    }

    @Test func minimumCostHashVerifiesWithAnyHasher() throws {
        // The cost lives in the hash string, so a hasher with another cost still verifies it.
        let hash = try Self.hasher.hash("cross-cost password")
        #expect(PasswordHasher(cost: .interactive).verify("cross-cost password", against: hash))
    }

    @Test func interactiveCost() throws {
        let hasher = PasswordHasher()
        let hash = try hasher.hash("interactive password")
        #expect(hash.hasPrefix("$argon2id$v=19$m=65536,t=2,p=1$"))
        #expect(hasher.verify("interactive password", against: hash))
    }
}
