public import TallyCore

/// Rolls stored values up the org-unit tree and over periods.
///
/// Rules:
/// - `sum` elements add every stored value whose period starts inside the query period and ends
///   inside it; a value of a week-based type (the weeks of every start day, the bi-weeks), which straddles
///   months and years, counts in the period that contains its first day.
/// - `average` elements take, for each org unit and combo, the day-weighted mean of the stored values
///   overlapping the query period, using the shortest stored period type present for that unit (a
///   yearly population applies to every month inside the year); the means are then summed over units.
/// - `last`, `last_in_period` and `first` elements take, for each org unit and combo, one value: the one of the
///   stored period that ends last (by the query period's end; for `last_in_period` inside the query period) or
///   starts first inside it (`first`), the more specific type on a tie; the values are then summed over units.
/// - A unit's total is the sum over its whole subtree. A unit with no value anywhere in its subtree
///   has no total (`nil`): missing is not zero.
///
/// When the source is an ``AggregatingValueSource`` (PostgreSQL), the aggregator decides the periods, weights and
/// combos as here and asks the source for each unit's own total instead of the values; the roll-up up the tree is
/// the same either way.
public struct Aggregator {
    /// The metadata.
    public let metadata: Metadata
    /// The org-unit tree.
    public let tree: OrgUnitTree
    /// Where values come from.
    public let source: any ValueSource

    /// An aggregator over a source.
    public init(metadata: Metadata, tree: OrgUnitTree, source: any ValueSource) {
        self.metadata = metadata
        self.tree = tree
        self.source = source
    }

    /// The total of a reference (an element or element.options) for every unit of the tree, by tree index.
    public func totals(_ reference: ElementReference, period: Period) throws -> [Double?] {
        guard let element = metadata.element(reference.element) else { return Array(repeating: nil, count: tree.count) }
        let combos = metadata.combos(of: element)
        let comboMatches = combos.map { $0.matches(reference.options) }
        let stored = source.storedPeriods
        let aggregating = source as? any AggregatingValueSource
        switch element.aggregation {
        case .sum:
            let wanted = stored.indices.filter { Self.counts(stored[$0], in: period) }
            if let aggregating {
                return rollUp(
                    try aggregating.unitSums(
                        element: element.code, periods: wanted, combos: combos.indices.filter { comboMatches[$0] }))
            }
            let values = try source.values(element: element.code, periods: wanted)
            return sumUp(values, comboMatches: comboMatches)
        case .average:
            let wanted = stored.indices.filter { stored[$0].start <= period.end && stored[$0].end >= period.start }
            if let aggregating {
                let weighted = wanted.map {
                    WeightedPeriod(
                        period: Int32($0), rank: Int32(Self.typeRank(stored[$0].type)),
                        days: Int32(Self.overlap(stored[$0], period)))
                }
                return rollUp(
                    try aggregating.unitAverages(
                        element: element.code, periods: weighted, combos: combos.indices.filter { comboMatches[$0] }))
            }
            let values = try source.values(element: element.code, periods: wanted)
            return averageUp(values, comboMatches: comboMatches, stored: stored, period: period)
        case .last, .lastInPeriod, .first:
            let ranked = Self.prioritized(stored, for: element.aggregation, in: period)
            if let aggregating {
                return rollUp(
                    try aggregating.unitPicks(
                        element: element.code, periods: ranked, combos: combos.indices.filter { comboMatches[$0] }))
            }
            let values = try source.values(element: element.code, periods: ranked.map { Int($0.period) })
            return pickUp(values, comboMatches: comboMatches, ranked: ranked, storedCount: stored.count)
        }
    }

    /// The stored periods that compete for a value of a `last`, `last_in_period` or `first` element over
    /// `period`, each with its priority: for `last` every period ending by the query's end, for `last_in_period`
    /// those counted in the query (``counts(_:in:)``), later ends first; for `first` those counted in the query,
    /// earlier starts first; on a tie the more specific type, then the earlier stored period.
    public static func prioritized(
        _ stored: [Period], for aggregation: AggregationType, in period: Period
    )
        -> [PrioritizedPeriod]
    {
        stored.indices.compactMap { i -> PrioritizedPeriod? in
            let p = stored[i]
            // Days first (2^28 apart), then the type's rank (2^20 apart), then the stored period's index.
            let tie = Int64(15 - typeRank(p.type)) << 20 + Int64(1_048_575 - min(i, 1_048_575))
            switch aggregation {
            case .last:
                guard p.end <= period.end else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: Int64(p.end.ordinal) << 28 + tie)
            case .lastInPeriod:
                guard counts(p, in: period) else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: Int64(p.end.ordinal) << 28 + tie)
            case .first:
                guard counts(p, in: period) else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: -(Int64(p.start.ordinal) << 28) + tie)
            case .sum, .average:
                return nil
            }
        }
    }

    /// For each unit and combo the value of the stored period of the highest priority, added over the combos in
    /// their order, then rolled up.
    private func pickUp(
        _ values: ValueColumns, comboMatches: [Bool], ranked: [PrioritizedPeriod], storedCount: Int
    )
        -> [Double?]
    {
        let n = tree.count
        let k = comboMatches.count
        var priority = [Int64?](repeating: nil, count: storedCount)
        for r in ranked { priority[Int(r.period)] = r.priority }
        var best = [Int64](repeating: .min, count: n * k)
        var picked = [Double](repeating: .nan, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i])
            let p = Int(values.period[i])
            guard c >= 0, c < k, comboMatches[c], u >= 0, u < n, p >= 0, p < storedCount, let rank = priority[p]
            else { continue }
            if rank > best[u * k + c] {
                best[u * k + c] = rank
                picked[u * k + c] = values.value[i]
            }
        }
        var acc = [Double](repeating: 0, count: n)
        var has = [Bool](repeating: false, count: n)
        for u in 0..<n {
            for c in 0..<k where best[u * k + c] != .min {
                acc[u] += picked[u * k + c]
                has[u] = true
            }
        }
        return rollUp(&acc, &has)
    }

    /// The days a stored period shares with the query period.
    static func overlap(_ stored: Period, _ query: Period) -> Int {
        min(stored.end, query.end) - max(stored.start, query.start) + 1
    }

    /// Whether a stored period's value of a `sum` element counts in the query period: the query holds all its
    /// days, or for a week-based type (``PeriodType/isWeekBased``) its first day.
    public static func counts(_ stored: Period, in query: Period) -> Bool {
        query.contains(stored.start) && (stored.end <= query.end || stored.type.isWeekBased)
    }

    private func sumUp(_ values: ValueColumns, comboMatches: [Bool]) -> [Double?] {
        let n = tree.count
        var acc = [Double](repeating: 0, count: n)
        var has = [Bool](repeating: false, count: n)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            guard c >= 0, c < comboMatches.count, comboMatches[c] else { continue }
            let u = Int(values.orgUnit[i])
            guard u >= 0, u < n else { continue }
            acc[u] += values.value[i]
            has[u] = true
        }
        return rollUp(&acc, &has)
    }

    private func averageUp(_ values: ValueColumns, comboMatches: [Bool], stored: [Period], period: Period) -> [Double?]
    {
        let n = tree.count
        let k = comboMatches.count
        let rank = stored.map { Self.typeRank($0.type) }
        var best = [Int](repeating: Int.max, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i])
            guard c >= 0, c < k, comboMatches[c], u >= 0, u < n else { continue }
            best[u * k + c] = min(best[u * k + c], rank[Int(values.period[i])])
        }
        var weighted = [Double](repeating: 0, count: n * k)
        var days = [Double](repeating: 0, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i])
            guard c >= 0, c < k, comboMatches[c], u >= 0, u < n else { continue }
            guard rank[Int(values.period[i])] == best[u * k + c] else { continue }
            let overlap = Double(Self.overlap(stored[Int(values.period[i])], period))
            weighted[u * k + c] += values.value[i] * overlap
            days[u * k + c] += overlap
        }
        var acc = [Double](repeating: 0, count: n)
        var has = [Bool](repeating: false, count: n)
        for u in 0..<n {
            for c in 0..<k where days[u * k + c] > 0 {
                acc[u] += weighted[u * k + c] / days[u * k + c]
                has[u] = true
            }
        }
        return rollUp(&acc, &has)
    }

    /// Rolls units' own totals from an aggregating source up the tree, as ``sumUp``, ``averageUp`` and ``pickUp`` do
    /// theirs.
    private func rollUp(_ totals: UnitTotals) -> [Double?] {
        let n = tree.count
        var acc = [Double](repeating: 0, count: n)
        var has = [Bool](repeating: false, count: n)
        for i in 0..<totals.count {
            let u = Int(totals.orgUnit[i])
            guard u >= 0, u < n else { continue }
            acc[u] += totals.total[i]
            has[u] = true
        }
        return rollUp(&acc, &has)
    }

    /// Adds every unit's own total into its ancestors, children before parents.
    private func rollUp(_ acc: inout [Double], _ has: inout [Bool]) -> [Double?] {
        for i in stride(from: tree.count - 1, through: 0, by: -1) {
            let p = Int(tree.parent[i])
            if p >= 0 && has[i] {
                acc[p] += acc[i]
                has[p] = true
            }
        }
        return (0..<tree.count).map { has[$0] ? acc[$0] : nil }
    }

    /// Orders period types from the most specific (daily) to the least; types of the same length share a rank.
    static func typeRank(_ type: PeriodType) -> Int {
        switch type {
        case .daily: 0
        case .weekly, .weeklyWednesday, .weeklyThursday, .weeklyFriday, .weeklySaturday, .weeklySunday: 1
        case .biWeekly: 2
        case .monthly: 3
        case .biMonthly: 4
        case .quarterly, .quarterlyNov: 5
        case .sixMonthly, .sixMonthlyApril, .sixMonthlyNov: 6
        case .yearly, .financialFeb, .financialApril, .financialJuly, .financialAug, .financialSep, .financialOct,
            .financialNov:
            7
        }
    }
}
