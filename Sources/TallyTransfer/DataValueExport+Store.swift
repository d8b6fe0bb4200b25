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
            func add(
                _ key: ValueKey, _ datum: ExportedDatum, _ by: String?, _ updated: Int64, _ comment: String?,
                _ followUp: Bool
            ) {
                guard let unit = unitCodes[key.orgUnit], let period = periodIDs[key.period] else { return }
                let value = ExportedValue(
                    element: code, period: period, orgUnit: unit.code, combo: comboCodes[key.combo] ?? "",
                    datum: datum, storedBy: by, lastUpdated: updated, comment: comment, followUp: followUp)
                result.append((value, unit.order, elementOrder[code] ?? 0))
            }
            // A text element's values are in the text store; a numeric element's in the blocks.
            if metadata.element(code)?.valueType.isText == true {
                for (key, t) in try store.storedTexts(element: elementID, periods: Array(periodIDs.keys)) {
                    add(key, .text(t.text), t.storedBy, t.updated, t.comment, t.followUp)
                }
            } else {
                for (key, v) in try store.storedValues(
                    element: elementID, periods: Array(periodIDs.keys), units: UnitRanges(ids: Array(unitCodes.keys)))
                {
                    add(key, .number(v.value), v.storedBy, v.updated, v.comment, v.followUp)
                }
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
