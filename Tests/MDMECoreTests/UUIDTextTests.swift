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

    @Test func readsTextAsFoundationDoes() {
        for _ in 0..<1000 {
            let id = UUID.random()
            #expect(UUID(text: id.lowercasedText) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
        let mixed = "0f8FAD5b-d9cb-469F-a165-70867728950e"
        #expect(UUID(text: mixed) == UUID(uuidString: mixed))
    }

    @Test(arguments: [
        "", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5b-d9cb-469f-a165-70867728950e0", "0f8fad5bd9cb-469f-a165-70867728950e0",
        "0f8fad5b-d9cb-469f-a165_70867728950e", "0g8fad5b-d9cb-469f-a165-70867728950e", "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        " 0f8fad5b-d9cb-469f-a165-7086772895e", "0f8fad5b-d9cb-469f-a165-70867728950é",
    ])
    func refusesAnythingButThe36CharacterForm(text: String) {
        // Stricter than Foundation, whose `sscanf` takes the one with a leading space.
        #expect(UUID(text: text) == nil)
    }
}
