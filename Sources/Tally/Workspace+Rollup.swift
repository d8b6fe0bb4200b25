public import TallyCore
public import TallyEngine
internal import TallyStore

extension Workspace {
    /// Every element (and each of its combos) rolled up for every org unit over every period of `types` that the
    /// stored data spans: one pass over every stored value (`tally rollup`).
    ///
    /// The span is that of the stored periods shorter than a year (a yearly population alone does not widen it),
    /// or of all stored periods when every one is a year or longer.
    public func rollup(types: [PeriodType]) throws -> Cube {
        let source = valueSource
        let stored = source.storedPeriods
        var periods: [Period] = []
        // The span of the shorter-than-yearly periods (a yearly population alone does not widen it).
        let spanning = stored.contains { !$0.type.isYearLong } ? stored.filter { !$0.type.isYearLong } : stored
        if let first = spanning.map(\.start).min(), let last = spanning.map(\.end).max() {
            for type in types {
                var p = Period.containing(first, type: type)
                while p.start <= last {
                    periods.append(p)
                    p = p.shifted(by: 1)
                }
            }
        }
        var builder = CubeBuilder(metadata: metadata, tree: tree, storedPeriods: stored, periods: periods)
        let codes = Dictionary(uniqueKeysWithValues: catalog.elements.map { ($1, $0) })
        try store.scanValues { elementID, raw in
            guard let code = codes[elementID] else { return }
            builder.add(element: code, values: source.translate(raw, element: code))
        }
        return builder.finish()
    }
}
