import Foundation
import MDMECore
import Testing

@Suite struct UUIDRandomTests {
    @Test func isAVersionFourUUIDOfTheRFCVariant() {
        for _ in 0..<1000 {
            let text = UUID.random().uuidString
            let version = text[text.index(text.startIndex, offsetBy: 14)]
            let variant = text[text.index(text.startIndex, offsetBy: 19)]
            #expect(version == "4")
            #expect("89AB".contains(variant))
        }
    }

    @Test func neverRepeatsAndUsesEveryRandomBit() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        // Apart from the six fixed bits, each of the 122 bits is set in some ids and clear in
        // others: a stuck byte (an unfilled buffer) would show here.
        var seenSet = [UInt8](repeating: 0, count: 16), seenClear = [UInt8](repeating: 0, count: 16)
        for id in ids {
            withUnsafeBytes(of: id.uuid) { bytes in
                for index in 0..<16 {
                    seenSet[index] |= bytes[index]
                    seenClear[index] |= ~bytes[index]
                }
            }
        }
        let fixedSet: [Int: UInt8] = [6: 0x40, 8: 0x80], fixedClear: [Int: UInt8] = [6: 0xB0, 8: 0x40]
        for index in 0..<16 {
            #expect(seenSet[index] == 0xFF & ~(fixedClear[index] ?? 0), "byte \(index)")
            #expect(seenClear[index] == 0xFF & ~(fixedSet[index] ?? 0), "byte \(index)")
        }
    }
}
