/// One previous year of a consistency-over-time comparison, with how much of it has data.
///
/// A year counts as a reference only when enough of its reporting periods are present: at least
/// `minimumShare` (75% by default, 9 of 12 months, 3 of 4 quarters, 40 of 53 weeks) of the periods expected.
/// A year whose data begin in October has 3 of 12 months: its total is a quarter of a year's, and set beside
/// full years it would drag the mean down (one county's ratio came out at 4.10 that way, with three false
/// findings). Such a year is left out, not scaled up: missing is not zero, and a partial year is not a year.
///
///     counts = value is present  and  periodsExpected > 0  and  periodsPresent ÷ periodsExpected ≥ minimumShare
///     mean   = Σ value ÷ (years that count)                   (nil when none counts)
public struct ReferenceYear: Sendable, Hashable {
    /// The share of a year's periods that must be present for it to count: 0.75.
    public static let defaultMinimumShare = 0.75

    /// The year's value (for example its total); nil when it has none.
    public let value: Double?
    /// How many of the year's reporting periods have data.
    public let periodsPresent: Int
    /// How many reporting periods the year has (12 months, 4 quarters, 52 or 53 weeks, …).
    public let periodsExpected: Int

    /// A previous year's value and how many of its periods have data.
    public init(value: Double?, periodsPresent: Int, periodsExpected: Int) {
        self.value = value
        self.periodsPresent = periodsPresent
        self.periodsExpected = periodsExpected
    }

    /// `periodsPresent ÷ periodsExpected`; nil when no period is expected (or a count is negative).
    public var share: Double? {
        guard periodsExpected > 0, periodsPresent >= 0 else { return nil }
        return Double(periodsPresent) / Double(periodsExpected)
    }

    /// Whether the year counts as a reference: it has a value and at least `minimumShare` of its periods.
    public func counts(minimumShare: Double = defaultMinimumShare) -> Bool {
        guard value != nil, let share else { return false }
        return share >= minimumShare
    }

    /// The values of the years that count and nil for the others, in the same order: ready for
    /// `ConsistencyRatio.reference(_:method:cap:)`, where a left-out year keeps its place in a trend.
    public static func values(_ years: [ReferenceYear], minimumShare: Double = defaultMinimumShare) -> [Double?] {
        years.map { $0.counts(minimumShare: minimumShare) ? $0.value : nil }
    }

    /// The mean of the values of the years that count; nil when none does.
    public static func mean(_ years: [ReferenceYear], minimumShare: Double = defaultMinimumShare) -> Double? {
        Summation.mean(values(years, minimumShare: minimumShare).compactMap { $0 })
    }
}
