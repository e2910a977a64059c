import Foundation
import MDMECore
import Reports
import Testing

@Suite struct DiaryStatisticsTests {
    let zone = TimeZone(identifier: "Europe/Copenhagen")!

    private func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test func drainingAndRestoringAreTheLevelsBeyondTheMiddle() {
        #expect(DiaryStatistics.isDraining(2, levelCount: 3) && !DiaryStatistics.isDraining(1, levelCount: 3))
        #expect(DiaryStatistics.isRestoring(0, levelCount: 3) && !DiaryStatistics.isRestoring(1, levelCount: 3))
        #expect(DiaryStatistics.isDraining(1, levelCount: 2) && DiaryStatistics.isRestoring(0, levelCount: 2))
        #expect((0..<6).filter { DiaryStatistics.isDraining($0, levelCount: 6) } == [3, 4, 5])
    }

    @Test func daysHoursAndTopActivitiesInTheTenantsTimeZone() {
        let entries = [
            // Monday 2027-03-01 23:30 UTC is Tuesday 00:30 in Copenhagen.
            DiaryEntry(activity: "Indkøb", startedAt: at("2027-03-01T23:30:00Z"), durationMinutes: 60, level: 2),
            DiaryEntry(activity: " indkøb ", startedAt: at("2027-03-02T09:00:00Z"), durationMinutes: 30, level: 2),
            DiaryEntry(activity: "Gåtur", startedAt: at("2027-03-02T12:00:00Z"), durationMinutes: 45, level: 0),
            DiaryEntry(activity: "Læsning", startedAt: at("2027-03-03T12:00:00Z"), durationMinutes: 20, level: 1),
        ]
        let statistics = DiaryStatistics(
            entries: entries, levelCount: 3,
            period: DateRange(from: CalendarDate("2027-03-01"), to: CalendarDate("2027-03-04")), timeZone: zone
        )
        #expect(statistics.days.map(\.date.description) == ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04"])
        #expect(statistics.days[1].minutesPerLevel == [45, 0, 90])
        #expect(statistics.days[0].minutesPerLevel == [0, 0, 0])
        #expect(statistics.drainingByHour[1][0] == 1)
        #expect(statistics.drainingByHour[1][10] == 1)
        #expect(statistics.mostDraining == [.init(activity: "Indkøb", count: 2)])
        #expect(statistics.mostRestoring == [.init(activity: "Gåtur", count: 1)])
        #expect(statistics.countPerLevel == [1, 1, 2])
    }
}
