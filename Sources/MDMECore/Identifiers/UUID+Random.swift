import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension UUID {
    /// A new random (version 4) identifier, from one call to the kernel's random source.
    ///
    /// Foundation's `UUID()` opens, reads and closes /dev/urandom for every identifier: three
    /// system calls where glibc's `arc4random_buf` makes one `getrandom`, and the gateway and
    /// storage make an identifier or two for every request.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            arc4random_buf(buffer.baseAddress!, buffer.count)
        }
        bytes.6 = (bytes.6 & 0x0F) | 0x40  // version 4: random
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // the RFC 4122 variant
        return UUID(uuid: bytes)
    }
}
