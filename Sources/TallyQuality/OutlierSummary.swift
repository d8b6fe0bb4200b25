/// The DQR's outlier summary for one indicator (WHO DQR domain 2, "identification of outliers"; the DQR app's
/// `startIndicatorOutlierAnalysis` in `src/appCore/appServiceDataAnalysis.js`): of all the values of the year
/// at the subunits, the % extreme and the % moderate, and the subunits with at least one extreme value or at
/// least two moderate ones.
///
///     extremeShare  = extreme values ÷ all values           (the boundary's "% of values extreme")
///     moderateShare = moderate values ÷ all values          (moderate: not extreme)
///     a subunit is divergent when it has ≥ 1 extreme value or ≥ 2 moderate values
///
/// The grades come either from the audit (`OutlierRule.assess`, each value against the unit's other values of
/// three years) or from `OutlierScore.gradesWithinSeries(_:moderate:extreme:)`, the DQR app's own grading within the year.
public struct OutlierSummary<Unit: Hashable & Sendable>: Hashable, Sendable {
    /// One subunit's counts.
    public struct Row: Hashable, Sendable {
        /// The values judged.
        public let values: Int
        /// How many are extreme.
        public let extreme: Int
        /// How many are moderate (and not extreme).
        public let moderate: Int

        /// A subunit's counts of values, extreme values and moderate ones.
        public init(values: Int, extreme: Int, moderate: Int) {
            self.values = values
            self.extreme = extreme
            self.moderate = moderate
        }

        /// Whether the subunit has at least one extreme value.
        public var hasExtreme: Bool { extreme >= 1 }

        /// Whether the subunit has at least two moderate values.
        public var hasModerates: Bool { moderate >= 2 }
    }

    /// The table: the boundary's counts (all subunits' values), each subunit's, divergent when it has ≥ 1 extreme
    /// or ≥ 2 moderate values. A subunit with no values is skipped.
    public let table: SubunitTable<Unit, Row>

    /// Summarises the grades of each subunit's values.
    ///
    /// - Parameter subunits: each subunit's grades, one per value it has (missing values have none).
    public init(_ subunits: [(unit: Unit, grades: [OutlierScore.Severity])]) {
        let rows = subunits.map { subunit in
            (
                unit: subunit.unit,
                row: Row(
                    values: subunit.grades.count, extreme: subunit.grades.count(where: { $0 == .extreme }),
                    moderate: subunit.grades.count(where: { $0 == .moderate }))
            )
        }
        let boundary = Row(
            values: rows.reduce(0) { $0 + $1.row.values }, extreme: rows.reduce(0) { $0 + $1.row.extreme },
            moderate: rows.reduce(0) { $0 + $1.row.moderate })
        table = SubunitTable(
            boundary: boundary.values > 0 ? boundary : nil,
            subunits: rows.map { ($0.unit, $0.row.values > 0 ? $0.row : nil) },
            isDivergent: { $0.hasExtreme || $0.hasModerates })
    }

    /// Extreme values ÷ all values; nil when there are no values.
    public var extremeShare: Double? {
        table.boundary.map { Double($0.extreme) / Double($0.values) }
    }

    /// Moderate values ÷ all values; nil when there are no values.
    public var moderateShare: Double? {
        table.boundary.map { Double($0.moderate) / Double($0.values) }
    }

    /// The subunits with at least one extreme value, in the order given.
    public var withExtreme: [Unit] {
        table.entries.filter(\.row.hasExtreme).map(\.unit)
    }

    /// The subunits with at least two moderate values, in the order given.
    public var withModerates: [Unit] {
        table.entries.filter(\.row.hasModerates).map(\.unit)
    }
}
