import Foundation
import MDMECore

/// Dates, times and numbers as a Danish reader expects them.
public enum DanishFormat {
    static let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                         "oktober", "november", "december"]
    static let shortMonths = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    /// Monday first, as the Danish week.
    public static let weekdays = ["Man", "Tir", "Ons", "Tor", "Fre", "Lør", "Søn"]

    /// "3. marts 2027".
    public static func date(_ date: CalendarDate) -> String {
        "\(date.day). \(months[date.month - 1]) \(date.year)"
    }

    /// "03.03.2027", for tables.
    public static func shortDate(_ date: CalendarDate) -> String {
        String(format: "%02d.%02d.%04d", date.day, date.month, date.year)
    }

    public static func date(_ instant: Date, in timeZone: TimeZone) -> String {
        date(CalendarDate(instant, in: timeZone))
    }

    /// "14.05" — Danish clock times use a full stop.
    public static func time(_ instant: Date, in timeZone: TimeZone) -> String {
        let parts = calendar(timeZone).dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d.%02d", parts.hour!, parts.minute!)
    }

    /// "17,5", "12", "−0,5" (one decimal unless whole); `signed` writes "+2" for rises.
    public static func number(_ value: Double, signed: Bool = false) -> String {
        var text = value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
        text = text.replacingOccurrences(of: ".", with: ",")
        if signed, value > 0 { text = "+" + text }
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }
        return text
    }

    /// A COPM figure that is already text with a decimal point ("7.3").
    public static func decimal(_ text: String, signed: Bool = false) -> String {
        var text = text.replacingOccurrences(of: ".", with: ",")
        if text.hasPrefix("-") { text = "−" + text.dropFirst() } else if signed, text != "0,0" { text = "+" + text }
        return text
    }

    /// "1 t 35 min", "45 min".
    public static func duration(minutes: Int) -> String {
        minutes < 60 ? "\(minutes) min" : minutes % 60 == 0 ? "\(minutes / 60) t" : "\(minutes / 60) t \(minutes % 60) min"
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }
}
