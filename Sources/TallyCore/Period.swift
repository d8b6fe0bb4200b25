/// A DHIS2 period: one period of a ``PeriodType``, such as `202510` or `2025W40`, or an inclusive range
/// of consecutive periods of one type, such as `202510..202601`.
///
/// Written and read (also when encoded) as its ``identifier``; see ``init(_:)`` for the forms.
/// Periods sort by start day, then end day, then type.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The type of each period of the range.
    public let type: PeriodType
    /// The first day.
    public let start: Day
    /// The last day, inclusive.
    public let end: Day
    /// The number of periods of ``type`` covered: 1 for a single period.
    public let count: Int

    /// Examples of period identifiers, for messages.
    public static let examples = "e.g. \(exampleIdentifiers)"
    /// The identifiers of ``examples``.
    public static let exampleIdentifiers = "202510, 2025Q4, 2025Oct, 2025W40, 20251001, 202510..202601"

    /// The `count` consecutive periods of `type` starting with the one numbered `firstIndex`
    /// (see ``PeriodType`` for the numbering).
    init(type: PeriodType, firstIndex: Int, count: Int = 1) {
        precondition(count >= 1, "a period covers at least one period of its type")
        self.type = type
        self.start = type.start(ofIndex: firstIndex)
        self.end = type.end(ofIndex: firstIndex + count - 1)
        self.count = count
    }

    /// The single period of `type` that contains `day`; for ``PeriodType/weekly`` its ISO week.
    public static func containing(_ day: Day, type: PeriodType) -> Period {
        Period(type: type, firstIndex: type.index(containing: day))
    }

    /// The canonical identifier, such as `20251001`, `2025W1`, `202510`, `2025Q4`, `2025S2`, `2025`,
    /// `2025Oct`, or `202510..202601` for a range; reading it back gives this period.
    public var identifier: String {
        let first = type.identifier(ofIndex: firstIndex)
        return count == 1 ? first : "\(first)..\(type.identifier(ofIndex: lastIndex))"
    }

    /// The ``identifier``.
    public var description: String { identifier }

    /// For a single week (of any start day) or bi-week: the week-numbering year and the number of the week or
    /// bi-week in it, as the identifier writes them (`2025WedW40` → (2025, 40)); `nil` for other periods.
    public var weekNumber: (year: Int, number: Int)? {
        guard count == 1 else { return nil }
        switch type.layout {
        case .week:
            let (year, week) = type.weekNumber(ofIndex: firstIndex)
            return (year, week)
        case .biWeek: return PeriodType.biWeekNumber(ofIndex: firstIndex)
        case .day, .months: return nil
        }
    }

    /// The number of days covered, both ends included.
    public var days: Int { end - start + 1 }

    /// Whether `day` lies within the period.
    public func contains(_ day: Day) -> Bool {
        start <= day && day <= end
    }

    /// Whether every day of `other` lies within this period, whatever the types.
    public func contains(_ other: Period) -> Bool {
        start <= other.start && other.end <= end
    }

    /// The single periods of the range in order; `[self]` for a single period.
    public var components: [Period] {
        (firstIndex...lastIndex).map { Period(type: type, firstIndex: $0) }
    }

    /// The first single period of the range; `self` for a single period.
    public var first: Period { Period(type: type, firstIndex: firstIndex) }

    /// The last single period of the range; `self` for a single period.
    public var last: Period { Period(type: type, firstIndex: lastIndex) }

    /// The single periods of `type` whose first day lies within this period, in order; for example the
    /// twelve months of `2025Oct`, or the ISO weeks that start in October to December for `2025Q4`.
    public func periods(of type: PeriodType) -> [Period] {
        var index = type.index(containing: start)
        if type.start(ofIndex: index) < start { index += 1 }
        var result: [Period] = []
        while type.start(ofIndex: index) <= end {
            result.append(Period(type: type, firstIndex: index))
            index += 1
        }
        return result
    }

    /// The first `n` months of this period as one monthly range, such as `202510..202601` for the first four months
    /// of the reporting year `2025Oct` (前N个月); `nil` when `n` is not between 1 and the months the period holds.
    public func firstMonths(_ n: Int) -> Period? {
        let months = periods(of: .monthly)
        guard n >= 1, n <= months.count, let first = months.first else { return nil }
        return Period(type: .monthly, firstIndex: first.firstIndex, count: n)
    }

    /// The period `n` periods of its type later (earlier when `n` is negative), covering as many periods:
    /// `202510..202601` shifted by −4 is `202506..202509`.
    public func shifted(by n: Int) -> Period {
        Period(type: type, firstIndex: firstIndex + n, count: count)
    }

    /// The period of the same type and count that ends just before this one starts.
    public var previous: Period { shifted(by: -count) }

    /// The same period a year earlier: for daily the same date (29 February becomes 28 February), for
    /// the weeks the same week number of the previous week-numbering year (week 53 becomes 52 when that year
    /// has no week 53; bi-week 27 becomes 26 likewise), for the other types the period one year earlier. A
    /// range maps both its ends.
    public var sameLastYear: Period {
        let from = Self.sameLastYearIndex(type: type, index: firstIndex)
        let through = count == 1 ? from : Self.sameLastYearIndex(type: type, index: lastIndex)
        return Period(type: type, firstIndex: from, count: through - from + 1)
    }

    /// Whether `lhs` starts earlier, or starts together and ends earlier, or covers the same days and
    /// has the shorter type.
    public static func < (lhs: Period, rhs: Period) -> Bool {
        if lhs.start != rhs.start { return lhs.start < rhs.start }
        if lhs.end != rhs.end { return lhs.end < rhs.end }
        return lhs.type < rhs.type
    }

    /// Reads a period written as its identifier.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Period(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Writes the period as its identifier.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    // MARK: - Indices

    /// The index of the first single period.
    var firstIndex: Int { type.index(containing: start) }

    /// The index of the last single period.
    var lastIndex: Int { firstIndex + count - 1 }

    /// The index of the single period of `type` a year before the one numbered `index`.
    private static func sameLastYearIndex(type: PeriodType, index: Int) -> Int {
        switch type.layout {
        case .months(let length, _):
            return index - 12 / length
        case .day:
            return Day(ordinal: index).adding(years: -1).ordinal
        case .week:
            let (year, week) = type.weekNumber(ofIndex: index)
            let number = min(week, type.weeks(in: year - 1))
            return type.index(containing: type.firstWeekStart(of: year - 1) + 7 * (number - 1))
        case .biWeek:
            let (year, number) = PeriodType.biWeekNumber(ofIndex: index)
            return PeriodType.biWeeksBefore(isoYear: year - 1) + min(number, PeriodType.biWeeks(in: year - 1)) - 1
        }
    }
}
