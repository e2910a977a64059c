import Foundation

/// When a client's warnings and deletion fall due (DOMAIN.md, "Retention").
public struct RetentionSchedule: Sendable, Equatable {
    public var firstWarningAt: Date
    public var secondWarningAt: Date
    public var deletionAt: Date
}

/// The retention rules as a pure function of the last activity, the tenant's time zone and
/// the configured period, computed with calendar months in that time zone.
public struct RetentionPolicy: Sendable {
    public var periodMonths: Int
    public var firstWarningMonths: Int
    public var secondWarningDaysBefore: Int

    public init(periodMonths: Int = 4, firstWarningMonths: Int = 3, secondWarningDaysBefore: Int = 7) {
        self.periodMonths = periodMonths
        self.firstWarningMonths = firstWarningMonths
        self.secondWarningDaysBefore = secondWarningDaysBefore
    }

    public func schedule(lastActivity: Date, timeZone: TimeZone) -> RetentionSchedule {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Foundation clamps to the month's last day (31 October + 4 months = 28/29 February),
        // which is what "calendar months" means to a person reading the dates.
        let deletion = calendar.date(byAdding: .month, value: periodMonths, to: lastActivity)!
        return RetentionSchedule(
            firstWarningAt: calendar.date(byAdding: .month, value: firstWarningMonths, to: lastActivity)!,
            secondWarningAt: calendar.date(byAdding: .day, value: -secondWarningDaysBefore, to: deletion)!,
            deletionAt: deletion
        )
    }
}
