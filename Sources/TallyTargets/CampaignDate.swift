/// A calendar day of a campaign, counted as days since 1970-01-01 (proleptic Gregorian calendar).
///
/// Deliberately small: the main project converts its own day type through ``daysSince1970``.
public struct CampaignDate: Hashable, Comparable, Sendable, LosslessStringConvertible {
    /// Days since 1970-01-01, which is day 0.
    public let daysSince1970: Int

    /// The day `daysSince1970` days after 1970-01-01 (negative for earlier days).
    public init(daysSince1970: Int) {
        self.daysSince1970 = daysSince1970
    }

    /// The given day, or nil when it does not exist (such as 2025-02-29) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CampaignDate.daysIn(month: month, year: year)
        else { return nil }
        daysSince1970 = CampaignDate.days(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`, such as `2025-12-05`; nil for any other text or a day that does not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`, such as `2025-12-05`.
    public var description: String {
        let (year, month, day) = components
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Earlier days first.
    public static func < (lhs: CampaignDate, rhs: CampaignDate) -> Bool {
        lhs.daysSince1970 < rhs.daysSince1970
    }

    /// The number of days from `rhs` to `lhs`: `2025-12-10 - 2025-12-01 == 9`.
    public static func - (lhs: CampaignDate, rhs: CampaignDate) -> Int {
        lhs.daysSince1970 - rhs.daysSince1970
    }

    /// The day `days` days after `date` (before it when negative).
    public static func + (date: CampaignDate, days: Int) -> CampaignDate {
        CampaignDate(daysSince1970: date.daysSince1970 + days)
    }

    /// The day `days` days before `date`.
    public static func - (date: CampaignDate, days: Int) -> CampaignDate {
        CampaignDate(daysSince1970: date.daysSince1970 - days)
    }

    /// Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The length of a month.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
