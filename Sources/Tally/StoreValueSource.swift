public import TallyCore
public import TallyEngine
public import TallyStore

/// Feeds the engine from a store, translating store ids to tree, period and combo indices.
public struct StoreValueSource: ValueSource {
    let store: any Store
    let metadata: Metadata
    let catalog: StoreCatalog
    public let storedPeriods: [Period]
    let periodStoreIDs: [Int32]
    let periodIndex: [Int32: Int32]
    let unitIndex: [Int32]
    let comboIndex: [String: [Int32: Int32]]

    /// A source over `store` for `tree`.
    public init(store: any Store, metadata: Metadata, tree: OrgUnitTree, catalog: StoreCatalog) {
        self.store = store
        self.metadata = metadata
        self.catalog = catalog
        let periods = catalog.periods.sorted { $0.value < $1.value }
        storedPeriods = periods.map(\.value)
        periodStoreIDs = periods.map(\.key)
        periodIndex = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1.key, Int32($0)) })
        let maxID = Int(catalog.orgUnits.values.max() ?? 0)
        var units = [Int32](repeating: -1, count: maxID + 1)
        for (code, id) in catalog.orgUnits {
            if let i = tree.index[code] { units[Int(id)] = Int32(i) }
        }
        unitIndex = units
        var combos: [String: [Int32: Int32]] = [:]
        for element in metadata.elements {
            var map: [Int32: Int32] = [:]
            for (i, combo) in metadata.combos(of: element).enumerated() {
                if let id = catalog.combos[combo.code] { map[id] = Int32(i) }
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

    /// Translates columns with store ids into engine indices, dropping values of unknown units or combos.
    public func translate(_ raw: ValueColumns, element: String) -> ValueColumns {
        translate(raw, combos: comboIndex[element] ?? [:])
    }

    private func translate(_ raw: ValueColumns, combos: [Int32: Int32]) -> ValueColumns {
        var out = ValueColumns(capacity: raw.count)
        let single = combos.count == 1 ? combos.first : nil
        for i in 0..<raw.count {
            let id = Int(raw.orgUnit[i])
            guard id >= 0, id < unitIndex.count else { continue }
            let u = unitIndex[id]
            guard u >= 0, let p = periodIndex[raw.period[i]] else { continue }
            let c: Int32
            if let single, single.key == raw.combo[i] {
                c = single.value
            } else if let mapped = combos[raw.combo[i]] {
                c = mapped
            } else {
                continue
            }
            out.append(orgUnit: u, period: p, combo: c, value: raw.value[i])
        }
        return out
    }
}
