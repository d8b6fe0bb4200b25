/// Consistency between two related indicators A and B (WHO DQR domain 2, "internal consistency between related
/// indicators"; the DQR app's `dataConsistencyAnalysis`, `getRatioAndPercentage` and `isOutlier` in
/// `src/appCore/dqAnalysisConsistency.js`, relation types in `dataRelationTypes` of `src/appCore/d2Map.js`).
///
/// | relation | figure | divergent when | app |
/// |---|---|---|---|
/// | `similar(band:)` | `A ÷ B` | `A ÷ B > 1 + band` or `< 1 − band` | "eq", A ≈ B |
/// | `atLeast(band:)` | `A ÷ B` | `A ÷ B < 1 − band` (B above A by more than the band) | "aGTb", A > B |
/// | `dropout(maximum:)` | `(A − B) ÷ A` | below 0, or above `maximum` when given | "do", dropout rate |
/// | `sameAsBoundary(band:)` | `(A ÷ B) ÷ (A ÷ B of the boundary)` | outside `1 ± band` | "level" |
///
/// Values are the sums of the period. Zeros, decided on purpose where the ratio has none:
/// - `B = 0`: with `A = 0` the two agree (not divergent, for every relation but `sameAsBoundary`, which skips the
///   subunit: it has no ratio to compare); with `A > 0`, `similar` and `sameAsBoundary` are divergent, `atLeast`
///   holds. The figure is nil.
/// - dropout with `A = 0`: 0 when `B = 0` (the app's `dropOutRate`: both 0), divergent with no figure when `B > 0`
///   (B exceeds A).
///
/// The app treats a sum of 0 as missing and skips the subunit; here a 0 is a value, and only a missing value
/// (nil) skips a subunit. The app flags a dropout rate only when negative (its threshold is "should not be
/// negative"); `dropout(maximum:)` adds the upper end of the band (e.g. 10% for DPT1 → DPT3) when given.
public enum IndicatorRelation: Sendable, Hashable {
    /// A and B should be about equal: `A ÷ B` within `1 ± band` (the app's default band 10%).
    case similar(band: Double)
    /// A should be at least B: `A ÷ B ≥ 1 − band` (band 0: strictly A ≥ B).
    case atLeast(band: Double)
    /// A dropout rate `(A − B) ÷ A` within `0 … maximum` (nil: only a negative rate is divergent).
    case dropout(maximum: Double?)
    /// `A ÷ B` at the subunit within `1 ± band` of the boundary's.
    case sameAsBoundary(band: Double)

    /// One unit's figures.
    public struct Row: Sendable, Hashable {
        /// The value of A.
        public let a: Double
        /// The value of B.
        public let b: Double
        /// `A ÷ B`, `(A − B) ÷ A` for a dropout, or for `sameAsBoundary` the ratio relative to the boundary's; nil
        /// where it is not defined (see the rules for zeros).
        public let figure: Double?
        /// `A ÷ B` (nil when `B = 0`).
        public var ratio: Double? { b != 0 ? a / b : nil }
    }

    /// The DQR table: the boundary's figures, each subunit's, and the divergent ones. The boundary is judged by the
    /// same rule, except for `sameAsBoundary`, where its figure is its plain ratio and it is not divergent.
    ///
    /// - Parameters:
    ///   - boundary: the boundary unit's A and B.
    ///   - subunits: each subunit's A and B (nil when missing: the subunit is skipped).
    public func table<Unit>(
        boundary: (a: Double?, b: Double?), subunits: [(unit: Unit, a: Double?, b: Double?)]
    ) -> SubunitTable<Unit, Row> {
        var boundaryRow: Row?
        var boundaryIsDivergent: Bool?
        if let a = boundary.a, let b = boundary.b {
            if case .sameAsBoundary = self {
                boundaryRow = b != 0 ? Row(a: a, b: b, figure: a / b) : nil
                boundaryIsDivergent = boundaryRow.map { _ in false }
            } else if let judged = judge(a: a, b: b, boundaryRatio: nil) {
                boundaryRow = judged.row
                boundaryIsDivergent = judged.isDivergent
            }
        }
        let boundaryRatio = boundaryRow?.ratio
        var entries: [SubunitTable<Unit, Row>.Entry] = []
        var skipped: [Unit] = []
        for subunit in subunits {
            guard let a = subunit.a, let b = subunit.b, let judged = judge(a: a, b: b, boundaryRatio: boundaryRatio)
            else {
                skipped.append(subunit.unit)
                continue
            }
            entries.append(.init(unit: subunit.unit, row: judged.row, isDivergent: judged.isDivergent))
        }
        return SubunitTable(
            boundary: boundaryRow, boundaryIsDivergent: boundaryIsDivergent, entries: entries, skipped: skipped)
    }

    /// Judges one unit's A and B.
    ///
    /// - Parameter boundaryRatio: the boundary's `A ÷ B`, used only by `sameAsBoundary` (which cannot judge
    ///   without a positive one).
    /// - Returns: the figures and whether they diverge; nil when they cannot be judged (`sameAsBoundary` with
    ///   `A = B = 0` or with no positive boundary ratio).
    public func judge(a: Double, b: Double, boundaryRatio: Double?) -> (row: Row, isDivergent: Bool)? {
        let ratio: Double? = b != 0 ? a / b : nil
        switch self {
        case .similar(let band):
            guard let ratio else { return (Row(a: a, b: b, figure: nil), a != 0) }
            return (Row(a: a, b: b, figure: ratio), ratio > 1 + band || ratio < 1 - band)
        case .atLeast(let band):
            guard let ratio else { return (Row(a: a, b: b, figure: nil), false) }
            return (Row(a: a, b: b, figure: ratio), ratio < 1 - band)
        case .dropout(let maximum):
            guard a != 0 else { return (Row(a: a, b: b, figure: b == 0 ? 0 : nil), b != 0) }
            let rate = (a - b) / a
            return (Row(a: a, b: b, figure: rate), rate < 0 || maximum.map { rate > $0 } ?? false)
        case .sameAsBoundary(let band):
            guard let boundaryRatio, boundaryRatio > 0 else { return nil }
            guard let ratio else { return a == 0 ? nil : (Row(a: a, b: b, figure: nil), true) }
            let relative = ratio / boundaryRatio
            return (Row(a: a, b: b, figure: relative), relative > 1 + band || relative < 1 - band)
        }
    }
}
