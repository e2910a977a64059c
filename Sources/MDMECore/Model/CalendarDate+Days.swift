import Foundation

extension CalendarDate {
    private static let utc = TimeZone(identifier: "UTC")!

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        let seconds = other.startOfDay(in: Self.utc).timeIntervalSince(startOfDay(in: Self.utc))
        return Int((seconds / 86_400).rounded())
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(startOfDay(in: Self.utc).addingTimeInterval(Double(days) * 86_400), in: Self.utc)
    }
}
