public import TallyCore

/// Rolls stored values up the org-unit tree and over periods.
///
/// Rules (DHIS2's aggregation types, ``AggregationType``):
/// - `sum` elements add every stored value whose period starts inside the query period and ends
///   inside it; a value of a week-based type (the weeks of every start day, the bi-weeks), which straddles
///   months and years, counts in the period that contains its first day.
/// - `average_sum_org_unit` elements take, for each org unit and combo, the day-weighted mean of the stored values
///   overlapping the query period, using the shortest stored period type present for that unit (a
///   yearly population applies to every month inside the year); the means are then summed over units. `average`
///   elements take the same figure for each unit (its means added over the combos), then the mean of those figures
///   over the units of the subtree that have one.
/// - `last`, `last_in_period` and `first` elements take, for each org unit and combo, one value: the one of the
///   stored period that ends last (by the query period's end; for `last_in_period` inside the query period) or
///   starts first inside it (`first`), the more specific type on a tie; the values are then summed over units.
///   `last_average_org_unit`, `last_in_period_average_org_unit` and `first_average_org_unit` pick as `last`,
///   `last_in_period` and `first`, then average the units' figures as `average` does (DHIS2's `…_AVERAGE_ORG_UNIT`).
/// - `min`, `max`, `count`, `stddev` and `variance` elements are statistics of the stored values that count as for
///   `sum` (each unit, period and combo's value one observation) over the whole subtree; each unit's own count,
///   sum, extremes and squared deviations are combined up the tree with Chan's pairwise formula.
/// - `none` elements have a value only at the unit and the very period it was entered for, for one combo.
/// - A unit's total is the sum over its whole subtree. A unit with no value anywhere in its subtree
///   has no total (`nil`): missing is not zero.
///
/// Indicators (``Evaluator``) combine the aggregated figures of their operands, each aggregated by its own type, as
/// DHIS2 does: over a `sum` element a ratio of sums, over a `max` element the subtree's largest value — so an
/// indicator `max_wait ÷ visits` divides the longest wait anywhere in the subtree by all its visits, meaningful for
/// a single unit and rarely above it.
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
    /// The units whose totals are computed, a range of tree indices: the whole tree, or the subtrees a query lists
    /// (``restricted(to:)``). Every subtree inside it gets its exact total, computed with the same operations in the
    /// same order as over the whole tree; units outside it have none.
    public let scope: Range<Int>

    /// An aggregator over a source, for the whole tree.
    public init(metadata: Metadata, tree: OrgUnitTree, source: any ValueSource) {
        self.init(metadata: metadata, tree: tree, source: source, scope: 0..<tree.count)
    }

    private init(metadata: Metadata, tree: OrgUnitTree, source: any ValueSource, scope: Range<Int>) {
        self.metadata = metadata
        self.tree = tree
        self.source = source
        self.scope = scope
    }

    /// This aggregator for the subtrees of `units` alone (tree indices): its ``scope`` is the smallest range holding
    /// them, so a query of one county's towns reads and adds up the county's values, not the province's.
    public func restricted(to units: some Sequence<Int>) -> Aggregator {
        var low = Int.max
        var high = Int.min
        for u in units where tree.units.indices.contains(u) {
            low = min(low, u)
            high = max(high, u + Int(tree.subtreeSize[u]))
        }
        let range = low < high ? low..<high : scope.lowerBound..<scope.lowerBound
        return Aggregator(metadata: metadata, tree: tree, source: source, scope: range.clamped(to: scope))
    }

    /// The total of a reference (an element or element.options) for every unit of the tree, by tree index; `nil`
    /// for a unit outside ``scope``.
    public func totals(_ reference: ElementReference, period: Period) throws -> [Double?] {
        let scoped = try totalsInScope(reference, period: period)
        if scope.count == tree.count { return scoped }
        var all = [Double?](repeating: nil, count: tree.count)
        all.replaceSubrange(scope, with: scoped)
        return all
    }

    /// The total of a reference for the units of ``scope`` alone, by position in it (tree index minus the scope's
    /// first): what a query of a few units needs, without an array the size of the tree.
    public func totalsInScope(_ reference: ElementReference, period: Period) throws -> [Double?] {
        guard let element = metadata.element(reference.element) else {
            return Array(repeating: nil, count: scope.count)
        }
        let combos = metadata.combos(of: element)
        let comboMatches = combos.map { $0.matches(reference.options) }
        let chosen = combos.indices.filter { comboMatches[$0] }
        let stored = source.storedPeriods
        let aggregating = source as? any AggregatingValueSource
        switch element.aggregation {
        case .sum:
            let wanted = stored.indices.filter { Self.counts(stored[$0], in: period) }
            if let aggregating {
                return summed(
                    own(try aggregating.unitSums(element: element.code, periods: wanted, combos: chosen, within: scope))
                )
            }
            return summed(
                ownSums(
                    try source.values(element: element.code, periods: wanted, within: scope), comboMatches: comboMatches
                ))
        case .average, .averageSumOrgUnit:
            let wanted = stored.indices.filter { stored[$0].start <= period.end && stored[$0].end >= period.start }
            let own: Own
            if let aggregating {
                let weighted = wanted.map {
                    WeightedPeriod(
                        period: Int32($0), rank: Int32(Self.typeRank(stored[$0].type)),
                        days: Int32(Self.overlap(stored[$0], period)))
                }
                own = self.own(
                    try aggregating.unitAverages(
                        element: element.code, periods: weighted, combos: chosen, within: scope))
            } else {
                let values = try source.values(element: element.code, periods: wanted, within: scope)
                own = ownAverages(values, comboMatches: comboMatches, stored: stored, period: period)
            }
            return element.aggregation.averagesOverUnits ? averaged(own) : summed(own)
        case .last, .lastInPeriod, .first, .lastAverageOrgUnit, .lastInPeriodAverageOrgUnit, .firstAverageOrgUnit:
            let ranked = Self.prioritized(stored, for: element.aggregation, in: period)
            let own: Own
            if let aggregating {
                own = self.own(
                    try aggregating.unitPicks(element: element.code, periods: ranked, combos: chosen, within: scope))
            } else {
                let values = try source.values(
                    element: element.code, periods: ranked.map { Int($0.period) }, within: scope)
                own = ownPicks(values, comboMatches: comboMatches, ranked: ranked, storedCount: stored.count)
            }
            return element.aggregation.averagesOverUnits ? averaged(own) : summed(own)
        case .min, .max, .count, .stddev, .variance:
            let wanted = stored.indices.filter { Self.counts(stored[$0], in: period) }
            var moments: Moments
            if let aggregating {
                moments = Moments(
                    try aggregating.unitMoments(element: element.code, periods: wanted, combos: chosen, within: scope),
                    scope: scope)
            } else {
                let values = try source.values(element: element.code, periods: wanted, within: scope)
                moments = Moments(values, comboMatches: comboMatches, scope: scope)
            }
            return statistic(&moments, element.aggregation)
        case .none:
            guard chosen.count == 1 else { return Array(repeating: nil, count: scope.count) }
            let wanted = stored.indices.filter { stored[$0] == period }
            let own: Own
            if let aggregating {
                own = self.own(
                    try aggregating.unitSums(element: element.code, periods: wanted, combos: chosen, within: scope))
            } else {
                own = ownSums(
                    try source.values(element: element.code, periods: wanted, within: scope), comboMatches: comboMatches
                )
            }
            return figures { own.has[$0] ? own.acc[$0] : nil }
        }
    }

    /// The stored periods that compete for a value of a `last`, `last_in_period` or `first` element over
    /// `period`, each with its priority: for `last` (and `last_average_org_unit`) every period ending by the
    /// query's end, for `last_in_period` (and its average over units) those counted in the query
    /// (``counts(_:in:)``), later ends first; for `first` (and its average over units) those counted in the query,
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
            case .last, .lastAverageOrgUnit:
                guard p.end <= period.end else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: Int64(p.end.ordinal) << 28 + tie)
            case .lastInPeriod, .lastInPeriodAverageOrgUnit:
                guard counts(p, in: period) else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: Int64(p.end.ordinal) << 28 + tie)
            case .first, .firstAverageOrgUnit:
                guard counts(p, in: period) else { return nil }
                return PrioritizedPeriod(period: Int32(i), priority: -(Int64(p.start.ordinal) << 28) + tie)
            default:
                return nil
            }
        }
    }

    /// For each unit and combo the value of the stored period of the highest priority, added over the combos in
    /// their order: each unit's own figure.
    private func ownPicks(
        _ values: ValueColumns, comboMatches: [Bool], ranked: [PrioritizedPeriod], storedCount: Int
    )
        -> Own
    {
        let (base, n) = (scope.lowerBound, scope.count)
        let k = comboMatches.count
        var priority = [Int64?](repeating: nil, count: storedCount)
        for r in ranked { priority[Int(r.period)] = r.priority }
        var best = [Int64](repeating: .min, count: n * k)
        var picked = [Double](repeating: .nan, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i]) - base
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
        return Own(acc: acc, has: has)
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

    /// Each unit's own sum of its values of the chosen combos.
    private func ownSums(_ values: ValueColumns, comboMatches: [Bool]) -> Own {
        let (base, n) = (scope.lowerBound, scope.count)
        var acc = [Double](repeating: 0, count: n)
        var has = [Bool](repeating: false, count: n)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            guard c >= 0, c < comboMatches.count, comboMatches[c] else { continue }
            let u = Int(values.orgUnit[i]) - base
            guard u >= 0, u < n else { continue }
            acc[u] += values.value[i]
            has[u] = true
        }
        return Own(acc: acc, has: has)
    }

    /// Each unit's own day-weighted means, one per combo, added over the combos.
    private func ownAverages(_ values: ValueColumns, comboMatches: [Bool], stored: [Period], period: Period) -> Own {
        let (base, n) = (scope.lowerBound, scope.count)
        let k = comboMatches.count
        let rank = stored.map { Self.typeRank($0.type) }
        var best = [Int](repeating: Int.max, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i]) - base
            guard c >= 0, c < k, comboMatches[c], u >= 0, u < n else { continue }
            best[u * k + c] = min(best[u * k + c], rank[Int(values.period[i])])
        }
        var weighted = [Double](repeating: 0, count: n * k)
        var days = [Double](repeating: 0, count: n * k)
        for i in 0..<values.count {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i]) - base
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
        return Own(acc: acc, has: has)
    }

    /// Units' own figures from an aggregating source, by tree index, as ``ownSums``, ``ownAverages`` and ``ownPicks``
    /// give theirs.
    private func own(_ totals: UnitTotals) -> Own {
        let (base, n) = (scope.lowerBound, scope.count)
        var own = Own(acc: [Double](repeating: 0, count: n), has: [Bool](repeating: false, count: n))
        for i in 0..<totals.count {
            let u = Int(totals.orgUnit[i]) - base
            guard u >= 0, u < n else { continue }
            own.acc[u] += totals.total[i]
            own.has[u] = true
        }
        return own
    }

    /// Adds every unit's own figure into its ancestors, children before parents: summed over units.
    private func summed(_ own: Own) -> [Double?] {
        var (acc, has) = (own.acc, own.has)
        let base = scope.lowerBound
        for i in stride(from: scope.count - 1, through: 0, by: -1) {
            let p = Int(tree.parent[base + i]) - base
            if p >= 0 && has[i] {
                acc[p] += acc[i]
                has[p] = true
            }
        }
        return figures { has[$0] ? acc[$0] : nil }
    }

    /// The figures of the units of ``scope``, by position in it.
    private func figures(_ figure: (Int) -> Double?) -> [Double?] {
        (0..<scope.count).map(figure)
    }

    /// The mean of the own figures of the units of each subtree that have one: averaged over units. The sums and
    /// counts are rolled up children before parents, as ``summed(_:)`` does.
    private func averaged(_ own: Own) -> [Double?] {
        var acc = own.acc
        var units = own.has.map { $0 ? 1 : 0 }
        let base = scope.lowerBound
        for i in stride(from: scope.count - 1, through: 0, by: -1) {
            let p = Int(tree.parent[base + i]) - base
            if p >= 0 && units[i] > 0 {
                acc[p] += acc[i]
                units[p] += units[i]
            }
        }
        return figures { units[$0] > 0 ? acc[$0] / Double(units[$0]) : nil }
    }

    /// The statistic of a `min`, `max`, `count`, `stddev` or `variance` element for every subtree: each unit's own
    /// moments combined into its parent's, children before parents.
    private func statistic(_ m: inout Moments, _ kind: AggregationType) -> [Double?] {
        let base = scope.lowerBound
        for i in stride(from: scope.count - 1, through: 0, by: -1) {
            let p = Int(tree.parent[base + i]) - base
            if p >= 0 && m.count[i] > 0 { m.combine(i, into: p) }
        }
        return figures { u -> Double? in
            let n = m.count[u]
            guard n > 0 else { return nil }
            switch kind {
            case .min: return m.minimum[u]
            case .max: return m.maximum[u]
            case .count: return Double(n)
            case .variance: return n > 1 ? m.squares[u] / Double(n - 1) : nil
            case .stddev: return n > 1 ? (m.squares[u] / Double(n - 1)).squareRoot() : nil
            default: return nil
            }
        }
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

/// Each unit's own figure and whether it has one, by position in the aggregator's scope.
private struct Own {
    var acc: [Double]
    var has: [Bool]
}

/// Each unit's count, sum, extremes and squared deviations (``UnitMoments``) by position in the aggregator's scope
/// (tree index minus its first), combined up the tree.
struct Moments {
    var count: [Int]
    var sum: [Double]
    var minimum: [Double]
    var maximum: [Double]
    var squares: [Double]

    /// No values for `n` units.
    init(n: Int) {
        count = [Int](repeating: 0, count: n)
        sum = [Double](repeating: 0, count: n)
        minimum = [Double](repeating: .infinity, count: n)
        maximum = [Double](repeating: -.infinity, count: n)
        squares = [Double](repeating: 0, count: n)
    }

    /// Units' own moments from an aggregating source (tree indices), for the units of `scope`.
    init(_ rows: UnitMoments, scope: Range<Int>) {
        let n = scope.count
        self.init(n: n)
        for i in 0..<rows.units {
            let u = Int(rows.orgUnit[i]) - scope.lowerBound
            guard u >= 0, u < n else { continue }
            count[u] = rows.count[i]
            sum[u] = rows.sum[i]
            minimum[u] = rows.minimum[i]
            maximum[u] = rows.maximum[i]
            squares[u] = rows.squares[i]
        }
    }

    /// Units' own moments from their values of the chosen combos: the sum in the values' order (period, then
    /// combo), then the squared deviations from the unit's mean in the same order — as ``UnitMoments`` specifies.
    init(_ values: ValueColumns, comboMatches: [Bool], scope: Range<Int>) {
        let n = scope.count
        self.init(n: n)
        func unit(_ i: Int) -> Int? {
            let c = Int(values.combo[i])
            let u = Int(values.orgUnit[i]) - scope.lowerBound
            guard c >= 0, c < comboMatches.count, comboMatches[c], u >= 0, u < n else { return nil }
            return u
        }
        for i in 0..<values.count {
            guard let u = unit(i) else { continue }
            let v = values.value[i]
            count[u] += 1
            sum[u] += v
            minimum[u] = Swift.min(minimum[u], v)
            maximum[u] = Swift.max(maximum[u], v)
        }
        for i in 0..<values.count {
            guard let u = unit(i) else { continue }
            let d = values.value[i] - sum[u] / Double(count[u])
            squares[u] += d * d
        }
    }

    /// Combines unit `i`'s moments into unit `p`'s (Chan, Golub and LeVeque's pairwise update).
    mutating func combine(_ i: Int, into p: Int) {
        let a = count[p]
        let b = count[i]
        if a == 0 {
            count[p] = b
            sum[p] = sum[i]
            minimum[p] = minimum[i]
            maximum[p] = maximum[i]
            squares[p] = squares[i]
            return
        }
        let total = a + b
        let delta = sum[i] / Double(b) - sum[p] / Double(a)
        squares[p] += squares[i] + delta * delta * (Double(a) * Double(b) / Double(total))
        sum[p] += sum[i]
        count[p] = total
        minimum[p] = Swift.min(minimum[p], minimum[i])
        maximum[p] = Swift.max(maximum[p], maximum[i])
    }
}
