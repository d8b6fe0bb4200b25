public import TallyCore
public import TallyInterchange
public import TallyStore
internal import TallyText

extension DataValueExport {
    /// The stored values of the subtree of `orgUnit` (a tree index), for stored periods inside any of
    /// `periods` (all when empty) and the given element codes (all when empty), in tree order, then period,
    /// element (metadata order) and combo.
    ///
    /// - Throws: ``ExportError`` for an unknown element code; store errors.
    public static func values(
        store: any Store, metadata: Metadata, tree: OrgUnitTree, catalog: StoreCatalog, orgUnit: Int,
        periods: [Period] = [], elements: [String] = []
    ) throws -> [ExportedValue] {
        for code in elements where metadata.element(code) == nil {
            throw ExportError(
                .unknownElement,
                Localized(
                    zh: "“\(code)”不是数据项；应为以下之一：\(metadata.elements.map(\.code).joined(separator: "、"))",
                    en:
                        "'\(code)' is not a data element; expected one of: \(metadata.elements.map(\.code).joined(separator: ", "))"
                ))
        }
        let codes = elements.isEmpty ? metadata.elements.map(\.code) : elements
        let elementOrder = Dictionary(uniqueKeysWithValues: metadata.elements.enumerated().map { ($1.code, $0) })
        let comboCodes = Dictionary(catalog.combos.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var unitCodes: [Int32: (code: String, order: Int)] = [:]
        for i in tree.subtree(orgUnit) {
            let code = tree.units[i].code
            if let id = catalog.orgUnits[code] { unitCodes[id] = (code, i) }
        }
        let periodIDs = catalog.periods.filter { _, p in
            p.count == 1 && (periods.isEmpty || periods.contains { $0.contains(p) })
        }
        var result: [(ExportedValue, Int, Int)] = []
        for code in codes {
            guard let elementID = catalog.elements[code] else { continue }
            for (key, stored) in try store.storedValues(
                element: elementID, periods: Array(periodIDs.keys), units: UnitRanges(ids: Array(unitCodes.keys)))
            {
                guard let unit = unitCodes[key.orgUnit], let period = periodIDs[key.period] else { continue }
                let value = ExportedValue(
                    element: code, period: period, orgUnit: unit.code, combo: comboCodes[key.combo] ?? "",
                    value: stored.value, storedBy: stored.storedBy, lastUpdated: stored.updated,
                    comment: stored.comment, followUp: stored.followUp)
                result.append((value, unit.order, elementOrder[code] ?? 0))
            }
        }
        result.sort { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.0.period != b.0.period { return a.0.period < b.0.period }
            if a.2 != b.2 { return a.2 < b.2 }
            return a.0.combo < b.0.combo
        }
        return result.map(\.0)
    }
}
