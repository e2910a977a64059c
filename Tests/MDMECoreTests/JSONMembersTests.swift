import Foundation
import MDMECore
import Testing

@Suite("Scanning a JSON object's members")
struct JSONMembersTests {
    private static func members(_ text: String) -> JSONMembers? { JSONMembers(Array(text.utf8)) }

    @Test func findsEachMemberAndWhereItsValueLies() throws {
        let text = #" { "a" : 1 , "nested":{"x":[1,{"y":"}"}],"z":null}, "s":"q\"\\\u00e6", "e":[] ,"n":-0.5e+3,"t":true,"f":false} "#
        let document = try #require(Self.members(text))
        #expect(document.members.map(\.key) == ["a", "nested", "s", "e", "n", "t", "f"])
        let values = document.members.map { String(decoding: document.bytes[$0.value], as: UTF8.self) }
        #expect(values == ["1", #"{"x":[1,{"y":"}"}],"z":null}"#, #""q\"\\\u00e6""#, "[]", "-0.5e+3", "true", "false"])
        #expect(document.value(of: "t").map { Array($0) } == Array("true".utf8))
        #expect(document.value(of: "missing") == nil)
        #expect(try #require(Self.members("{}")).members.isEmpty)
    }

    @Test func readsPlainStringsIntegersAndNull() throws {
        let document = try #require(Self.members(#"{"s":"æøå 🧠","i":-42,"d":1.0,"e":"a\nb","z":null,"o":{}}"#))
        #expect(document.value(of: "s").flatMap(JSONMembers.plainString) == "æøå 🧠")
        #expect(document.value(of: "e").flatMap(JSONMembers.plainString) == nil, "an escape is not read here")
        #expect(document.value(of: "o").flatMap(JSONMembers.plainString) == nil)
        #expect(document.value(of: "i").flatMap(JSONMembers.integer) == -42)
        #expect(document.value(of: "d").flatMap(JSONMembers.integer) == nil)
        #expect(document.value(of: "z").map(JSONMembers.isNull) == true)
        #expect(document.value(of: "i").map(JSONMembers.isNull) == false)
    }

    /// Whatever a parser refuses, the scan refuses too; so does what it leaves to one.
    @Test(arguments: [
        "", "   ", "[1]", "\"text\"", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}",
        "{\"a\":1}x", "{\"a\":1}{}", "{a:1}", "{'a':1}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":{\"b\"}}", "{\"a\":{\"b\":1,}}",
        "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":NaN}",
        "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}",
        "{\"a\":\"short \\u12\"}", "{\"a\":\"tab\tinside\"}", "{\"a\":\"new\nline\"}",
        "{\"a\":1,\"a\":2}",            // a key twice
        "{\"\\u0061\":1}",              // a key with an escape
    ])
    func refuses(text: String) {
        #expect(Self.members(text) == nil)
    }

    @Test func refusesNestingDeeperThanItsLimit() {
        let deep = "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        #expect(JSONMembers(Array(deep.utf8)) == nil)
        let shallow = "{\"a\":" + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "}"
        #expect(JSONMembers(Array(shallow.utf8)) != nil)
    }

    /// Strings must be UTF-8, inside nested values too: the scan is all the checking a value
    /// read from the document gets before it is used.
    @Test(arguments: [
        [0xFF], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80],
    ] as [[UInt8]])
    func refusesStringsThatAreNotUTF8(bytes: [UInt8]) {
        #expect(JSONMembers(Array("{\"a\":[\"".utf8) + bytes + Array("\"]}".utf8)) == nil)
        #expect(JSONMembers(Array("{\"a\":\"".utf8) + bytes + Array("\"}".utf8)) == nil)
    }

    /// Over random damage to a valid document (a byte cut, doubled or replaced), the scan never
    /// takes what Foundation's parser refuses, and finds the members Foundation finds. (It may
    /// refuse a document Foundation takes, such as one with a repeated key: its caller then
    /// parses in full.)
    @Test func neverTakesWhatFoundationRefuses() {
        let valid = Array(#"{"id":"0b1e","n":[1,-2.5e3,true,null,{"k":"væ\"rdi"}],"s":"x"}"#.utf8)
        let alphabet = Array(#"{}[],:"\-.0123456789eEtrufalsn x"#.utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var damaged = valid
            let position = Int.random(in: 0..<damaged.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: damaged.remove(at: position)
            case 1: damaged.insert(damaged[position], at: position)
            default: damaged[position] = alphabet.randomElement(using: &generator)!
            }
            let parsed = try? JSONSerialization.jsonObject(with: Data(damaged)) as? [String: Any]
            guard let scanned = JSONMembers(damaged) else { continue }
            #expect(parsed?.count == scanned.members.count, "\(String(decoding: damaged, as: UTF8.self))")
        }
    }
}

extension JSONMembers {
    /// The value of `key`'s member, as bytes of JSON.
    fileprivate func value(of key: String) -> ArraySlice<UInt8>? {
        members.first { $0.key == key }.map { bytes[$0.value] }
    }
}
