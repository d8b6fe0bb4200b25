internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Consistency over time (WHO DQR): a unit's value ÷ the mean of the same period in the previous years (up to
/// three, those with data), compared with its parent's ratio; flagged when the two differ by more than the band
/// (33%), extreme beyond twice the band. For counts the value must also be implausible as chance: the Poisson
/// probability, around what the parent's ratio predicts, of a count at least as far out is below 1e-3 (1e-6 for
/// extreme). Verified counterparts are left to verification. Not counted in the score.
public enum ConsistencyCheck: AuditCheck, AuditStep {
    /// A unit's change on its past years against its parent's.
    public struct Payload: FindingPayload {
        public typealias Check = ConsistencyCheck
        /// The element.
        public var element: String
        /// The unit's value ÷ the mean of the same period in its previous years.
        public var unitRatio: Double
        /// The same ratio for the audited unit above it.
        public var parentRatio: Double
        /// The unit's ratio ÷ the parent's.
        public var relative: Double
        /// The band around 1 that passes (the `low` and `high` columns: 1 ∓ band).
        public var band: Double
    }

    public static let code = "consistency"
    public static let title = CheckTitle(zh: "时间一致性", en: "Consistency over time", table: "Consistency over time")

    static func run(_ audit: inout AuditRun) throws {
        let metadata = audit.metadata
        let settings = audit.settings
        let period = audit.period
        let counterparts = Set(metadata.elements.compactMap(\.verifiedBy))
        let children = audit.units.filter { $0 != audit.orgUnit }
        guard !children.isEmpty else { return }
        for element in metadata.elements where element.aggregation == .sum && !counterparts.contains(element.code) {
            let reference = ElementReference(element: element.code)
            let now = try audit.aggregator.totals(reference, period: period)
            var before: [[Double?]] = []
            var p = period
            for _ in 0..<settings.consistencyYears {
                p = p.sameLastYear
                before.append(try audit.aggregator.totals(reference, period: p))
            }
            func ratio(_ u: Int) -> Double? {
                // The mean of the previous years that have data (at most `consistencyYears`), oldest first.
                let past = before.reversed().compactMap { $0[u] }
                guard let value = now[u], !past.isEmpty else { return nil }
                return ConsistencyRatio.ratio(value: value, previous: past, window: settings.consistencyYears)
            }
            guard let parentRatio = ratio(audit.orgUnit), parentRatio > 0 else { continue }
            for u in children {
                guard let unitRatio = ratio(u),
                    let comparison = ConsistencyRatio.relativeToParent(
                        unitRatio: unitRatio, parentRatio: parentRatio, tolerance: settings.consistencyBand),
                    comparison.isFlagged, let value = now[u]
                else { continue }
                var extreme = abs(comparison.relative - 1) > 2 * settings.consistencyBand
                if element.valueType == .integer {
                    // Counts: the value must be implausible as chance around what the parent's change predicts.
                    let predicted = value / unitRatio * parentRatio
                    let tail = AuditRun.poissonTail(value, mean: predicted)
                    guard tail < 1e-3 else { continue }
                    extreme = extreme && tail < 1e-6
                }
                audit.add(
                    extreme ? .extreme : .moderate, unit: u, period: period,
                    Payload(
                        element: element.code, unitRatio: unitRatio, parentRatio: parentRatio,
                        relative: comparison.relative, band: settings.consistencyBand))
            }
        }
    }
}

extension ConsistencyCheck.Payload {
    public var distance: Double { abs(1 - relative) }

    public var scoring: ScoreMark? { nil }

    public var sentence: Sentence {
        let name = Word.element(element)
        let own = Word.decimal(unitRatio, places: 2)
        let parent = Word.decimal(parentRatio, places: 2)
        let off = Word.percent(abs(relative - 1), places: 0)
        return Sentence(
            zh: "\(.unit)\(.period)\(name)为往年同期均值的\(own)倍，上级单位为\(parent)倍，变化偏离\(off)%。",
            en:
                "\(.unit)'s \(name) in \(.period) are \(own) times the mean of the same period in the previous years, against \(parent) for the unit above it: a change \(off)% out of line."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: unitRatio, expected: parentRatio, low: 1 - band, high: 1 + band,
            score: relative)
    }
}
