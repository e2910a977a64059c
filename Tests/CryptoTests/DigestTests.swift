import Crypto
import Foundation
import Testing

@Suite("Digests and MACs")
struct DigestTests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256KnownAnswers(message: String, expected: String) {
        #expect(Digest.hex(Digest.sha256(Array(message.utf8))) == expected)
    }

    @Test func sha256OfAMillionAs() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Digest.hex(Digest.sha256(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacSHA256RFC4231TestCase1() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(Digest.hex(Digest.hmacSHA256(key: key, message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func hmacSHA256RFC4231TestCase2() {
        #expect(Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacSHA256RFC4231TestCase6LongKey() {
        // A 131-byte key, longer than the block size, is hashed first.
        let key = [UInt8](repeating: 0xaa, count: 131)
        #expect(Digest.hex(Digest.hmacSHA256(key: key, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// RFC 2202's HMAC-SHA1 test cases 1, 2, 3, 6 and 7 (long keys and multi-block data), and the
    /// empty key and message (which exercises SHA-1's padding on its own).
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b617318655057264e28bc0b6fb378c8ef146be00"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        ([UInt8](repeating: 0xaa, count: 80), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        ([UInt8](repeating: 0xaa, count: 80),
         Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
        ([UInt8](), [UInt8](), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d"),
    ])
    func hmacSHA1RFC2202(key: [UInt8], message: [UInt8], expected: String) {
        #expect(Digest.hex(Digest.hmacSHA1(key: key, message: message)) == expected)
    }

    @Test func hmacWithEmptyKeyAndMessage() {
        #expect(Digest.hex(Digest.hmacSHA256(key: [], message: []))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hmacDependsOnKeyAndMessage() {
        let base = Digest.hmacSHA256(key: Array("key-1".utf8), message: Array("message".utf8))
        #expect(base.count == 32)
        #expect(base != Digest.hmacSHA256(key: Array("key-2".utf8), message: Array("message".utf8)))
        #expect(base != Digest.hmacSHA256(key: Array("key-1".utf8), message: Array("messagf".utf8)))
        #expect(base == Digest.hmacSHA256(key: Array("key-1".utf8), message: Array("message".utf8)))
    }

    @Test(arguments: [
        ([UInt8](), [UInt8](), true),
        ([1, 2, 3], [1, 2, 3], true),
        ([1, 2, 3], [1, 2, 4], false),
        ([0, 2, 3], [1, 2, 3], false),
        ([1, 2, 3], [1, 2], false),
        ([1, 2], [1, 2, 3], false),
        ([], [0], false),
        ([255], [255], true),
    ])
    func constantTimeEquals(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(Digest.constantTimeEquals(a, b) == equal)
    }

    @Test func constantTimeEqualsOfLongValues() {
        let a = (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var b = a
        #expect(Digest.constantTimeEquals(a, b))
        b[4095] ^= 1
        #expect(!Digest.constantTimeEquals(a, b))
    }

    @Test(arguments: [
        ([UInt8](), ""),
        ([0x00], "00"),
        ([0xff], "ff"),
        ([0x0f, 0xf0], "0ff0"),
        ([0xde, 0xad, 0xbe, 0xef], "deadbeef"),
        ([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef], "0123456789abcdef"),
    ])
    func hex(bytes: [UInt8], expected: String) {
        #expect(Digest.hex(bytes) == expected)
    }

    @Test func hexOfEveryByte() {
        let text = Digest.hex((0...255).map(UInt8.init))
        #expect(text.count == 512)
        for byte in 0...255 {
            let start = text.index(text.startIndex, offsetBy: byte * 2)
            #expect(text[start..<text.index(start, offsetBy: 2)] == String(format: "%02x", byte))
        }
    }
}

@Suite("Secure random")
struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 1000])
    func bytesHaveTheRequestedLength(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func bytesDiffer() {
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func tokenIsURLSafeAndCarriesTheBytes() throws {
        let token = SecureRandom.token()
        #expect(token.count == 43)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(try #require(Base64URL.decode(token)).count == 32)
        #expect(SecureRandom.token(byteCount: 9).count == 12)
        #expect(SecureRandom.token() != SecureRandom.token())
    }
}
