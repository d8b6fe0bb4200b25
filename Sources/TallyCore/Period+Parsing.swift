extension Period {
    /// The years a period identifier may name.
    public static let supportedYears = 1000...9999

    /// Reads a DHIS2 period identifier, ignoring surrounding whitespace.
    ///
    /// Single periods: daily `20251001`; ISO weekly `2025W40` or `2025W1` (week 53 only in ISO years
    /// that have it); monthly `202510`; quarterly `2025Q4`; six-monthly `2025S2`; yearly `2025`;
    /// financial years `2025April` (1 April 2025 to 31 March 2026), `2025July`, `2025Oct` and `2025Nov`.
    /// The letters may be in any case and a week number may have a leading zero. Ranges: `A..B`, two
    /// single periods of one type with A not after B, such as `202510..202601`. Years are 1000–9999.
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
                "mixes period types (\(firstType.displayName) and \(lastType.displayName))")
        }
        guard firstIndex <= lastIndex else {
            throw PeriodError(.reversedRange, text, "ends before it starts")
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
            throw .invalid(part, "is outside the supported years \(years)")
        }
        switch shape {
        case .year(let type):
            return (type, year)  // a financial year is numbered by its first year
        case .month(let month):
            guard (1...12).contains(month) else { throw .invalid(part, "is not a valid month") }
            return (.monthly, year * 12 + month - 1)
        case let .day(month, day):
            guard let date = Day(year: year, month: month, day: day) else {
                throw .invalid(part, "is not a valid date")
            }
            return (.daily, date.ordinal)
        case .quarter(let quarter):
            guard (1...4).contains(quarter) else {
                throw .invalid(part, "is not a valid quarter; quarters are Q1–Q4")
            }
            return (.quarterly, year * 4 + quarter - 1)
        case .half(let half):
            guard (1...2).contains(half) else {
                throw .invalid(part, "is not a valid half-year; half-years are S1 and S2")
            }
            return (.sixMonthly, year * 2 + half - 1)
        case .week(let week):
            let weeks = Day.isoWeeks(in: year)
            guard week >= 1 else {
                throw .invalid(part, "is not a valid week; ISO weeks are numbered from 1")
            }
            guard week <= weeks else {
                throw .invalid(part, "does not exist: \(year) has \(weeks) ISO weeks")
            }
            let monday = Day.firstISOWeekStart(of: year) + 7 * (week - 1)
            return (.weekly, PeriodType.weekly.index(containing: monday))
        }
    }

    /// What follows the four-digit year of a single identifier.
    private enum Shape {
        /// Nothing (yearly) or a financial-year suffix: the index is the year.
        case year(PeriodType)
        /// Two digits.
        case month(Int)
        /// Four digits.
        case day(month: Int, day: Int)
        /// `Q` and one digit.
        case quarter(Int)
        /// `S` and one digit.
        case half(Int)
        /// `W` and one or two digits.
        case week(Int)
    }

    /// The shape of `rest`, the identifier after its year; text of no period shape is reported as `whole`.
    private static func shapeOf(_ rest: ArraySlice<UInt8>, whole: String) throws(PeriodError) -> Shape {
        if rest.isEmpty { return .year(.yearly) }
        if let value = Day.decimal(rest) {
            switch rest.count {
            case 2: return .month(value)
            case 4: return .day(month: value / 100, day: value % 100)
            default: throw .malformed(whole)
            }
        }
        let letter = rest[rest.startIndex] | 0x20  // ASCII lower case
        let digits = rest.dropFirst()
        if let number = Day.decimal(digits) {
            switch (letter, digits.count) {
            case (UInt8(ascii: "q"), 1): return .quarter(number)
            case (UInt8(ascii: "s"), 1): return .half(number)
            case (UInt8(ascii: "w"), 1...2): return .week(number)
            default: throw .malformed(whole)
            }
        }
        let suffix = String(decoding: rest, as: UTF8.self).lowercased()
        let financial = PeriodType.allCases.first { $0.financialSuffix?.lowercased() == suffix }
        guard let financial else { throw .malformed(whole) }
        return .year(financial)
    }
}
