public import TallyCore
public import TallyEngine
public import TallyStore

/// Feeds the engine from a store, translating store ids to tree, period and combo indices.
public struct StoreValueSource: ValueSource, Sendable {
    let store: any Store
    let metadata: Metadata
    let catalog: StoreCatalog
    public let storedPeriods: [Period]
    let periodStoreIDs: [Int32]
    /// Engine period index by store period id (-1 where none).
    let periodIndex: [Int32]
    let unitIndex: [Int32]
    /// The store id of each tree index (-1 for a unit the store does not know).
    let unitStoreIDs: [Int32]
    /// Per element, the engine combo index by store combo id (-1 where the element has no such combo).
    let comboIndex: [String: [Int32]]

    /// A source over `store` for `tree`.
    public init(store: any Store, metadata: Metadata, tree: OrgUnitTree, catalog: StoreCatalog) {
        self.store = store
        self.metadata = metadata
        self.catalog = catalog
        let periods = catalog.periods.sorted { $0.value < $1.value }
        storedPeriods = periods.map(\.value)
        periodStoreIDs = periods.map(\.key)
        var byPeriod = [Int32](repeating: -1, count: Int(periods.map(\.key).max() ?? 0) + 1)
        for (i, p) in periods.enumerated() { byPeriod[Int(p.key)] = Int32(i) }
        periodIndex = byPeriod
        let storeIDs = catalog.orgUnits.ids(of: tree)
        var units = [Int32](repeating: -1, count: Int(storeIDs.max() ?? 0) + 1)
        for (i, id) in storeIDs.enumerated() where id >= 0 { units[Int(id)] = Int32(i) }
        unitIndex = units
        unitStoreIDs = storeIDs
        var combos: [String: [Int32]] = [:]
        let comboCount = Int(catalog.combos.values.max() ?? 0) + 1
        for element in metadata.elements {
            var map = [Int32](repeating: -1, count: comboCount)
            for (i, combo) in metadata.combos(of: element).enumerated() {
                if let id = catalog.combos[combo.code] { map[Int(id)] = Int32(i) }
            }
            combos[element.code] = map
        }
        comboIndex = combos
    }

    public func values(element: String, periods: [Int]) throws -> ValueColumns {
        guard let id = catalog.elements[element], let combos = comboIndex[element] else { return ValueColumns() }
        let raw = try store.values(element: id, periods: periods.map { periodStoreIDs[$0] })
        return translate(raw, combos: combos)
    }

    public func values(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        guard let id = catalog.elements[element], let combos = comboIndex[element] else { return ValueColumns() }
        let raw = try store.values(element: id, periods: periods.map { periodStoreIDs[$0] }, units: units(scope))
        return translate(raw, combos: combos)
    }

    public func createdTimes(element: String, periods: [Int], within scope: Range<Int>) throws -> ValueColumns {
        guard let id = catalog.elements[element], let combos = comboIndex[element] else { return ValueColumns() }
        let raw = try store.createdTimes(
            element: id, periods: periods.map { periodStoreIDs[$0] }, units: units(scope))
        return translate(raw, combos: combos)
    }

    /// The store ids of the units in `scope` (tree indices), or `nil` when it is the whole tree.
    func units(_ scope: Range<Int>) -> UnitRanges? {
        guard scope.count < unitStoreIDs.count else { return nil }
        return UnitRanges(ids: unitStoreIDs[scope.clamped(to: unitStoreIDs.indices)].filter { $0 >= 0 })
    }

    public func createdTimes(element: String, periods: [Int]) throws -> ValueColumns {
        guard let id = catalog.elements[element], let combos = comboIndex[element] else { return ValueColumns() }
        let raw = try store.createdTimes(element: id, periods: periods.map { periodStoreIDs[$0] })
        return translate(raw, combos: combos)
    }

    /// Translates columns with store ids into engine indices, dropping values of unknown units or combos.
    public func translate(_ raw: ValueColumns, element: String) -> ValueColumns {
        translate(raw, combos: comboIndex[element] ?? [])
    }

    private func translate(_ raw: ValueColumns, combos: [Int32]) -> ValueColumns {
        var out = ValueColumns(capacity: raw.count)
        for i in 0..<raw.count {
            let id = Int(raw.orgUnit[i])
            let p = Int(raw.period[i])
            let c = Int(raw.combo[i])
            guard id >= 0, id < unitIndex.count, p >= 0, p < periodIndex.count, c >= 0, c < combos.count else {
                continue
            }
            let u = unitIndex[id]
            let period = periodIndex[p]
            let combo = combos[c]
            guard u >= 0, period >= 0, combo >= 0 else { continue }
            out.append(orgUnit: u, period: period, combo: combo, value: raw.value[i])
        }
        return out
    }
}
