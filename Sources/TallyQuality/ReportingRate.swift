/// Completeness and timeliness of reporting for one unit and dataset (WHO DQR domain 1, "completeness and
/// timeliness of reporting"; DHIS2's reporting rates `REPORTING_RATE` and `REPORTING_RATE_ON_TIME`).
///
///     completeness = received ÷ expected
///     timeliness   = on time ÷ expected
///
/// Over a subtree or a longer period the counts are summed first (`+`), so the rate is a ratio of sums.
///
/// The DQR table (`completenessTable`, `timelinessTable`) flags a subunit whose rate is below the threshold
/// (90% for completeness and 75% for timeliness by default, the DQR app's defaults in `src/appCore/d2Map.js`).
/// The app's `datasetCompleteness` (`src/appCore/appServiceDataAnalysis.js`) counts a subunit exactly at the
/// threshold as divergent (`value > threshold` is within); here, as in `tally check`, only a rate below it is.
/// The consistency of completeness over time is `ConsistencyOverTime.table` over the yearly completeness rates
/// (with `cap: 1`).
public struct ReportingRate: Sendable, Hashable {
    /// The reports expected.
    public let expected: Int
    /// The reports received.
    public let received: Int
    /// The reports received by their due date.
    public let onTime: Int

    /// A unit's report counts; negative counts are taken as 0.
    public init(expected: Int, received: Int, onTime: Int) {
        self.expected = max(0, expected)
        self.received = max(0, received)
        self.onTime = max(0, onTime)
    }

    /// `received ÷ expected`; nil when nothing is expected.
    public var completeness: Double? {
        expected > 0 ? Double(received) / Double(expected) : nil
    }

    /// `onTime ÷ expected`; nil when nothing is expected.
    public var timeliness: Double? {
        expected > 0 ? Double(onTime) / Double(expected) : nil
    }

    /// The counts of two units or periods added.
    public static func + (lhs: ReportingRate, rhs: ReportingRate) -> ReportingRate {
        ReportingRate(
            expected: lhs.expected + rhs.expected, received: lhs.received + rhs.received,
            onTime: lhs.onTime + rhs.onTime)
    }

    /// The counts summed; all 0 for none.
    public static func sum(_ rates: some Sequence<ReportingRate>) -> ReportingRate {
        rates.reduce(ReportingRate(expected: 0, received: 0, onTime: 0), +)
    }

    /// The 90% completeness threshold of the DQR app.
    public static let defaultCompletenessThreshold = 0.90

    /// The 75% timeliness threshold of the DQR app.
    public static let defaultTimelinessThreshold = 0.75

    /// The DQR table of completeness: the boundary's rate (the subunits' counts summed), each subunit's, and
    /// the subunits below `threshold`. A subunit expected to send nothing is skipped.
    public static func completenessTable<Unit>(
        _ subunits: [(unit: Unit, rate: ReportingRate)], threshold: Double = defaultCompletenessThreshold
    ) -> SubunitTable<Unit, ReportingRate> {
        table(subunits, rate: \.completeness, threshold: threshold)
    }

    /// The DQR table of timeliness: as `completenessTable`, with reports on time.
    public static func timelinessTable<Unit>(
        _ subunits: [(unit: Unit, rate: ReportingRate)], threshold: Double = defaultTimelinessThreshold
    ) -> SubunitTable<Unit, ReportingRate> {
        table(subunits, rate: \.timeliness, threshold: threshold)
    }

    static func table<Unit>(
        _ subunits: [(unit: Unit, rate: ReportingRate)], rate: KeyPath<ReportingRate, Double?>, threshold: Double
    ) -> SubunitTable<Unit, ReportingRate> {
        let boundary = sum(subunits.map(\.rate))
        return SubunitTable(
            boundary: boundary[keyPath: rate] == nil ? nil : boundary,
            subunits: subunits.map { ($0.unit, $0.rate[keyPath: rate] == nil ? nil : $0.rate) },
            isDivergent: { $0[keyPath: rate].map { $0 < threshold } ?? false })
    }
}
