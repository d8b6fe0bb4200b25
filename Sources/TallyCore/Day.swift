/// A calendar day in the proleptic Gregorian calendar, without time or time zone.
///
/// Stored as the number of days since 1970-01-01 (negative before it), so days compare, subtract and
/// hash as integers. Year, month and day are derived with the days-from-civil / civil-from-days
/// algorithms; no calendar library is involved. Encoded as its `YYYY-MM-DD` text.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01; negative for earlier days.
    public let ordinal: Int

    /// The years a day may be built from by year, month and day; wide enough for any report, narrow
    /// enough that the arithmetic can never overflow.
    public static let supportedYears = -1_000_000...1_000_000

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal: Int) {
        self.ordinal = ordinal
    }

    /// The given date, or `nil` when there is no such date (such as 2023-02-29 or month 13) or the year
    /// lies outside ``supportedYears``.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        ordinal = Self.ordinal(year: year, month: month, day: day)
    }

    /// The year, such as 2025.
    public var year: Int { civil.year }

    /// The month, 1 (January) to 12 (December).
    public var month: Int { civil.month }

    /// The day of the month, 1 to 31.
    public var day: Int { civil.day }

    /// The ISO weekday: Monday = 1 … Sunday = 7.
    public var weekday: Int { Self.floorMod(ordinal + 3, 7) + 1 }

    /// The ISO week-numbering year: the year of the Thursday of this day's week, which differs from
    /// ``year`` for some days around New Year.
    public var isoWeekYear: Int { (self + (4 - weekday)).year }

    /// The ISO week number, 1 to 53, within ``isoWeekYear``.
    public var isoWeek: Int { (self - Self.firstISOWeekStart(of: isoWeekYear)) / 7 + 1 }

    /// The date as `YYYY-MM-DD`, such as `2025-10-01`.
    public var description: String {
        let (y, m, d) = civil
        return "\(Self.formatYear(y))-\(Self.pad2(m))-\(Self.pad2(d))"
    }

    /// The day written as `YYYY-MM-DD` (four-digit year, two-digit month and day), or `nil` when the
    /// text has another shape or names no date.
    public static func parse(_ s: String) -> Day? {
        let bytes = Array(s.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = Self.decimal(bytes[0..<4]), let m = Self.decimal(bytes[5..<7]),
            let d = Self.decimal(bytes[8..<10])
        else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Whether `year` has a 29 February.
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeap(year) ? 29 : 28
        default: 0
        }
    }

    /// The number of ISO weeks (52 or 53) in the ISO week-numbering year `year`.
    public static func isoWeeks(in year: Int) -> Int {
        (firstISOWeekStart(of: year + 1) - firstISOWeekStart(of: year)) / 7
    }

    /// The Monday that starts ISO week 1 of `year`: the week that contains 4 January.
    public static func firstISOWeekStart(of year: Int) -> Day {
        let january4 = Day(ordinal: ordinal(year: year, month: 1, day: 4))
        return january4 - (january4.weekday - 1)
    }

    /// The same date `years` years later (earlier when negative); 29 February becomes 28 February in a
    /// year without it.
    public func adding(years: Int) -> Day {
        adding(months: 12 * years)
    }

    /// The same day of the month `months` months later (earlier when negative), clamped to the end of a
    /// shorter month: 31 January plus one month is 28 or 29 February.
    public func adding(months: Int) -> Day {
        let (y, m, d) = civil
        let total = y * 12 + (m - 1) + months
        let newYear = Self.floorDiv(total, 12)
        let newMonth = Self.floorMod(total, 12) + 1
        let newDay = min(d, Self.daysInMonth(year: newYear, month: newMonth))
        return Day(ordinal: Self.ordinal(year: newYear, month: newMonth, day: newDay))
    }

    /// The day `days` days after `day`.
    public static func + (day: Day, days: Int) -> Day {
        Day(ordinal: day.ordinal + days)
    }

    /// The day `days` days before `day`.
    public static func - (day: Day, days: Int) -> Day {
        Day(ordinal: day.ordinal - days)
    }

    /// The number of days from `rhs` to `lhs`: positive when `lhs` is later.
    public static func - (lhs: Day, rhs: Day) -> Int {
        lhs.ordinal - rhs.ordinal
    }

    /// Whether `lhs` is the earlier day.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// Reads a day written as `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date; expected YYYY-MM-DD")
        }
        self = day
    }

    /// Writes the day as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Civil calendar arithmetic (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")

    /// Days since 1970-01-01 of a valid date.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDiv(y, 400)
        let yearOfEra = y - era * 400  // 0...399
        let monthFromMarch = month > 2 ? month - 3 : month + 9  // 0...11
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1  // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0...146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day of this day.
    private var civil: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = Self.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

// MARK: - Small integer and text helpers shared by the period code

extension Day {
    /// `a ÷ b` rounded towards minus infinity (`b` > 0).
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The remainder of ``floorDiv(_:_:)``: always in `0..<b` (`b` > 0).
    static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - Self.floorDiv(a, b) * b
    }

    /// The value of ASCII decimal digits, or `nil` when empty or any byte is not a digit.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `n` as at least two digits.
    static func pad2(_ n: Int) -> String {
        n < 10 && n >= 0 ? "0\(n)" : "\(n)"
    }

    /// A year as at least four digits, with a leading minus sign when negative.
    static func formatYear(_ year: Int) -> String {
        let digits = String(year.magnitude)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return year < 0 ? "-" + padded : padded
    }
}
