import Foundation
import MDMECore
import Testing

@Suite struct UUIDTextTests {
    @Test func isFoundationsTextInLowercase() throws {
        let fixed = [
            try #require(UUID(uuidString: "00000000-0000-0000-0000-000000000000")),
            try #require(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")),
            try #require(UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")),
        ]
        for id in fixed + (0..<1000).map({ _ in UUID.random() }) {
            #expect(id.lowercasedText == id.uuidString.lowercased())
        }
    }

    @Test func readsBackAsTheSameIdentifier() {
        for _ in 0..<100 {
            let id = UUID.random()
            #expect(UUID(uuidString: id.lowercasedText) == id)
        }
    }
}
