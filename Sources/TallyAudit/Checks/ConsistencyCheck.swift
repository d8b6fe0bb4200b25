internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Consistency over time (WHO DQR): a unit's value ÷ the mean of the same period in the previous years (up to
/// three, those that count), compared with the ratio of the audited unit it lies under; flagged when the two
/// differ by more than the band (33%), extreme beyond twice the band (`ConsistencyRule`). For counts the value
/// must also be implausible as chance: the Poisson probability, around the count the comparison predicts
/// (the reference × the audited unit's ratio), of a count at least as far out is below 1e-3 (1e-6 for extreme),
/// so a drop to zero is judged too. A previous year counts only when at least 75% of its reporting periods have
/// data (`ReferenceYear`). Verified counterparts are left to verification. Not counted in the score.
public enum ConsistencyCheck: AuditCheck, AuditStep {
    /// A unit's change on its past years against the audited unit's.
    public struct Payload: FindingPayload {
        public typealias Check = ConsistencyCheck
        /// The element.
        public var element: String
        /// The unit's value this period.
        public var value: Double
        /// The mean of the same period in the previous years that count.
        public var reference: Double
        /// How many previous years counted (at most `consistency.years`).
        public var referenceYears: Int
        /// The unit's value ÷ its reference.
        public var unitRatio: Double
        /// The unit compared with (tree index): the audited unit — with `--level`, not necessarily the parent.
        public var comparedWith: Int
        /// The same ratio for the unit compared with.
        public var comparisonRatio: Double
        /// The unit's ratio ÷ the comparison ratio.
        public var relative: Double
        /// For counts, the count expected had the unit changed as the unit compared with did (reference ×
        /// comparison ratio); nil for other values.
        public var expected: Double?
        /// The band around 1 that passes (the `low` and `high` columns: 1 ∓ band).
        public var band: Double
    }

    public static let code = "consistency"
    public static let title = CheckTitle(zh: "时间一致性", en: "Consistency over time", table: "Consistency over time")

    static func run(_ audit: inout AuditRun) throws {
        let metadata = audit.metadata
        let settings = audit.settings
        let period = audit.period
        let rule = ConsistencyRule(band: settings.consistencyBand)
        let counterparts = Set(metadata.elements.compactMap(\.verifiedBy))
        let children = audit.units.filter { $0 != audit.orgUnit }
        guard !children.isEmpty else { return }
        var previous: [Period] = []  // the same period in the previous years, oldest first
        var p = period
        for _ in 0..<settings.consistencyYears {
            p = p.sameLastYear
            previous.insert(p, at: 0)
        }
        for element in metadata.elements where element.aggregation == .sum && !counterparts.contains(element.code) {
            let now = try audit.aggregator.totals(ElementReference(element: element.code), period: period)
            let years = try ReferenceYears.read(element.code, periods: previous, audit: audit)
            guard let parentValue = now[audit.orgUnit],
                let parentReference = ReferenceYear.mean(years.of(audit.orgUnit)), parentReference > 0
            else { continue }
            let parentRatio = parentValue / parentReference
            guard parentRatio > 0 else { continue }
            for u in children {
                let past = years.of(u)
                guard let value = now[u], let reference = ReferenceYear.mean(past),
                    let judged = rule.assess(
                        value: value, reference: reference, comparisonRatio: parentRatio,
                        isCount: element.valueType.isCount),
                    judged.severity != .none
                else { continue }
                audit.add(
                    judged.severity == .extreme ? .extreme : .moderate, unit: u, period: period,
                    Payload(
                        element: element.code, value: value, reference: reference,
                        referenceYears: past.filter { $0.counts() }.count, unitRatio: judged.ratio,
                        comparedWith: audit.orgUnit, comparisonRatio: parentRatio, relative: judged.relative,
                        expected: judged.countTest?.expected, band: settings.consistencyBand))
            }
        }
    }
}

/// An element's totals in previous periods with how many of their reporting periods have data, per unit.
struct ReferenceYears {
    /// Per previous period (oldest first): each unit's total.
    var totals: [[Double?]]
    /// Per previous period: each unit's reporting periods with data (in its subtree).
    var present: [[Int]]
    /// Per previous period: the reporting periods it holds.
    var expected: [Int]

    /// The years of a unit, oldest first.
    func of(_ unit: Int) -> [ReferenceYear] {
        totals.indices.map { k in
            ReferenceYear(value: totals[k][unit], periodsPresent: present[k][unit], periodsExpected: expected[k])
        }
    }

    /// Reads `element`'s totals over each of `periods` and, for each, the periods of the element's dataset's type
    /// inside it that hold a value in each unit's subtree. An element in no dataset (or a period holding no period
    /// of its type) counts a period with a value as complete.
    static func read(_ element: String, periods: [Period], audit: AuditRun) throws -> ReferenceYears {
        let tree = audit.tree
        let source = audit.aggregator.source
        let type = audit.metadata.datasets.first { $0.elements.contains(element) }?.periodType
        var storedIndex: [Period: Int] = [:]
        for (i, p) in source.storedPeriods.enumerated() { storedIndex[p] = i }
        var result = ReferenceYears(totals: [], present: [], expected: [])
        for period in periods {
            let totals = try audit.aggregator.totals(ElementReference(element: element), period: period)
            result.totals.append(totals)
            let slots = type.map { period.periods(of: $0) } ?? []
            guard !slots.isEmpty else {
                result.present.append(totals.map { $0 == nil ? 0 : 1 })
                result.expected.append(1)
                continue
            }
            var slot: [Int: Int] = [:]  // stored period index → slot
            for (k, q) in slots.enumerated() { if let i = storedIndex[q] { slot[i] = k } }
            let n = slots.count
            var has = [Bool](repeating: false, count: tree.count * n)
            let values = try source.values(
                element: element, periods: Array(slot.keys), within: audit.aggregator.scope)
            for i in 0..<values.count {
                guard let k = slot[Int(values.period[i])] else { continue }
                has[Int(values.orgUnit[i]) * n + k] = true
            }
            // A period has data at a unit when it has data anywhere in the unit's subtree.
            for u in stride(from: tree.count - 1, through: 0, by: -1) where tree.parent[u] >= 0 {
                let parent = Int(tree.parent[u])
                for k in 0..<n where has[u * n + k] { has[parent * n + k] = true }
            }
            result.present.append((0..<tree.count).map { u in (0..<n).count(where: { has[u * n + $0] }) })
            result.expected.append(n)
        }
        return result
    }
}

extension ConsistencyCheck.Payload {
    public var distance: Double { abs(1 - relative) }

    public var scoring: ScoreMark? { nil }

    public var sentence: Sentence {
        let name = Word.element(element)
        let own = Word.decimal(unitRatio, places: 2)
        let other = Word.decimal(comparisonRatio, places: 2)
        let off = Word.percent(abs(relative - 1), places: 0)
        let predicted = expected.map { expected in
            Sentence(zh: "（按此应约为\(.count(expected))）", en: " (about \(.count(expected)) expected)")
        }
        return Sentence(
            zh:
                "\(.unit)\(.period)\(name)为往年同期均值的\(own)倍，\(.orgUnit(comparedWith))为\(other)倍，变化偏离\(off)%\(predicted)。",
            en:
                "\(.unit)'s \(name) in \(.period) are \(own) times the mean of the same period in the previous years, against \(other) for \(.orgUnit(comparedWith)): a change \(off)% out of line\(predicted)."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: unitRatio, expected: comparisonRatio, low: 1 - band, high: 1 + band,
            score: relative)
    }
}
