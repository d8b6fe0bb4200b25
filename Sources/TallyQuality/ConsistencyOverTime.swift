/// One unit's row of the DQR's consistency over time (WHO DQR domain 2, "consistency over time"; the DQR app's
/// `timeConsistencyAnalysis` in `src/appCore/dqAnalysisConsistency.js`): the year's value against a reference
/// formed from the previous years, compared with the boundary's change or with no change at all.
///
///     reference = mean of the previous years that count        ("mean of previous years", the app's "constant")
///               | their least-squares trend one year on        ("forecast", the app's increasing/decreasing)
///     ratio     = current ÷ reference
///     compared  = the boundary's ratio                          ("compare to the boundary", the app's "ou")
///               | 1                                             ("compare to expected", the app's "th")
///     relative  = ratio ÷ compared,   divergent when |relative − 1| > band   (33% by default)
///     gap       = |reference × compared − current|               (the app's "weight": events off the expectation)
///
/// The previous years are given oldest first, nil for a year that is missing or does not count
/// (`ReferenceYear.values`). A subunit is skipped when its current value or its reference is missing or the
/// reference is 0 (no ratio); the app skips only a subunit missing both. The same table serves the consistency
/// of reporting completeness (yearly completeness rates, `cap: 1`) and the population's own trend
/// (`PopulationConsistency.trendTable`).
public struct ConsistencyOverTime: Sendable, Hashable {
    /// What a unit's ratio is compared with.
    public enum Comparison: Sendable, Hashable {
        /// The boundary unit's own ratio (the app's "ou", its default).
        case boundary
        /// No change, a ratio of 1 (the app's "th", "expected result").
        case expected
    }

    /// The value this year.
    public let current: Double
    /// The reference from the previous years.
    public let reference: Double
    /// The ratio compared with: the boundary's ratio or 1.
    public let comparisonRatio: Double

    /// `current ÷ reference`.
    public var ratio: Double { current / reference }

    /// `ratio ÷ comparisonRatio`.
    public var relative: Double { ratio / comparisonRatio }

    /// `|reference × comparisonRatio − current|`: how far the value is from what the comparison expects.
    public var gap: Double { abs(reference * comparisonRatio - current) }

    /// A unit's row: its current value, its reference and the ratio it is compared with.
    public init(current: Double, reference: Double, comparisonRatio: Double) {
        self.current = current
        self.reference = reference
        self.comparisonRatio = comparisonRatio
    }

    /// The default band: 33% (the DQR app's `consistency` and `consistencyThreshold`).
    public static let defaultBand = 0.33

    /// The DQR table of consistency over time.
    ///
    /// - Parameters:
    ///   - boundary: the boundary unit's current value and previous years.
    ///   - subunits: each subunit's current value and previous years (oldest first, nil where a year does not
    ///     count).
    ///   - reference: the mean of the previous years or their forecast.
    ///   - comparison: the boundary's ratio or 1.
    ///   - band: the allowed relative difference, 0.33 by default.
    ///   - cap: an upper bound of the reference (1 for rates such as completeness), or nil.
    /// - Returns: the table; the boundary's row is compared with 1. With `.boundary` and no boundary ratio, every
    ///   subunit is skipped.
    public static func table<Unit>(
        boundary: (current: Double?, previous: [Double?]),
        subunits: [(unit: Unit, current: Double?, previous: [Double?])],
        reference: ConsistencyRatio.Reference, comparison: Comparison, band: Double = defaultBand,
        cap: Double? = nil
    ) -> SubunitTable<Unit, ConsistencyOverTime> {
        func row(_ current: Double?, _ previous: [Double?], _ compared: Double?) -> ConsistencyOverTime? {
            guard let current, let compared, compared > 0,
                let value = ConsistencyRatio.reference(previous, method: reference, cap: cap), value > 0
            else { return nil }
            return ConsistencyOverTime(current: current, reference: value, comparisonRatio: compared)
        }
        let boundaryRow = row(boundary.current, boundary.previous, 1)
        let compared: Double? =
            switch comparison {
            case .boundary: boundaryRow?.ratio
            case .expected: 1
            }
        return SubunitTable(
            boundary: boundaryRow,
            subunits: subunits.map { ($0.unit, row($0.current, $0.previous, compared)) },
            isDivergent: { abs($0.relative - 1) > band })
    }
}
