import Foundation

/// A moment written the Danish way in the tenant's time zone ("4. december 2026 kl. 18.05"),
/// without depending on the platform's locale data.
public struct DanishDate: Sendable, Equatable {
    static let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                         "september", "oktober", "november", "december"]

    public let day: String
    public let dayAndTime: String

    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        day = "\(parts.day!). \(Self.months[parts.month! - 1]) \(parts.year!)"
        dayAndTime = day + " kl. " + String(format: "%02d.%02d", parts.hour!, parts.minute!)
    }

    /// A calendar day (`YYYY-MM-DD`), for retention dates that are days, not moments.
    public init?(day text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return nil }
        day = "\(parts[2]). \(Self.months[parts[1] - 1]) \(parts[0])"
        dayAndTime = day
    }
}
