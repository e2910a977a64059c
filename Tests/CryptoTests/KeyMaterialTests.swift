import Crypto
import Foundation
import Testing

@Suite("Blind index")
struct BlindIndexTests {
    static let key = [UInt8](repeating: 0x42, count: 32)

    @Test(arguments: [" Anna@Example.org ", "ANNA@EXAMPLE.ORG", "anna@example.org\n", "\tAnna@example.ORG"])
    func normalisesCaseAndSurroundingWhitespace(email: String) throws {
        let index = try BlindIndex(key: Self.key)
        #expect(index.index(email: email) == index.index(email: "anna@example.org"))
    }

    @Test func isKeyedHMACOfTheNormalisedAddress() throws {
        let index = try BlindIndex(key: Self.key)
        #expect(index.index(email: " Anna@Example.org ")
            == Digest.hex(Digest.hmacSHA256(key: Self.key, message: Array("anna@example.org".utf8))))
        #expect(index.index(email: "x@y.dk").count == 64)
    }

    @Test func differentAddressesDiffer() throws {
        let index = try BlindIndex(key: Self.key)
        #expect(index.index(email: "anna@example.org") != index.index(email: "anna@example.com"))
        #expect(index.index(email: "anna@example.org") != index.index(email: "an na@example.org"))
    }

    @Test func differentKeysDiffer() throws {
        let first = try BlindIndex(key: Self.key)
        let second = try BlindIndex(key: [UInt8](repeating: 0x43, count: 32))
        #expect(first.index(email: "anna@example.org") != second.index(email: "anna@example.org"))
    }

    @Test func isDeterministic() throws {
        #expect(try BlindIndex(key: Self.key).index(email: "a@b.dk") == BlindIndex(key: Self.key).index(email: "a@b.dk"))
    }

    @Test(arguments: [0, 16, 31])
    func shortKeyIsRejected(length: Int) {
        let error = #expect(throws: CryptoError.self) {
            _ = try BlindIndex(key: [UInt8](repeating: 1, count: length))
        }
        #expect(error?.code == .invalidKey)
    }
}

@Suite("Key files")
struct KeyFileTests {
    static let bytes = (0..<32).map { UInt8($0 * 5 + 1) }
    static let text = Data(bytes).base64EncodedString()

    @Test(arguments: ["", "\n", "  \n", "\r\n", "\t"])
    func surroundingWhitespaceIsIgnored(whitespace: String) throws {
        #expect(try KeyFile.decode(whitespace + Self.text + whitespace, source: "test") == Self.bytes)
    }

    @Test func longerKeysAreAccepted() throws {
        let bytes = [UInt8](repeating: 9, count: 64)
        #expect(try KeyFile.decode(Data(bytes).base64EncodedString() + "\n", source: "test") == bytes)
    }

    @Test func lineWrappedBase64IsAccepted() throws {
        // `openssl rand -base64 48` and `base64` without -w0 wrap long keys across lines.
        let bytes = (0..<64).map { UInt8($0) }
        let wrapped = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) + "\n"
        #expect(wrapped.dropLast().contains("\n"))
        #expect(try KeyFile.decode(wrapped, source: "test") == bytes)
    }

    @Test(arguments: [0, 1, 16, 31])
    func shortKeyIsRejected(length: Int) {
        let text = Data(repeating: 3, count: length).base64EncodedString()
        let error = #expect(throws: CryptoError.self) { _ = try KeyFile.decode(text, source: "session.key") }
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains("session.key") == true)
    }

    @Test(arguments: ["not base64 at all!", String(repeating: "A", count: 43), "****"])
    func nonBase64IsRejected(text: String) {
        #expect(throws: CryptoError.self) { _ = try KeyFile.decode(text, source: "test") }
    }

    @Test func loadReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-key-\(UUID().uuidString)").path
        try Data((Self.text + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try KeyFile.load(path: path) == Self.bytes)
    }

    @Test func loadOfAMissingFileNamesIt() {
        let path = "/nonexistent/mdme-\(UUID().uuidString).key"
        let error = #expect(throws: CryptoError.self) { _ = try KeyFile.load(path: path) }
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains(path) == true)
    }
}
