import Foundation
import MDMECore

/// Builds instants from wall-clock times, so tests read like the rules they check.
enum Instant {
    static let utc = TimeZone(identifier: "UTC")!
    static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
                   in timeZone: TimeZone = utc) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day,
                                                  hour: hour, minute: minute, second: second))!
    }

    /// `text` parsed as RFC 3339; crashes the test on bad input, which only a broken test writes.
    static func utc(_ text: String) -> Date {
        RFC3339.parse(text)!
    }
}

extension CalendarDate {
    /// A date literal for tests; crashes on a malformed literal.
    static func of(_ text: String) -> CalendarDate {
        CalendarDate(text)!
    }
}

extension APIError {
    /// The field names of the problems, in order.
    var fields: [String] { details?.map(\.field) ?? [] }
}

extension Result {
    /// The error of a failed result, nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
