public import TallyText

extension Period {
    /// The years a period identifier may name.
    public static let supportedYears = 1000...9999

    /// Reads a DHIS2 period identifier, ignoring surrounding whitespace.
    ///
    /// Single periods, as DHIS2 writes them: daily `20251001` (or `2025-10-01`); ISO weekly `2025W40` or
    /// `2025W1` (week 53 only in ISO years that have it); weeks from Wednesday, Thursday, Friday, Saturday or
    /// Sunday `2025WedW1`, `2025ThuW1`, `2025FriW1`, `2025SatW1`, `2025SunW1` (week 1 holds 4 January);
    /// bi-weekly `2025BiW1` (ISO weeks 1 and 2); monthly `202510` (or `2025-10`); bi-monthly `202501B`
    /// (January and February); quarterly `2025Q4`; quarterly from November `2025NovQ1` (November 2024 to January
    /// 2025); six-monthly `2025S2`, from April `2025AprilS1` (April to September 2025), from November
    /// `2025NovS1` (November 2024 to April 2025); yearly `2025`; financial years `2025Feb`, `2025April` (1 April
    /// 2025 to 31 March 2026), `2025July`, `2025Aug`, `2025Sep`, `2025Oct`, and `2025Nov` (1 November 2024 to 31
    /// October 2025: DHIS2 names it by the year it ends in). The letters may be in any case and a week number
    /// may have a leading zero. Ranges: `A..B`, two single periods of one type with A not after B, such as
    /// `202510..202601`. Years are 1000–9999.
    ///
    /// - Throws: ``PeriodError`` with code `malformed` for text of no period shape, `invalidDate` for a
    ///   period that does not exist, `mixedRange` or `reversedRange` for a bad range.
    public init(_ identifier: String) throws(PeriodError) {
        let text = Self.trimmed(identifier)
        let bytes = Array(text.utf8)
        guard let dots = Self.rangeSeparator(in: bytes) else {
            let (type, index) = try Self.parseSingle(bytes[...], whole: text)
            self.init(type: type, firstIndex: index)
            return
        }
        let (firstType, firstIndex) = try Self.parseSingle(bytes[..<dots], whole: text)
        let (lastType, lastIndex) = try Self.parseSingle(bytes[(dots + 2)...], whole: text)
        guard firstType == lastType else {
            throw PeriodError(
                .mixedRange, text,
                Localized(
                    zh: "混用了两种期间类型（\(firstType.names.zh)和\(lastType.names.zh)）",
                    en: "mixes period types (\(firstType.displayName) and \(lastType.displayName))"))
        }
        guard firstIndex <= lastIndex else {
            throw PeriodError(.reversedRange, text, Localized(zh: "的结束早于开始", en: "ends before it starts"))
        }
        self.init(type: firstType, firstIndex: firstIndex, count: lastIndex - firstIndex + 1)
    }

    /// `s` without leading and trailing whitespace.
    static func trimmed(_ s: String) -> String {
        // Most text starts and ends with a visible ASCII character, which no whitespace character starts or ends
        // with: nothing to trim, and the slower look at characters below is skipped.
        if let first = s.utf8.first, let last = s.utf8.last, (0x21...0x7E).contains(first),
            (0x21...0x7E).contains(last)
        {
            return s
        }
        return String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// The position of the first `..` in `bytes`.
    private static func rangeSeparator(in bytes: [UInt8]) -> Int? {
        let dot = UInt8(ascii: ".")
        return bytes.indices.dropLast().first { bytes[$0] == dot && bytes[$0 + 1] == dot }
    }

    /// The type and index of the single period written in `bytes`, part of the input `whole`.
    ///
    /// Text of no period shape is reported as `whole`; a period that does not exist as itself.
    private static func parseSingle(
        _ bytes: ArraySlice<UInt8>, whole: String
    ) throws(PeriodError) -> (PeriodType, Int) {
        let part = String(decoding: bytes, as: UTF8.self)
        guard bytes.count >= 4, let year = Day.decimal(bytes.prefix(4)) else { throw .malformed(whole) }
        let rest = bytes.dropFirst(4)
        let shape = try shapeOf(rest, whole: whole)
        guard supportedYears.contains(year) else {
            let years = "\(supportedYears.lowerBound)–\(supportedYears.upperBound)"
            throw .invalid(part, Localized(zh: "超出支持的年份范围 \(years)", en: "is outside the supported years \(years)"))
        }
        switch shape {
        case .day(let month, let day):
            guard let date = Day(year: year, month: month, day: day) else {
                throw .invalid(part, Localized(zh: "不是有效的日期", en: "is not a valid date"))
            }
            return (.daily, date.ordinal)
        case .numbered(let type, let number):
            // Monthly, bi-monthly, the quarters, the halves, yearly and the financial years.
            let perYear = 12 / (type.monthLayout?.length ?? 12)
            guard (1...perYear).contains(number) else { throw .invalid(part, numberProblem(type)) }
            return (type, (year - type.nameYearOffset) * perYear + number - 1)
        case .week(let type, let week):
            let weeks = type.weeks(in: year)
            let day = (type.weekStart ?? 1) - 1
            let kind =
                type == .weekly
                ? Localized(zh: "ISO周", en: "ISO weeks")
                : Localized(
                    zh: "\(PeriodType.zhWeekdayNames[day])起的周", en: "weeks from \(PeriodType.weekdayNames[day])")
            guard week >= 1 else {
                throw .invalid(
                    part,
                    Localized(
                        zh: "不是有效的周；\(kind.zh)从1开始编号", en: "is not a valid week; \(kind.en) are numbered from 1"))
            }
            guard week <= weeks else {
                throw .invalid(
                    part,
                    Localized(
                        zh: "不存在：\(year)年只有\(weeks)个\(kind.zh)", en: "does not exist: \(year) has \(weeks) \(kind.en)"))
            }
            return (type, type.index(containing: type.firstWeekStart(of: year) + 7 * (week - 1)))
        case .biWeek(let number):
            let count = PeriodType.biWeeks(in: year)
            guard number >= 1 else {
                throw .invalid(
                    part,
                    Localized(
                        zh: "不是有效的双周；双周从1开始编号", en: "is not a valid bi-week; bi-weeks are numbered from 1"))
            }
            guard number <= count else {
                throw .invalid(
                    part,
                    Localized(
                        zh: "不存在：\(year)年只有\(count)个双周（\(Day.isoWeeks(in: year))个ISO周）",
                        en: "does not exist: \(year) has \(count) bi-weeks (\(Day.isoWeeks(in: year)) ISO weeks)"))
            }
            return (.biWeekly, PeriodType.biWeeksBefore(isoYear: year) + number - 1)
        }
    }

    /// Why a number is not one of a month-based type's periods.
    private static func numberProblem(_ type: PeriodType) -> Localized<String> {
        switch type {
        case .monthly: Localized(zh: "不是有效的月份", en: "is not a valid month")
        case .biMonthly:
            Localized(
                zh: "不是有效的双月；双月为 01B（1月和2月）至 06B",
                en: "is not a valid bi-month; bi-months are 01B (January and February) to 06B")
        case .quarterly: Localized(zh: "不是有效的季度；季度为 Q1–Q4", en: "is not a valid quarter; quarters are Q1–Q4")
        case .quarterlyNov:
            Localized(
                zh: "不是有效的季度；11月起的季度为 NovQ1–NovQ4",
                en: "is not a valid quarter; quarters from November are NovQ1–NovQ4")
        case .sixMonthly:
            Localized(zh: "不是有效的半年；半年为 S1 和 S2", en: "is not a valid half-year; half-years are S1 and S2")
        case .sixMonthlyApril:
            Localized(
                zh: "不是有效的半年；4月起的半年为 AprilS1 和 AprilS2",
                en: "is not a valid half-year; half-years from April are AprilS1 and AprilS2")
        case .sixMonthlyNov:
            Localized(
                zh: "不是有效的半年；11月起的半年为 NovS1 和 NovS2",
                en: "is not a valid half-year; half-years from November are NovS1 and NovS2")
        default:
            Localized(zh: "不是有效的\(type.names.zh)期间", en: "is not a valid \(type.displayName) period")
        }
    }

    /// What follows the four-digit year of a single identifier.
    private enum Shape {
        /// Four digits, or `-MM-DD`.
        case day(month: Int, day: Int)
        /// A period of a month-based type numbered within its year: a month (two digits or `-MM`), a
        /// bi-month (`01B`), a quarter or half (`Q4`, `NovQ1`, `S2`, `AprilS1`, `NovS1`); yearly and the
        /// financial years have the number 1.
        case numbered(PeriodType, Int)
        /// A week of one of the week types (`W40`, `WedW40`, …).
        case week(PeriodType, Int)
        /// `BiW` and one or two digits.
        case biWeek(Int)
    }

    /// The shape of `rest`, the identifier after its year; text of no period shape is reported as `whole`.
    private static func shapeOf(_ rest: ArraySlice<UInt8>, whole: String) throws(PeriodError) -> Shape {
        if rest.isEmpty { return .numbered(.yearly, 1) }
        let start = rest.startIndex
        if rest[start] == UInt8(ascii: "-") {
            // The forms DHIS2 also reads: 2025-10 and 2025-10-01.
            switch rest.count {
            case 3:
                if let month = Day.decimal(rest.dropFirst()) { return .numbered(.monthly, month) }
            case 6 where rest[start + 3] == UInt8(ascii: "-"):
                if let month = Day.decimal(rest[(start + 1)..<(start + 3)]),
                    let day = Day.decimal(rest[(start + 4)...])
                {
                    return .day(month: month, day: day)
                }
            default: break
            }
            throw .malformed(whole)
        }
        if let value = Day.decimal(rest) {
            switch rest.count {
            case 2: return .numbered(.monthly, value)
            case 4: return .day(month: value / 100, day: value % 100)
            default: throw .malformed(whole)
            }
        }
        if rest.count == 3, let value = Day.decimal(rest.prefix(2)), rest.last! | 0x20 == UInt8(ascii: "b") {
            return .numbered(.biMonthly, value)
        }
        let letters = rest.prefix { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
        let digits = rest.dropFirst(letters.count)
        let word = String(decoding: letters, as: UTF8.self).lowercased()
        guard !digits.isEmpty else {
            let financial = PeriodType.allCases.first { $0.financialSuffix?.lowercased() == word }
            guard let financial else { throw .malformed(whole) }
            return .numbered(financial, 1)
        }
        guard let number = Day.decimal(digits) else { throw .malformed(whole) }
        switch (word, digits.count) {
        case ("q", 1): return .numbered(.quarterly, number)
        case ("novq", 1): return .numbered(.quarterlyNov, number)
        case ("s", 1): return .numbered(.sixMonthly, number)
        case ("aprils", 1): return .numbered(.sixMonthlyApril, number)
        case ("novs", 1): return .numbered(.sixMonthlyNov, number)
        case ("biw", 1...2): return .biWeek(number)
        case (_, 1...2):
            let type = PeriodType.allCases.first { $0.weekStart != nil && $0.weekPrefix.lowercased() == word }
            guard let type else { throw .malformed(whole) }
            return .week(type, number)
        default: throw .malformed(whole)
        }
    }
}
