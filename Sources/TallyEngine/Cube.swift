public import TallyCore

/// Every element (and each of its combos) rolled up for every org unit over a list of periods.
///
/// Values are laid out as `values[(series × periods.count + period) × unitCount + unit]`, with `nan`
/// for missing (missing is not zero).
public struct Cube: Sendable {
    /// One series: an element's total (`combo` empty) or one of its combos.
    public struct Series: Hashable, Sendable {
        /// The element code.
        public var element: String
        /// The combo code; empty for the total over all combos.
        public var combo: String
    }

    /// The series in order.
    public internal(set) var series: [Series] = []
    /// The periods in order.
    public let periods: [Period]
    /// The number of org units (tree indices).
    public let unitCount: Int
    /// The values; `nan` marks a missing value.
    public internal(set) var values: [Double] = []

    /// The value of a series for a unit and period, or `nil` when missing.
    public func value(series s: Int, period p: Int, unit u: Int) -> Double? {
        let v = values[(s * periods.count + p) * unitCount + u]
        return v.isNaN ? nil : v
    }

    /// The number of cells that hold a value.
    public var filledCells: Int { values.count(where: { !$0.isNaN }) }

    /// The sum of every value held, added in the order of ``values`` (a checksum of a roll-up, as `tally rollup`
    /// prints it).
    public var total: Double {
        var total = 0.0
        for v in values where !v.isNaN { total += v }
        return total
    }
}

/// Builds a ``Cube`` from stored values delivered one element at a time (in any chunking).
///
/// `sum` elements are accumulated densely per combo, stored period and unit, then combined into each
/// target period and rolled up the tree; the elements of every other aggregation type go through ``Aggregator``'s
/// rules. The result equals what ``Aggregator/totals(_:period:)`` gives cell by cell.
public struct CubeBuilder {
    let metadata: Metadata
    let tree: OrgUnitTree
    let storedPeriods: [Period]
    /// For each target period, the stored periods whose `sum` values count in it.
    let members: [[Int]]
    var cube: Cube
    var current: String?
    var pending = ValueColumns()

    /// A builder for `periods`, over values whose period indices point into `storedPeriods`.
    public init(metadata: Metadata, tree: OrgUnitTree, storedPeriods: [Period], periods: [Period]) {
        self.metadata = metadata
        self.tree = tree
        self.storedPeriods = storedPeriods
        members = periods.map { q in storedPeriods.indices.filter { Aggregator.counts(storedPeriods[$0], in: q) } }
        cube = Cube(periods: periods, unitCount: tree.count)
    }

    /// Adds values of one element (engine indices). Values of one element may come in several calls, but
    /// all of an element's values must come before the next element's.
    public mutating func add(element: String, values: ValueColumns) {
        if current != element {
            flush()
            current = element
        }
        pending.orgUnit += values.orgUnit
        pending.period += values.period
        pending.combo += values.combo
        pending.value += values.value
    }

    /// The finished cube.
    public mutating func finish() -> Cube {
        flush()
        return cube
    }

    private mutating func flush() {
        defer {
            current = nil
            pending = ValueColumns()
        }
        guard let code = current, let element = metadata.element(code) else { return }
        let combos = metadata.combos(of: element)
        let series: [(String, [Bool])] =
            combos.count > 1
            ? [("", combos.map { _ in true })]
                + combos.enumerated().map { i, c in (c.code, combos.indices.map { $0 == i }) }
            : [("", [true])]
        switch element.aggregation {
        case .sum:
            let block = sumBlock(comboCount: combos.count)
            for (comboCode, selected) in series {
                cube.series.append(Cube.Series(element: code, combo: comboCode))
                for q in cube.periods.indices {
                    cube.values += rolled(block, selected: selected, members: members[q])
                }
            }
        default:
            let source = ColumnsSource(storedPeriods: storedPeriods, columns: pending)
            let aggregator = Aggregator(metadata: metadata, tree: tree, source: source)
            for (comboCode, _) in series {
                cube.series.append(Cube.Series(element: code, combo: comboCode))
                let reference = ElementReference(
                    element: code, options: comboCode.isEmpty ? [] : comboCode.split(separator: "_").map(String.init))
                for q in cube.periods {
                    let totals = (try? aggregator.totals(reference, period: q)) ?? []
                    cube.values += totals.map { $0 ?? .nan }
                }
            }
        }
    }

    /// Own values per (combo, stored period, unit), `nan` where none.
    private func sumBlock(comboCount: Int) -> [Double] {
        let n = tree.count
        let p = storedPeriods.count
        var block = [Double](repeating: .nan, count: comboCount * p * n)
        for i in 0..<pending.count {
            let c = Int(pending.combo[i])
            let u = Int(pending.orgUnit[i])
            guard c >= 0, c < comboCount, u >= 0, u < n else { continue }
            let k = (c * p + Int(pending.period[i])) * n + u
            let old = block[k]
            block[k] = old.isNaN ? pending.value[i] : old + pending.value[i]
        }
        return block
    }

    /// One target period of one series: own values summed over member periods and selected combos, then
    /// added up the tree (children before parents).
    private func rolled(_ block: [Double], selected: [Bool], members: [Int]) -> [Double] {
        let n = tree.count
        let p = storedPeriods.count
        var out = [Double](repeating: .nan, count: n)
        block.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in
                for (c, isSelected) in selected.enumerated() where isSelected {
                    for m in members {
                        let base = (c * p + m) * n
                        for u in 0..<n {
                            let v = b[base + u]
                            if !v.isNaN {
                                let old = o[u]
                                o[u] = old.isNaN ? v : old + v
                            }
                        }
                    }
                }
                let parent = tree.parent
                for u in stride(from: n - 1, through: 0, by: -1) {
                    let v = o[u]
                    let q = Int(parent[u])
                    if q >= 0 && !v.isNaN {
                        let old = o[q]
                        o[q] = old.isNaN ? v : old + v
                    }
                }
            }
        }
        return out
    }
}

/// Columns already in engine indices, as a value source.
struct ColumnsSource: ValueSource {
    let storedPeriods: [Period]
    let columns: ValueColumns

    func createdTimes(element: String, periods: [Int]) throws -> ValueColumns { ValueColumns() }

    func values(element: String, periods: [Int]) throws -> ValueColumns {
        let wanted = Set(periods.map(Int32.init))
        var out = ValueColumns()
        for i in 0..<columns.count where wanted.contains(columns.period[i]) {
            out.append(
                orgUnit: columns.orgUnit[i], period: columns.period[i], combo: columns.combo[i], value: columns.value[i]
            )
        }
        return out
    }
}
