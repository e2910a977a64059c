import Foundation
import MDMECore

/// The figures of the diary report, computed from the registrations alone.
public struct DiaryStatistics: Sendable {
    /// One day of the period with the minutes registered at each level (index = level).
    public struct Day: Sendable, Equatable {
        public var date: CalendarDate
        public var minutesPerLevel: [Int]
    }

    /// An activity and how often it was registered at a restoring (or draining) level.
    public struct ActivityCount: Sendable, Equatable {
        public var activity: String
        public var count: Int

        public init(activity: String, count: Int) {
            self.activity = activity
            self.count = count
        }
    }

    public var days: [Day]
    /// `drainingByHour[weekday][hour]`, Monday first, local hours 0–23: how many draining
    /// registrations started then.
    public var drainingByHour: [[Int]]
    public var mostRestoring: [ActivityCount]
    public var mostDraining: [ActivityCount]
    /// Registrations and minutes per level.
    public var countPerLevel: [Int]
    public var minutesPerLevel: [Int]

    /// A level counts as draining when it lies above the middle of the scale and as restoring
    /// below it; the middle level of an odd scale (e.g. "Neutral") is neither.
    public static func isDraining(_ level: Int, levelCount: Int) -> Bool {
        Double(level) > Double(levelCount - 1) / 2
    }

    public static func isRestoring(_ level: Int, levelCount: Int) -> Bool {
        Double(level) < Double(levelCount - 1) / 2
    }

    /// `period` bounds the days shown (every day of it, also days without registrations);
    /// without it the days run from the first registration to the last. Levels outside the
    /// scale (a scale made shorter later) count as its last level.
    public init(entries: [DiaryEntry], levelCount: Int, period: DateRange?, timeZone: TimeZone, topCount: Int = 5) {
        let calendar = DanishFormat.calendar(timeZone)
        var perDay: [CalendarDate: [Int]] = [:]
        var heat = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        var restoring: [String: (display: String, count: Int)] = [:]
        var draining: [String: (display: String, count: Int)] = [:]
        countPerLevel = Array(repeating: 0, count: levelCount)
        minutesPerLevel = Array(repeating: 0, count: levelCount)
        for entry in entries {
            let level = min(max(entry.level, 0), levelCount - 1)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .weekday], from: entry.startedAt)
            let date = CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
            perDay[date, default: Array(repeating: 0, count: levelCount)][level] += entry.durationMinutes
            countPerLevel[level] += 1
            minutesPerLevel[level] += entry.durationMinutes
            let key = entry.activity.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let display = entry.activity.trimmingCharacters(in: .whitespacesAndNewlines)
            if Self.isDraining(level, levelCount: levelCount) {
                // Calendar weekdays run Sunday = 1 … Saturday = 7; the grid starts on Monday.
                heat[(parts.weekday! + 5) % 7][parts.hour!] += 1
                draining[key, default: (display, 0)].count += 1
            } else if Self.isRestoring(level, levelCount: levelCount) {
                restoring[key, default: (display, 0)].count += 1
            }
        }
        let first = period?.from ?? perDay.keys.min()
        let last = period?.to ?? perDay.keys.max()
        var days: [Day] = []
        if let first, let last {
            var date = first
            while date <= last {
                days.append(Day(date: date, minutesPerLevel: perDay[date] ?? Array(repeating: 0, count: levelCount)))
                date = date.adding(days: 1)
            }
        }
        self.days = days
        drainingByHour = heat
        func top(_ counts: [String: (display: String, count: Int)]) -> [ActivityCount] {
            counts.values.sorted { ($1.count, $0.display) < ($0.count, $1.display) }
                .prefix(topCount).map { ActivityCount(activity: $0.display, count: $0.count) }
        }
        mostRestoring = top(restoring)
        mostDraining = top(draining)
    }
}
