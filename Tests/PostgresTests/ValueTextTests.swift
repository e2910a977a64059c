import Foundation
import Postgres
import Testing

/// Text conversions that need no server.
@Suite("Value text formats")
struct ValueTextTests {
    /// 2027-01-31 09:30:00 UTC.
    static let epochSeconds: Int64 = 1_801_387_800

    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1e6).rounded())
    }

    @Test func dateEncodesAsRFC3339WithMicroseconds() {
        let date = Date(timeIntervalSince1970: Double(Self.epochSeconds) + 0.123456)
        #expect(date.postgresText == "2027-01-31T09:30:00.123456Z")
        #expect(Date(timeIntervalSince1970: 0).postgresText == "1970-01-01T00:00:00.000000Z")
        #expect(Date(timeIntervalSince1970: -0.000001).postgresText == "1969-12-31T23:59:59.999999Z")
        #expect(Date(timeIntervalSince1970: 951_782_400).postgresText == "2000-02-29T00:00:00.000000Z")
    }

    @Test(arguments: [
        ("2027-01-31 09:30:00.123456+00", 123_456),
        ("2027-01-31 09:30:00+00", 0),
        ("2027-01-31 09:30:00+00:00", 0),
        ("2027-01-31T09:30:00.123456Z", 123_456),
        ("2027-01-31 09:30:00.5+00", 500_000),
        ("2027-01-31 09:30:00.1234567+00", 123_456),
        ("2027-01-31 11:30:00.000001+02", 1),
        ("2027-01-31 15:00:00+05:30", 0),
        ("2027-01-31 15:00:00+0530", 0),
        ("2027-01-31 04:00:00-05:30", 0),
        ("2027-01-31 09:30:00", 0),
    ])
    func timestampTextDecodes(text: String, fraction: Int64) throws {
        let date = try Date(postgresText: text)
        #expect(Self.micros(date) == Self.epochSeconds * 1_000_000 + fraction)
    }

    @Test func timestampWithSecondsInOffsetDecodes() throws {
        // PostgreSQL prints historical local mean time offsets with seconds.
        let date = try Date(postgresText: "1850-01-01 00:50:20+00:50:20")
        #expect(date.postgresText == "1850-01-01T00:00:00.000000Z")
    }

    @Test func dateOnlyTextIsMidnightUTC() throws {
        #expect(try Date(postgresText: "2027-01-31").postgresText == "2027-01-31T00:00:00.000000Z")
    }

    @Test func bcDatesRoundTrip() throws {
        let date = try Date(postgresText: "0044-03-15 12:00:00+00 BC")
        #expect(date.postgresText == "0044-03-15T12:00:00.000000Z BC")
        #expect(try Date(postgresText: date.postgresText) == date)
    }

    @Test(arguments: ["infinity", "-infinity", "", "2027-13-01 00:00:00+00", "2027-01-32", "2027-01-31 24:00:00+00",
                      "2027-01-31 09:30:00.+00", "2027-01-31 09:30:00+00 extra", "27-01-31", "2027-01-31 09:30+00"])
    func malformedTimestampsFail(text: String) {
        let error = #expect(throws: PostgresError.self) { try Date(postgresText: text) }
        #expect(error?.code == .decodingFailed)
    }

    @Test func byteaUsesLowercaseHex() throws {
        #expect([UInt8]([0x0a, 0x0b, 0xff]).postgresText == "\\x0a0bff")
        #expect(Data([0x00, 0x7f]).postgresText == "\\x007f")
        #expect([UInt8]().postgresText == "\\x")
        #expect(try [UInt8](postgresText: "\\x0A0bFf") == [0x0a, 0x0b, 0xff])
        #expect(try Data(postgresText: "\\x") == Data())
    }

    @Test(arguments: ["", "0a0b", "\\x0", "\\x0g", "\\000"])
    func malformedByteaFails(text: String) {
        #expect(throws: PostgresError.self) { try [UInt8](postgresText: text) }
        #expect(throws: PostgresError.self) { try Data(postgresText: text) }
    }

    @Test func scalarsEncodeInPostgresInputFormat() {
        #expect(true.postgresText == "true")
        #expect(false.postgresText == "false")
        #expect(Int.min.postgresText == "-9223372036854775808")
        #expect(Double.infinity.postgresText == "Infinity")
        #expect((-Double.infinity).postgresText == "-Infinity")
        #expect(Double.nan.postgresText == "NaN")
        #expect(0.1.postgresText == "0.1")
        let uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
        #expect(uuid.postgresText == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
    }

    @Test func scalarsDecodeFromPostgresOutputFormat() throws {
        #expect(try Bool(postgresText: "t") == true)
        #expect(try Bool(postgresText: "f") == false)
        #expect(try Double(postgresText: "-Infinity") == -.infinity)
        #expect(try Double(postgresText: "NaN").isNaN)
        #expect(try Int32(postgresText: "-2147483648") == .min)
        #expect(throws: PostgresError.self) { try Bool(postgresText: "yes") }
        #expect(throws: PostgresError.self) { try Int32(postgresText: "2147483648") }
        #expect(throws: PostgresError.self) { try Int(postgresText: "1.5") }
        #expect(throws: PostgresError.self) { try UUID(postgresText: "not-a-uuid") }
    }

    @Test func decodingErrorsDoNotQuoteTheValue() {
        let error = #expect(throws: PostgresError.self) { try Int(postgresText: "secret-value") }
        #expect(error?.description.contains("secret") == false)
    }
}
