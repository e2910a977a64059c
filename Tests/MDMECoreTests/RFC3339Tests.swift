import Foundation
import MDMECore
import Testing

@Suite("RFC 3339 times")
struct RFC3339Tests {
    /// 2027-01-31T09:30:00Z.
    static let reference = Date(timeIntervalSince1970: 1_801_387_800)

    @Test(arguments: [
        ("2027-01-31T09:30:00Z", 0.0),
        ("2027-01-31T09:30:00z", 0.0),
        ("2027-01-31t09:30:00Z", 0.0),
        ("2027-01-31T10:30:00+01:00", 0.0),
        ("2027-01-31T04:00:00-05:30", 0.0),
        ("2027-01-31T15:00:00+05:30", 0.0),
        ("2027-01-31T09:30:00+00:00", 0.0),
        ("2027-01-31T09:30:00-00:00", 0.0),
        ("2027-01-31T09:30:00.5Z", 0.5),
        ("2027-01-31T09:30:00.250Z", 0.25),
        ("2027-01-31T09:30:00.123456Z", 0.123456),
        ("2027-01-31T10:30:00.75+01:00", 0.75),
        ("2027-01-31T00:30:00-09:00", 0.0),
        ("2027-02-01T00:29:00+14:59", 0.0),
    ])
    func parsesValidTimes(text: String, fraction: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(abs(date.timeIntervalSince(Self.reference) - fraction) < 1e-6)
    }

    @Test func parsesAcrossDayAndYearBoundariesWithOffsets() throws {
        #expect(RFC3339.parse("2027-01-01T00:30:00+01:00") == Instant.at(2026, 12, 31, 23, 30))
        #expect(RFC3339.parse("2026-12-31T20:00:00-05:00") == Instant.at(2027, 1, 1, 1, 0))
        #expect(RFC3339.parse("2024-02-29T12:00:00Z") == Instant.at(2024, 2, 29, 12))
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
    }

    @Test(arguments: [
        "",
        "2027-01-31",
        "2027-01-31T09:30Z",                  // missing seconds
        "2027-01-31T09:30:00",                // missing zone
        "2027-13-01T09:30:00Z",               // month 13
        "2027-00-01T09:30:00Z",               // month 0
        "2027-02-30T09:30:00Z",               // 30 February
        "2023-02-29T09:30:00Z",               // not a leap year
        "2027-04-31T09:30:00Z",               // 31 April
        "2027-01-00T09:30:00Z",               // day 0
        "2027-01-32T09:30:00Z",               // day 32
        "2027-01-31T24:00:00Z",               // hour 24
        "2027-01-31T09:60:00Z",               // minute 60
        "2027-01-31T09:30:60Z",               // leap second
        "2027-01-31T09:30:00Zjunk",           // trailing junk
        "2027-01-31T09:30:00Z ",              // trailing space
        " 2027-01-31T09:30:00Z",              // leading space
        "2027-01-31T09:30:00+01:00x",         // junk after offset
        "2027-01-31T09:30:00+0100",           // offset without colon
        "2027-01-31T09:30:00+01",             // short offset
        "2027-01-31T09:30:00+24:00",          // offset hour 24
        "2027-01-31T09:30:00+01:60",          // offset minute 60
        "2027-01-31T09:30:00.Z",              // empty fraction
        "2027-01-31T09:30:00.",               // fraction and nothing else
        "2027-01-31T09:30:00.5",              // fraction without zone
        "2027-01-31 09:30:00Z",               // space instead of T
        "2027/01/31T09:30:00Z",
        "2027-1-31T09:30:00Z",
        "27-01-31T09:30:00Z",
        "2027-01-31T9:30:00Z",
        "2027-01-31T09:30:00UTC",
        "abcd-ef-ghTij:kl:mnZ",
        "２０２７-01-31T09:30:00Z",            // full-width digits
    ])
    func rejectsInvalidTimes(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_801_387_800, "2027-01-31T09:30:00Z"),
        (1_801_387_800.999, "2027-01-31T09:30:00Z"),   // fraction is dropped, never rounded up
        (951_825_600, "2000-02-29T12:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
    ])
    func formatsAsUTC(seconds: Double, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func formatIsAlwaysUTCWhateverTheInputOffset() throws {
        let date = try #require(RFC3339.parse("2027-06-15T23:45:10-05:30"))
        #expect(RFC3339.format(date) == "2027-06-16T05:15:10Z")
    }

    @Test(arguments: ["2027-01-31T09:30:00Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00Z"])
    func formatAndParseRoundTrip(text: String) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(RFC3339.format(date) == text)
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
    }

    @Test func formatAgreesWithFoundationOverACentury() {
        let foundation = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Whole seconds: before 1970 Foundation truncates a fraction towards zero, this floors it.
            let seconds = Double(Int64.random(in: -2_208_988_800...2_208_988_800, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.format(date) == foundation.string(from: date), "\(seconds)")
        }
    }

    /// Parsing counts days by arithmetic; Foundation's formatter is the reference, for every
    /// day of several centuries' worth of random times, leap days and century years included.
    @Test func parseAgreesWithFoundationOverCenturies() throws {
        let foundation = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -5_364_662_400...7_258_118_400, using: &generator))   // 1800–2200
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.parse(foundation.string(from: date)) == date, "\(seconds)")
        }
        #expect(RFC3339.parse("1900-02-29T00:00:00Z") == nil)
        #expect(RFC3339.parse("2000-02-29T00:00:00Z") == Date(timeIntervalSince1970: 951_782_400))
        #expect(RFC3339.parse("2100-03-01T00:00:00Z") == Date(timeIntervalSince1970: 4_107_542_400))
    }
}
