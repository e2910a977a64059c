import Foundation
import MDMECore
import Testing

@Suite("Retention schedule")
struct RetentionPolicyTests {
    static let copenhagen = Instant.copenhagen

    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10, _ minute: Int = 0) -> Date {
        Instant.at(year, month, day, hour, minute, in: copenhagen)
    }

    @Test func endOfOctoberClampsToEndOfFebruary() {
        let schedule = RetentionPolicy().schedule(lastActivity: Self.local(2026, 10, 31), timeZone: Self.copenhagen)
        #expect(schedule.firstWarningAt == Self.local(2027, 1, 31))
        #expect(schedule.deletionAt == Self.local(2027, 2, 28))
        #expect(schedule.secondWarningAt == Self.local(2027, 2, 21))
        #expect(RFC3339.format(schedule.firstWarningAt) == "2027-01-31T09:00:00Z")
        #expect(RFC3339.format(schedule.deletionAt) == "2027-02-28T09:00:00Z")
        #expect(RFC3339.format(schedule.secondWarningAt) == "2027-02-21T09:00:00Z")
    }

    @Test func leapDayPlusFourMonths() {
        let schedule = RetentionPolicy().schedule(lastActivity: Self.local(2024, 2, 29), timeZone: Self.copenhagen)
        #expect(schedule.firstWarningAt == Self.local(2024, 5, 29))
        #expect(schedule.deletionAt == Self.local(2024, 6, 29))
        #expect(schedule.secondWarningAt == Self.local(2024, 6, 22))
    }

    @Test func clampsToLeapDayInALeapYear() {
        let schedule = RetentionPolicy().schedule(lastActivity: Self.local(2027, 10, 31), timeZone: Self.copenhagen)
        #expect(schedule.deletionAt == Self.local(2028, 2, 29))
        #expect(schedule.secondWarningAt == Self.local(2028, 2, 22))
        #expect(schedule.firstWarningAt == Self.local(2028, 1, 31))
    }

    @Test func keepsTheLocalTimeAcrossTheSpringChange() {
        // 2026-03-01T12:00 is UTC+1 (11:00Z); three months on is summer time, UTC+2.
        let lastActivity = Self.local(2026, 3, 1, 12)
        #expect(RFC3339.format(lastActivity) == "2026-03-01T11:00:00Z")
        let schedule = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Self.copenhagen)
        #expect(RFC3339.format(schedule.firstWarningAt) == "2026-06-01T10:00:00Z")
        #expect(RFC3339.format(schedule.deletionAt) == "2026-07-01T10:00:00Z")
        #expect(RFC3339.format(schedule.secondWarningAt) == "2026-06-24T10:00:00Z")
    }

    @Test func keepsTheLocalTimeAcrossTheAutumnChange() {
        let lastActivity = Self.local(2026, 8, 15, 8, 30)
        #expect(RFC3339.format(lastActivity) == "2026-08-15T06:30:00Z")
        let schedule = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Self.copenhagen)
        #expect(RFC3339.format(schedule.firstWarningAt) == "2026-11-15T07:30:00Z")
        #expect(RFC3339.format(schedule.deletionAt) == "2026-12-15T07:30:00Z")
        #expect(RFC3339.format(schedule.secondWarningAt) == "2026-12-08T07:30:00Z")
    }

    @Test func secondWarningCountsCalendarDaysAcrossTheSpringChange() {
        // Deletion 2026-04-02 10:00 CEST; seven calendar days earlier is 2026-03-26 10:00 CET,
        // which is 7 days and 1 hour of elapsed time.
        let schedule = RetentionPolicy().schedule(lastActivity: Self.local(2025, 12, 2), timeZone: Self.copenhagen)
        #expect(schedule.deletionAt == Self.local(2026, 4, 2))
        #expect(schedule.secondWarningAt == Self.local(2026, 3, 26))
        #expect(schedule.deletionAt.timeIntervalSince(schedule.secondWarningAt) == 7 * 86_400 - 3600)
    }

    @Test func deletionInTheSpringGapStaysOnItsDay() {
        // 02:30 does not exist on 2026-03-29 in Copenhagen; the deletion still falls on that day.
        let schedule = RetentionPolicy().schedule(lastActivity: Self.local(2025, 11, 29, 2, 30), timeZone: Self.copenhagen)
        #expect(CalendarDate(schedule.deletionAt, in: Self.copenhagen) == .of("2026-03-29"))
        #expect(CalendarDate(schedule.secondWarningAt, in: Self.copenhagen) == .of("2026-03-22"))
        #expect(CalendarDate(schedule.firstWarningAt, in: Self.copenhagen) == .of("2026-02-28"))
        #expect(schedule.deletionAt >= Instant.utc("2026-03-29T01:00:00Z"))
    }

    @Test func lateEveningStaysOnTheLocalDay() {
        // Late in the evening the local date is what counts, whatever the UTC time.
        let lastActivity = Self.local(2026, 10, 31, 23, 30)
        let schedule = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Self.copenhagen)
        #expect(CalendarDate(schedule.deletionAt, in: Self.copenhagen) == .of("2027-02-28"))
        #expect(CalendarDate(schedule.firstWarningAt, in: Self.copenhagen) == .of("2027-01-31"))
        #expect(CalendarDate(schedule.secondWarningAt, in: Self.copenhagen) == .of("2027-02-21"))
    }

    @Test func theTimeZoneDecidesTheCalendar() {
        // 2026-10-30T23:30Z is still 30 October in UTC but already 31 October in Copenhagen,
        // so only the Copenhagen schedule is clamped to the end of February.
        let lastActivity = Instant.utc("2026-10-30T23:30:00Z")
        let inUTC = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Instant.utc)
        let inCopenhagen = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Self.copenhagen)
        #expect(RFC3339.format(inUTC.deletionAt) == "2027-02-28T23:30:00Z")
        #expect(RFC3339.format(inCopenhagen.deletionAt) == "2027-02-27T23:30:00Z")
        #expect(CalendarDate(inCopenhagen.deletionAt, in: Self.copenhagen) == .of("2027-02-28"))
    }

    @Test func configurablePeriodAndOffsets() {
        let policy = RetentionPolicy(periodMonths: 6, firstWarningMonths: 5, secondWarningDaysBefore: 14)
        let schedule = policy.schedule(lastActivity: Self.local(2026, 1, 15), timeZone: Self.copenhagen)
        #expect(schedule.firstWarningAt == Self.local(2026, 6, 15))
        #expect(schedule.deletionAt == Self.local(2026, 7, 15))
        #expect(schedule.secondWarningAt == Self.local(2026, 7, 1))
    }

    @Test func defaultsMatchTheDomainRules() {
        let policy = RetentionPolicy()
        #expect(policy.periodMonths == 4)
        #expect(policy.firstWarningMonths == 3)
        #expect(policy.secondWarningDaysBefore == 7)
    }

    @Test(arguments: (1...12).flatMap { month in [1, 15, 28, 29, 30, 31].map { (month, $0) } })
    func warningsComeInOrder(month: Int, day: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.copenhagen
        guard calendar.date(from: DateComponents(year: 2026, month: month, day: day))
            .map({ calendar.component(.day, from: $0) == day }) == true
        else { return }
        let lastActivity = Self.local(2026, month, day, 12)
        let schedule = RetentionPolicy().schedule(lastActivity: lastActivity, timeZone: Self.copenhagen)
        #expect(lastActivity < schedule.firstWarningAt)
        #expect(schedule.firstWarningAt < schedule.secondWarningAt)
        #expect(schedule.secondWarningAt < schedule.deletionAt)
        // The local time of day is kept.
        #expect(calendar.component(.hour, from: schedule.deletionAt) == 12)
        #expect(calendar.component(.hour, from: schedule.firstWarningAt) == 12)
        #expect(calendar.component(.hour, from: schedule.secondWarningAt) == 12)
    }

    // MARK: nextAction

    @Test func nothingDueBeforeTheFirstWarning() {
        let last = Self.local(2026, 10, 31)
        let step = RetentionPolicy().nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2027, 1, 31, 9, 59))
        #expect(step == RetentionStep(action: .firstWarning, at: Self.local(2027, 1, 31), isDue: false))
    }

    @Test func endOfOctoberStepsThroughFebruary() {
        let policy = RetentionPolicy()
        let last = Self.local(2026, 10, 31)
        let first = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2027, 1, 31))
        #expect(first == RetentionStep(action: .firstWarning, at: Self.local(2027, 1, 31), isDue: true))
        let waiting = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: [.firstWarning], now: Self.local(2027, 2, 20))
        #expect(waiting == RetentionStep(action: .secondWarning, at: Self.local(2027, 2, 21), isDue: false))
        let second = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: [.firstWarning], now: Self.local(2027, 2, 21))
        #expect(second == RetentionStep(action: .secondWarning, at: Self.local(2027, 2, 21), isDue: true))
        let beforeDeletion = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: [.firstWarning, .secondWarning], now: Self.local(2027, 2, 28, 9))
        #expect(beforeDeletion == RetentionStep(action: .deletion, at: Self.local(2027, 2, 28), isDue: false))
        let deletion = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: [.firstWarning, .secondWarning], now: Self.local(2027, 3, 1))
        #expect(deletion == RetentionStep(action: .deletion, at: Self.local(2027, 2, 28), isDue: true))
    }

    @Test func leapDayStepsThroughJune() {
        let policy = RetentionPolicy()
        let last = Self.local(2024, 2, 29)
        #expect(policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2024, 5, 29)).isDue)
        #expect(!policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2024, 5, 28, 23, 59)).isDue)
        let deletion = policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: [.firstWarning, .secondWarning], now: Self.local(2024, 6, 29))
        #expect(deletion == RetentionStep(action: .deletion, at: Self.local(2024, 6, 29), isDue: true))
    }

    @Test func dueAtTheLocalTimeAcrossTheSpringChange() {
        // Last activity in winter time, first warning in summer time: due at 10:00Z, not 11:00Z.
        let last = Self.local(2026, 3, 1, 12)
        let policy = RetentionPolicy()
        #expect(!policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Instant.utc("2026-06-01T09:59:59Z")).isDue)
        #expect(policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Instant.utc("2026-06-01T10:00:00Z")).isDue)
    }

    @Test func dueAtTheLocalTimeAcrossTheAutumnChange() {
        let last = Self.local(2026, 8, 15, 8, 30)
        let policy = RetentionPolicy()
        let sent: Set<RetentionAction> = [.firstWarning, .secondWarning]
        #expect(!policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: sent, now: Instant.utc("2026-12-15T07:29:59Z")).isDue)
        #expect(policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, sent: sent, now: Instant.utc("2026-12-15T07:30:00Z")).isDue)
    }

    @Test func aRegistrationAfterAWarningStartsANewPeriod() {
        let policy = RetentionPolicy()
        // Warned on 31 January; the client registers on 5 February. The new period has no
        // warnings yet and nothing is due until 5 May.
        let registered = Self.local(2027, 2, 5, 14)
        let step = policy.nextAction(lastActivity: registered, timeZone: Self.copenhagen, sent: [], now: Self.local(2027, 2, 28))
        #expect(step == RetentionStep(action: .firstWarning, at: Self.local(2027, 5, 5, 14), isDue: false))
        #expect(policy.nextAction(lastActivity: registered, timeZone: Self.copenhagen, now: Self.local(2027, 5, 5, 14)).isDue)
    }

    @Test func aWarningAlreadySentIsNotDueAgain() {
        let step = RetentionPolicy().nextAction(lastActivity: Self.local(2026, 10, 31), timeZone: Self.copenhagen,
                                                sent: [.firstWarning], now: Self.local(2027, 2, 1))
        #expect(!step.isDue)
        #expect(step.action == .secondWarning)
    }

    @Test func overdueStepsCollapseToTheLatest() {
        let policy = RetentionPolicy()
        let last = Self.local(2026, 10, 31)
        // The sweep did not run for weeks: the second warning supersedes the unsent first.
        #expect(policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2027, 2, 22)).action == .secondWarning)
        // Deletion is due whatever was sent.
        #expect(policy.nextAction(lastActivity: last, timeZone: Self.copenhagen, now: Self.local(2027, 3, 10)) ==
                RetentionStep(action: .deletion, at: Self.local(2027, 2, 28), isDue: true))
    }

    @Test(arguments: [(1, 2, 7), (3, 4, 7), (5, 6, 14)])
    func theIndexBoundsNeverMissADueClient(first: Int, period: Int, days: Int) {
        let policy = RetentionPolicy(periodMonths: period, firstWarningMonths: first, secondWarningDaysBefore: days)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.copenhagen
        // Every 23 hours over four years: every day of a leap cycle at many local times,
        // across daylight-saving changes.
        var last = Self.local(2023, 12, 1, 0, 30)
        for _ in 0..<(366 * 4) {
            let schedule = policy.schedule(lastActivity: last, timeZone: Self.copenhagen)
            for action in RetentionAction.allCases {
                #expect(last <= policy.latestLastActivityWithSomethingDue(now: schedule.time(of: action), for: action))
            }
            last = calendar.date(byAdding: .hour, value: 23, to: last)!
        }
    }

    @Test func theIndexBoundsAreTight() {
        let policy = RetentionPolicy()
        let now = Instant.utc("2027-04-05T00:00:00Z")
        // Three months are at least 89 days, four at least 120.
        #expect(now.timeIntervalSince(policy.latestLastActivityWithSomethingDue(now: now)) == 89 * 86_400 - 7200)
        #expect(now.timeIntervalSince(policy.latestLastActivityWithSomethingDue(now: now, for: .secondWarning)) == 113 * 86_400 - 7200)
        #expect(now.timeIntervalSince(policy.latestLastActivityWithSomethingDue(now: now, for: .deletion)) == 120 * 86_400 - 7200)
    }
}
