public import TallyText

extension PeriodType {
    /// The ISO 8601 duration of one period of this type, as ADX writes it: `P1D`, `P7D` (every week),
    /// `P14D`, `P1M`, `P2M`, `P3M`, `P6M` or `P1Y` (the types from another month and the financial years too:
    /// they differ from the calendar ones only by their first day).
    public var isoDuration: String {
        switch layout {
        case .day: "P1D"
        case .week: "P7D"
        case .biWeek: "P14D"
        case .months(let length, _): length == 12 ? "P1Y" : "P\(length)M"
        }
    }
}

extension Period {
    /// The period as an ISO 8601 interval of a start date and a duration, as ADX writes periods:
    /// `2025-10-01/P1M` for `202510`, `2025-09-29/P7D` for `2025W40`, `2025-10-01/P1Y` for `2025Oct`.
    ///
    /// A range of several periods is written as its first day and the total duration, such as
    /// `2025-10-01/P4M` for `202510..202601`; reading that back gives a period of the same days (three months
    /// from January read back as a quarter).
    ///
    /// Bi-weeks are written by their days (`P14D`, and `P7D` for bi-week 27 of a year of 53 ISO weeks, which is week
    /// 53 alone), so that the interval covers exactly their days.
    public var isoInterval: String {
        if type == .biWeekly { return "\(start)/P\(days)D" }
        let duration = type.isoDuration
        guard count > 1 else { return "\(start)/\(duration)" }
        let number = Int(duration.dropFirst().dropLast())! * count
        return "\(start)/P\(number)\(duration.last!)"
    }

    /// Reads an ISO 8601 interval `start/duration` as ADX writes periods.
    ///
    /// | duration | period type | the start must be |
    /// |---|---|---|
    /// | `P1D` | daily | any day |
    /// | `P7D` or `P1W` | weekly | a Monday (ISO week) |
    /// | `P7D` | the week from that weekday | a Wednesday, Thursday, Friday, Saturday or Sunday; from a Tuesday it is a range of seven days |
    /// | `P14D` | bi-weekly | the Monday of an odd ISO week (from another Monday two ISO weeks, from another day 14 days) |
    /// | `P1M` | monthly | the 1st of a month |
    /// | `P2M` | bi-monthly | 1 January, March, May, July, September or November |
    /// | `P3M` | quarterly, or quarterly from November | 1 January, April, July or October; 1 November, February, May or August |
    /// | `P6M` | six-monthly, from April, or from November | 1 January or 1 July; 1 April or 1 October; 1 November or 1 May |
    /// | `P1Y` | yearly, or the financial year starting that day | 1 January (yearly), 1 February, 1 April, 1 July, 1 August, 1 September, 1 October or 1 November |
    ///
    /// A multiple of a duration (`2025-10-01/P4M`) is the range of that many periods of the calendar types (days,
    /// ISO weeks, months, quarters, halves, years or financial years). The start may carry a time
    /// (`2025-10-01T00:00:00`), which is ignored; surrounding whitespace is ignored.
    ///
    /// - Throws: ``PeriodError`` with code `malformed` for text of another shape or a start that does not
    ///   begin a period of the duration's type, `invalidDate` for a start date that does not exist.
    public init(isoInterval text: String) throws(PeriodError) {
        let trimmed = Self.trimmed(text)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let notISO = Localized(
            zh: "不是ISO期间；应为开始日期加时长，如 2025-10-01/P1M、2025-09-29/P7D 或 2025-07-01/P1Y",
            en:
                "is not an ISO period; expected a start date and a duration such as 2025-10-01/P1M, 2025-09-29/P7D or 2025-07-01/P1Y"
        )
        guard parts.count == 2 else { throw PeriodError(.malformed, trimmed, notISO) }
        var startText = parts[0]
        if let t = startText.firstIndex(where: { $0 == "T" || $0 == "t" }) { startText = startText[..<t] }
        let startBytes = Array(startText.utf8)
        guard startBytes.count == 10, startBytes[4] == UInt8(ascii: "-"), startBytes[7] == UInt8(ascii: "-"),
            let year = Day.decimal(startBytes[0..<4]), let month = Day.decimal(startBytes[5..<7]),
            let dayOfMonth = Day.decimal(startBytes[8..<10])
        else {
            throw PeriodError(.malformed, trimmed, notISO)
        }
        guard let start = Day(year: year, month: month, day: dayOfMonth) else {
            throw PeriodError(
                .invalidDate, trimmed,
                Localized(zh: "的开始日期不存在（\(startText)）", en: "starts on a day that does not exist (\(startText))"))
        }
        guard Self.supportedYears.contains(year) else {
            let years = "\(Self.supportedYears.lowerBound)–\(Self.supportedYears.upperBound)"
            throw PeriodError(
                .invalidDate, trimmed,
                Localized(zh: "超出支持的年份范围 \(years)", en: "is outside the supported years \(years)"))
        }
        let duration = parts[1].uppercased()
        let durationBytes = Array(duration.utf8)
        guard durationBytes.count >= 3, durationBytes[0] == UInt8(ascii: "P"),
            let number = Day.decimal(durationBytes[1..<(durationBytes.count - 1)]), number >= 1,
            number <= Self.maxISOCount(unit: durationBytes[durationBytes.count - 1])
        else {
            throw PeriodError(.malformed, trimmed, Self.unknownDuration)
        }
        let unit = durationBytes[durationBytes.count - 1]
        var type: PeriodType
        var count = 1
        switch unit {
        case UInt8(ascii: "D")
        where number == 14 && Period.containing(start, type: .biWeekly).start == start
            && Period.containing(start, type: .biWeekly).days == 14:
            type = .biWeekly
        case UInt8(ascii: "D") where number % 7 == 0 && start.weekday == 1:
            type = .weekly
            count = number / 7
        case UInt8(ascii: "D") where number == 7 && start.weekday >= 3:
            type = PeriodType.allCases.first { $0.weekStart == start.weekday } ?? .weekly
        case UInt8(ascii: "D"):
            type = .daily
            count = number
        case UInt8(ascii: "W")
        where number == 2 && Period.containing(start, type: .biWeekly).start == start
            && Period.containing(start, type: .biWeekly).days == 14:
            type = .biWeekly
        case UInt8(ascii: "W"):
            type = .weekly
            count = number
        case UInt8(ascii: "M") where number == 6 && (start.month == 4 || start.month == 10):
            type = .sixMonthlyApril
        case UInt8(ascii: "M") where number == 6 && (start.month == 11 || start.month == 5):
            type = .sixMonthlyNov
        case UInt8(ascii: "M") where number % 6 == 0 && start.month % 6 == 1:
            type = .sixMonthly
            count = number / 6
        case UInt8(ascii: "M") where number % 3 == 0 && start.month % 3 == 1:
            type = .quarterly
            count = number / 3
        case UInt8(ascii: "M") where number == 3 && start.month % 3 == 2:
            type = .quarterlyNov
        case UInt8(ascii: "M") where number == 2 && start.month % 2 == 1:
            type = .biMonthly
        case UInt8(ascii: "M"):
            type = .monthly
            count = number
        case UInt8(ascii: "Y"):
            count = number
            guard
                let year = PeriodType.allCases.first(where: {
                    $0.isYearLong && $0.monthLayout?.firstMonth == start.month
                })
            else {
                throw PeriodError(
                    .malformed, trimmed,
                    Localized(
                        zh:
                            "是从\(start.month)月开始的年；Tally 的年从1月1日（年）或2月1日、4月1日、7月1日、8月1日、9月1日、10月1日、11月1日（财年）开始",
                        en:
                            "is a year starting in month \(start.month); Tally's years start on 1 January (yearly) or on 1 February, 1 April, 1 July, 1 August, 1 September, 1 October or 1 November (financial years)"
                    ))
            }
            type = year
        default:
            throw PeriodError(.malformed, trimmed, Self.unknownDuration)
        }
        let first = Period.containing(start, type: type)
        guard first.start == start else {
            throw PeriodError(
                .malformed, trimmed,
                Localized(
                    zh: "不是从\(type.names.zh)期间的第一天开始（应为 \(first.start)）",
                    en: "does not start on the first day of a \(type.displayName) period (that would be \(first.start))"
                ))
        }
        self.init(type: type, firstIndex: type.index(containing: start), count: count)
    }

    /// The sentence for a duration Tally does not read.
    static let unknownDuration = Localized(
        zh: "的时长无法识别；应为 \(isoDurations)", en: "has no duration Tally knows; expected \(isoDurations)")

    /// The durations read, for messages.
    static let isoDurations = "P1D, P7D, P14D, P1M, P2M, P3M, P6M or P1Y"

    /// The largest multiple of a duration read: enough for a range between any two periods with four-digit
    /// years (which ``isoInterval`` writes, such as `P48004M` for `202510..602601`), few enough that the end
    /// stays far inside ``Day/supportedYears``.
    static func maxISOCount(unit: UInt8) -> Int {
        switch unit {
        case UInt8(ascii: "D"): 4_000_000
        case UInt8(ascii: "W"): 600_000
        case UInt8(ascii: "M"): 130_000
        default: 11_000
        }
    }
}
