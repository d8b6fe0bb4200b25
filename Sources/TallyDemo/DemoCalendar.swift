/// Civil-date arithmetic and ISO 8601 formatting without Foundation's calendars.
///
/// Days are counted from 1970-01-01 (day 0, a Thursday); instants are seconds since 1970 in UTC.
enum DemoCalendar {
    /// The day number of a civil date (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The day number of the last day of a month.
    static func lastDay(year: Int, month: Int) -> Int {
        month == 12 ? day(year: year + 1, month: 1, day: 1) - 1 : day(year: year, month: month + 1, day: 1) - 1
    }

    /// The weekday of a day number: 0 is Monday, 5 Saturday, 6 Sunday.
    static func weekday(_ dayNumber: Int) -> Int {
        ((dayNumber + 3) % 7 + 7) % 7
    }

    /// Moves an offset of `offset` days after `base` off a weekend while staying in `range`:
    /// Saturday goes back to Friday, Sunday on to Monday, unless that leaves the range.
    static func workingOffset(_ offset: Int, after base: Int, in range: ClosedRange<Int>) -> Int {
        switch weekday(base + offset) {
        case 5: offset - 1 >= range.lowerBound ? offset - 1 : offset + 2
        case 6: offset + 1 <= range.upperBound ? offset + 1 : offset - 2
        default: offset
        }
    }

    /// Writes an instant as `2025-11-08T09:30:00Z` (20 bytes) to `out`.
    static func appendISO(_ seconds: Int64, to out: inout [UInt8]) {
        let dayNumber = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(dayNumber) * 86_400)
        let (y, m, d) = civil(dayNumber)
        func two(_ v: Int) {
            out.append(UInt8(48 + v / 10))
            out.append(UInt8(48 + v % 10))
        }
        two(y / 100)
        two(y % 100)
        out.append(45)
        two(m)
        out.append(45)
        two(d)
        out.append(84)
        two(rest / 3600)
        out.append(58)
        two(rest / 60 % 60)
        out.append(58)
        two(rest % 60)
        out.append(90)
    }

    /// An instant as `2025-11-08T09:30:00Z`.
    static func iso(_ seconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        appendISO(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
