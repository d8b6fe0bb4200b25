/// Completeness of indicator data for one unit and element (WHO DQR domain 1, "completeness of indicator data"):
/// of the values expected (reporting units × periods × category combinations), how many are stored, how many
/// are missing and how many are zero, with missing and zero values kept apart.
///
///     completeness = present ÷ expected
///     missing      = expected − present,   missingShare = missing ÷ expected
///     zeroShare    = zeros ÷ expected
///
/// A stored 0 is a value: `completeness` counts it as present. The DQR app's older annual-review code
/// (`startDataCompletenessAnalysis` in `src/appCore/appServiceDataAnalysis.js`) counted only non-zero values,
/// because DHIS2 does not store zeros unless told to; `nonZeroCompleteness` gives that figure, and
/// `table(zerosCountAsMissing: true)` judges by it. The table flags a subunit whose completeness is below the
/// threshold (the DQR app's `missing` default, 90%); the boundary's figure is the subunits' counts summed.
public struct ValueCompleteness: Sendable, Hashable {
    /// The values expected.
    public let expected: Int
    /// The values stored (zeros included).
    public let present: Int
    /// The stored values that are 0.
    public let zeros: Int

    /// A unit's counts; negative counts are taken as 0 and `zeros` as at most `present`.
    public init(expected: Int, present: Int, zeros: Int) {
        self.expected = max(0, expected)
        self.present = max(0, present)
        self.zeros = min(max(0, zeros), max(0, present))
    }

    /// `expected − present`, at least 0.
    public var missing: Int {
        max(0, expected - present)
    }

    /// `present ÷ expected`; nil when nothing is expected.
    public var completeness: Double? {
        share(present)
    }

    /// `(present − zeros) ÷ expected`, zeros counted as missing; nil when nothing is expected.
    public var nonZeroCompleteness: Double? {
        share(present - zeros)
    }

    /// `missing ÷ expected`; nil when nothing is expected.
    public var missingShare: Double? {
        share(missing)
    }

    /// `zeros ÷ expected`; nil when nothing is expected.
    public var zeroShare: Double? {
        share(zeros)
    }

    /// The counts of two units or periods added.
    public static func + (lhs: ValueCompleteness, rhs: ValueCompleteness) -> ValueCompleteness {
        ValueCompleteness(
            expected: lhs.expected + rhs.expected, present: lhs.present + rhs.present, zeros: lhs.zeros + rhs.zeros)
    }

    /// The 90% threshold of the DQR app (`missing` in `src/appCore/d2Map.js`).
    public static let defaultThreshold = 0.90

    /// The DQR table: the boundary's completeness (the subunits' counts summed), each subunit's, and the subunits
    /// below `threshold`. A subunit expected to have no values is skipped.
    ///
    /// - Parameter zerosCountAsMissing: judge by `nonZeroCompleteness` instead of `completeness`.
    public static func table<Unit>(
        _ subunits: [(unit: Unit, values: ValueCompleteness)], threshold: Double = defaultThreshold,
        zerosCountAsMissing: Bool = false
    ) -> SubunitTable<Unit, ValueCompleteness> {
        let boundary = subunits.map(\.values).reduce(ValueCompleteness(expected: 0, present: 0, zeros: 0), +)
        let judged = { (v: ValueCompleteness) in zerosCountAsMissing ? v.nonZeroCompleteness : v.completeness }
        return SubunitTable(
            boundary: boundary.expected > 0 ? boundary : nil,
            subunits: subunits.map { ($0.unit, $0.values.expected > 0 ? $0.values : nil) },
            isDivergent: { judged($0).map { $0 < threshold } ?? false })
    }

    func share(_ count: Int) -> Double? {
        expected > 0 ? Double(count) / Double(expected) : nil
    }
}
