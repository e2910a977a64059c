import Foundation
import MDMECore

/// Converts between `Date` and PostgreSQL timestamp text at microsecond precision, without
/// `DateFormatter` (milliseconds only, and slow). Dates are proleptic Gregorian, as in PostgreSQL.
enum PostgresTimestamp {
    private static let microsPerSecond: Int64 = 1_000_000
    private static let secondsPerDay: Int64 = 86_400
    /// Microseconds from 1970-01-01 to Foundation's reference date 2001-01-01.
    private static let referenceOffsetMicros: Int64 = 978_307_200 * 1_000_000

    /// `2027-01-31T09:30:00.123456Z`; years before 1 AD get PostgreSQL's ` BC` suffix.
    static func format(_ date: Date) -> String {
        let micros = Int64(microseconds(sinceReferenceDateOf: date)) + referenceOffsetMicros
        let (seconds, fraction) = floorDivision(micros, microsPerSecond)
        let (days, secondOfDay) = floorDivision(seconds, secondsPerDay)
        let civil = CivilDays.date(daysSince1970: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        let era = year > 0 ? "" : " BC"
        return "\(pad(year > 0 ? year : 1 - year, 4))-\(pad(month, 2))-\(pad(day, 2))"
            + "T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(fraction, 6))Z\(era)"
    }

    /// Whole microseconds since Foundation's reference date: what a `timestamptz` keeps of `date`.
    static func microseconds(sinceReferenceDateOf date: Date) -> Double {
        (date.timeIntervalSinceReferenceDate * 1e6).rounded()
    }

    /// Parses `YYYY-MM-DD[( |T)HH:MM:SS[.ffffff]][Z|±HH[:MM[:SS]]][ BC]`; a missing offset means UTC.
    static func parse(_ text: String) -> Date? {
        var scanner = ByteScanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4, maxDigits: 6), scanner.skip("-"),
              let month = scanner.number(digits: 2), (1...12).contains(month), scanner.skip("-"),
              let day = scanner.number(digits: 2), (1...31).contains(day)
        else { return nil }
        var secondOfDay: Int64 = 0
        var fraction: Int64 = 0
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(digits: 2), hour < 24, scanner.skip(":"),
                  let minute = scanner.number(digits: 2), minute < 60, scanner.skip(":"),
                  let second = scanner.number(digits: 2), second < 61
            else { return nil }
            secondOfDay = (hour * 60 + minute) * 60 + second
            if scanner.skip(".") {
                guard let value = scanner.fraction() else { return nil }
                fraction = value
            }
        }
        var offset: Int64 = 0
        if scanner.skip("Z") {
            offset = 0
        } else if let sign: Int64 = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : nil {
            guard let hours = scanner.number(digits: 2) else { return nil }
            var seconds = hours * 3600
            if scanner.skip(":") || scanner.peekDigit() {
                guard let minutes = scanner.number(digits: 2) else { return nil }
                seconds += minutes * 60
                if scanner.skip(":") {
                    guard let extra = scanner.number(digits: 2) else { return nil }
                    seconds += extra
                }
            }
            offset = sign * seconds
        }
        if scanner.skip(" BC") {
            year = 1 - year
        }
        guard scanner.isAtEnd else { return nil }
        let days = Int64(CivilDays.since1970(year: Int(year), month: Int(month), day: Int(day)))
        let micros = ((days * secondsPerDay + secondOfDay - offset) * microsPerSecond) + fraction
        return Date(timeIntervalSinceReferenceDate: Double(micros - referenceOffsetMicros) / 1e6)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A cursor over ASCII bytes.
    private struct ByteScanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { index == bytes.count }

        func peekDigit() -> Bool {
            index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
        }

        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = literal.withUTF8Buffer { Array($0) == Array(bytes[index..<index + count]) }
            if matches {
                index += count
            }
            return matches
        }

        mutating func number(digits: Int) -> Int64? {
            number(minDigits: digits, maxDigits: digits)
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, peekDigit() {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }

        /// Fraction digits as microseconds; digits past the sixth are dropped.
        mutating func fraction() -> Int64? {
            var micros: Int64 = 0
            var count = 0
            while peekDigit() {
                if count < 6 {
                    micros = micros * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                }
                index += 1
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 6) {
                micros *= 10
            }
            return micros
        }
    }
}
