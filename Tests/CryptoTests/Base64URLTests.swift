import Crypto
import Foundation
import Testing

@Suite("Base64URL")
struct Base64URLTests {
    @Test(arguments: 0...40)
    func roundTripsEveryLength(length: Int) throws {
        // Bytes chosen so that every length produces '-' and '_' somewhere once long enough.
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: 0xfb &+ $0 &* 37) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("="))
        #expect(!text.contains("+"))
        #expect(!text.contains("/"))
        #expect(text.count == (length * 4 + 2) / 3)
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test func randomRoundTrips() {
        for length in 0...40 {
            let bytes = SecureRandom.bytes(length)
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: [
        ([UInt8](), ""),
        ([0x66], "Zg"),
        ([0x66, 0x6f], "Zm8"),
        ([0x66, 0x6f, 0x6f], "Zm9v"),
        ([0xfb, 0xff], "-_8"),
        ([0xfb, 0xef, 0xbe], "----"),
        ([0xff, 0xff, 0xff], "____"),
    ])
    func knownEncodings(bytes: [UInt8], text: String) {
        #expect(Base64URL.encode(bytes) == text)
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test(arguments: ["+", "/", "ab+c", "ab/c", "-_8+", "Zm9v/", "Zg==", "Zg=", "Zm 9v", "Zm9v\n", "Zm9v!", "Zmé9", "Z", "Zm9vY", "Zh", "Zm-"])
    /// Outside the alphabet, padded, an impossible length, or not canonical (unused low bits set).
    func rejectsInvalidText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func decodesSubstrings() {
        let token = "v1.Zm9v.YmFy"
        let parts = token.split(separator: ".")
        #expect(Base64URL.decode(parts[1]) == Array("foo".utf8))
        #expect(Base64URL.decode(parts[2]) == Array("bar".utf8))
    }
}
