import Foundation
import MDMECore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test(arguments: [
        ("2024-02-29", 2024, 2, 29),
        ("2000-02-29", 2000, 2, 29),
        ("2023-12-31", 2023, 12, 31),
        ("1900-01-01", 1900, 1, 1),
        ("0001-01-01", 1, 1, 1),
        ("2027-04-30", 2027, 4, 30),
    ])
    func parsesValidDates(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(CalendarDate(text))
        #expect(date.year == year)
        #expect(date.month == month)
        #expect(date.day == day)
        #expect(date.description == text)
    }

    @Test(arguments: [
        "",
        "2023-02-29",     // not a leap year
        "1900-02-29",     // century, not a leap year
        "2024-02-30",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "2024-2-1",
        "2024-02-1",
        "24-02-01",
        "abcd-ef-gh",
        "2024/02/01",
        "2024-02-01T00:00:00Z",
        "2024-02-01 ",
        " 2024-02-01",
        "2024--2-01",
        "+024-02-01",
        "２０２４-02-01",   // full-width digits
        "٢٠٢٤-02-01",     // Arabic-Indic digits
    ])
    func rejectsInvalidDates(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func ordersByYearThenMonthThenDay() {
        let dates = ["2024-03-01", "2023-12-31", "2024-02-29", "2024-02-01", "2025-01-01"].map(CalendarDate.of)
        #expect(dates.sorted().map(\.description) == ["2023-12-31", "2024-02-01", "2024-02-29", "2024-03-01", "2025-01-01"])
        #expect(CalendarDate.of("2024-01-31") < CalendarDate.of("2024-02-01"))
        #expect(!(CalendarDate.of("2024-02-01") < CalendarDate.of("2024-02-01")))
        #expect(CalendarDate.of("2024-02-01") <= CalendarDate.of("2024-02-01"))
        #expect(CalendarDate.of("2024-02-01") == CalendarDate.of("2024-02-01"))
        #expect(Set(["2024-02-01", "2024-02-01", "2024-02-02"].map(CalendarDate.of)).count == 2)
    }

    @Test func codableRoundTripAsAString() throws {
        struct Holder: Codable, Equatable { var birthDate: CalendarDate }
        let holder = Holder(birthDate: .of("1984-07-09"))
        let data = try MDMEJSON.encoder().encode(holder)
        #expect(String(decoding: data, as: UTF8.self) == #"{"birth_date":"1984-07-09"}"#)
        #expect(try MDMEJSON.decoder().decode(Holder.self, from: data) == holder)
        #expect(try JSONDecoder().decode(CalendarDate.self, from: Data(#""2024-02-29""#.utf8)) == .of("2024-02-29"))
    }

    @Test(arguments: [#""2023-02-29""#, #""2024-2-1""#, "20240201", "null", #""""#])
    func decodingRejectsInvalidText(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CalendarDate.self, from: Data(json.utf8))
        }
    }

    @Test func startOfDayInCopenhagen() {
        // Winter: UTC+1.
        #expect(CalendarDate.of("2027-01-31").startOfDay(in: Instant.copenhagen) == Instant.utc("2027-01-30T23:00:00Z"))
        // Summer: UTC+2.
        #expect(CalendarDate.of("2026-06-01").startOfDay(in: Instant.copenhagen) == Instant.utc("2026-05-31T22:00:00Z"))
        // The day of the spring change still starts at midnight (the change happens at 02:00).
        #expect(CalendarDate.of("2026-03-29").startOfDay(in: Instant.copenhagen) == Instant.utc("2026-03-28T23:00:00Z"))
        #expect(CalendarDate.of("2026-10-25").startOfDay(in: Instant.copenhagen) == Instant.utc("2026-10-24T22:00:00Z"))
        #expect(CalendarDate.of("2027-01-31").startOfDay(in: Instant.utc) == Instant.utc("2027-01-31T00:00:00Z"))
    }

    @Test func dateOfAnInstantDependsOnTheTimeZone() {
        let instant = Instant.utc("2027-01-31T23:30:00Z")
        #expect(CalendarDate(instant, in: Instant.utc) == .of("2027-01-31"))
        #expect(CalendarDate(instant, in: Instant.copenhagen) == .of("2027-02-01"))
        #expect(CalendarDate(Instant.utc("2027-02-01T03:00:00Z"), in: TimeZone(identifier: "America/New_York")!) == .of("2027-01-31"))
    }

    @Test(arguments: ["2024-02-29", "2026-03-29", "2026-10-25", "1999-12-31"])
    func startOfDayAndDateOfInstantAgree(text: String) {
        let date = CalendarDate.of(text)
        #expect(CalendarDate(date.startOfDay(in: Instant.copenhagen), in: Instant.copenhagen) == date)
    }
}
