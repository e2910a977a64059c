import Foundation
import Synchronization

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

/// The steps of one inactivity period, in order.
public enum RetentionAction: String, Sendable, CaseIterable, Codable, Comparable {
    case firstWarning = "first_warning"
    case secondWarning = "second_warning"
    case deletion

    public static func < (lhs: RetentionAction, rhs: RetentionAction) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What happens next to a client: an action and when it falls due.
public struct RetentionStep: Sendable, Equatable {
    public var action: RetentionAction
    public var at: Date
    /// True when `at` is not after "now": the sweep should act.
    public var isDue: Bool

    public init(action: RetentionAction, at: Date, isDue: Bool) {
        self.action = action
        self.at = at
        self.isDue = isDue
    }
}

extension RetentionSchedule {
    public func time(of action: RetentionAction) -> Date {
        switch action {
        case .firstWarning: firstWarningAt
        case .secondWarning: secondWarningAt
        case .deletion: deletionAt
        }
    }
}

extension RetentionPolicy {
    /// The next action for a client inactive since `lastActivity`, given the warnings already
    /// sent in this inactivity period. A registration starts a new period, so the caller passes
    /// only the warnings recorded for this `lastActivity`.
    ///
    /// When several steps are overdue (the sweep did not run for a while), the latest one wins:
    /// a first warning is not sent once the second is due, and no warning once deletion is due.
    public func nextAction(lastActivity: Date, timeZone: TimeZone, sent: Set<RetentionAction> = [], now: Date) -> RetentionStep {
        let schedule = schedule(lastActivity: lastActivity, timeZone: timeZone)
        if let due = RetentionAction.allCases.reversed().first(where: { schedule.time(of: $0) <= now }),
           due == .deletion || !sent.contains(where: { $0 >= due }) {
            return RetentionStep(action: due, at: schedule.time(of: due), isDue: true)
        }
        let upcoming = RetentionAction.allCases.first { schedule.time(of: $0) > now && !sent.contains($0) } ?? .deletion
        return RetentionStep(action: upcoming, at: schedule.time(of: upcoming), isDue: false)
    }

    /// A bound for an index: a client whose last activity is after this moment has nothing
    /// that can be due at `now` for `action` (default: for any step). Conservative: the
    /// shortest span `action` can be after the last activity, over every start day of a leap
    /// cycle, less two hours for daylight saving; `nextAction` decides exactly.
    public func latestLastActivityWithSomethingDue(now: Date, for action: RetentionAction = .firstWarning) -> Date {
        now.addingTimeInterval(-shortestLead(action))
    }

    /// The shortest time from a last activity to `action`, in seconds, less a safety margin.
    func shortestLead(_ action: RetentionAction) -> TimeInterval {
        let days: Int
        switch action {
        case .firstWarning: days = Self.shortestDays(months: firstWarningMonths)
        case .secondWarning: days = Self.shortestDays(months: periodMonths) - secondWarningDaysBefore
        case .deletion: days = Self.shortestDays(months: periodMonths)
        }
        return TimeInterval(days) * 86_400 - 2 * 3600
    }

    /// The fewest calendar days `months` months can span (31 January + 1 month = 28 days),
    /// computed once per number of months.
    static func shortestDays(months: Int) -> Int {
        if let known = shortestDaysCache.withLock({ $0[months] }) { return known }
        let days = computeShortestDays(months: months)
        shortestDaysCache.withLock { $0[months] = days }
        return days
    }

    private static let shortestDaysCache = Mutex<[Int: Int]>([:])

    private static func computeShortestDays(months: Int) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2024, month: 1, day: 1))!
        return (0..<(4 * 366)).map { offset in
            let day = calendar.date(byAdding: .day, value: offset, to: start)!
            let later = calendar.date(byAdding: .month, value: months, to: day)!
            return calendar.dateComponents([.day], from: day, to: later).day!
        }.min()!
    }
}
