public import TallyCore
public import TallyEngine
public import TallyStore

/// Feeds the engine from a store that aggregates (PostgreSQL): the aggregator's requests for unit totals go to
/// the store with store ids, and its totals come back as tree indices; everything else reads values as
/// ``StoreValueSource`` does.
public struct AggregatingStoreValueSource: AggregatingValueSource {
    /// The source that translates ids and reads values.
    public let base: StoreValueSource
    let store: any AggregatingStore

    /// A source over a store that aggregates, translating ids as `base` does.
    public init(base: StoreValueSource, store: any AggregatingStore) {
        self.base = base
        self.store = store
    }

    public var storedPeriods: [Period] { base.storedPeriods }

    public func values(element: String, periods: [Int]) throws -> ValueColumns {
        try base.values(element: element, periods: periods)
    }

    public func createdTimes(element: String, periods: [Int]) throws -> ValueColumns {
        try base.createdTimes(element: element, periods: periods)
    }

    public func values(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        try base.values(element: element, periods: periods, within: scope)
    }

    public func createdTimes(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        try base.createdTimes(element: element, periods: periods, within: scope)
    }

    public func unitSums(element: String, periods: [Int], combos: [Int], within scope: Range<Int>) throws -> UnitTotals
    {
        guard let id = base.catalog.elements[element] else { return UnitTotals() }
        let totals = try store.unitSums(
            element: id, periods: periods.map { base.periodStoreIDs[$0] },
            combos: comboIDs(element: element, combos: combos), units: base.units(scope))
        return translate(totals)
    }

    public func unitAverages(
        element: String, periods: [WeightedPeriod], combos: [Int], within scope: Range<Int>
    ) throws -> UnitTotals {
        guard let id = base.catalog.elements[element] else { return UnitTotals() }
        let totals = try store.unitAverages(
            element: id, periods: storePeriods(periods, \.period), combos: comboIDs(element: element, combos: combos),
            units: base.units(scope))
        return translate(totals)
    }

    public func unitPicks(
        element: String, periods: [PrioritizedPeriod], combos: [Int], within scope: Range<Int>
    ) throws -> UnitTotals {
        guard let id = base.catalog.elements[element] else { return UnitTotals() }
        let totals = try store.unitPicks(
            element: id, periods: storePeriods(periods, \.period), combos: comboIDs(element: element, combos: combos),
            units: base.units(scope))
        return translate(totals)
    }

    public func unitMoments(
        element: String, periods: [Int], combos: [Int], within scope: Range<Int>
    ) throws -> UnitMoments {
        guard let id = base.catalog.elements[element] else { return UnitMoments() }
        let raw = try store.unitMoments(
            element: id, periods: periods.map { base.periodStoreIDs[$0] },
            combos: comboIDs(element: element, combos: combos), units: base.units(scope))
        var out = UnitMoments()
        for i in 0..<raw.units {
            guard let unit = treeIndex(raw.orgUnit[i]) else { continue }
            out.append(
                orgUnit: unit, count: raw.count[i], sum: raw.sum[i], minimum: raw.minimum[i],
                maximum: raw.maximum[i], squares: raw.squares[i])
        }
        return out
    }

    /// `periods` with the engine's period index at `period` replaced by the store's period id.
    private func storePeriods<P>(_ periods: [P], _ period: WritableKeyPath<P, Int32>) -> [P] {
        var stored = periods
        for i in stored.indices { stored[i][keyPath: period] = base.periodStoreIDs[Int(stored[i][keyPath: period])] }
        return stored
    }

    /// The store ids of an element's combos given by engine index, in that order (combos without an id dropped).
    private func comboIDs(element: String, combos: [Int]) -> [Int32] {
        guard let known = base.metadata.element(element) else { return [] }
        let all = base.metadata.combos(of: known)
        return combos.compactMap { $0 < all.count ? base.catalog.combos[all[$0].code] : nil }
    }

    /// Store org-unit ids → tree indices, dropping units outside the tree.
    private func translate(_ raw: UnitTotals) -> UnitTotals {
        var out = UnitTotals(capacity: raw.count)
        for i in 0..<raw.count {
            guard let unit = treeIndex(raw.orgUnit[i]) else { continue }
            out.append(orgUnit: unit, total: raw.total[i])
        }
        return out
    }

    /// The tree index of a store org-unit id, or nil for a unit outside the tree.
    private func treeIndex(_ id: Int32) -> Int32? {
        let id = Int(id)
        guard id >= 0, id < base.unitIndex.count, base.unitIndex[id] >= 0 else { return nil }
        return base.unitIndex[id]
    }
}
