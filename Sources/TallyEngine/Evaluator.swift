public import TallyCore

/// Computes element totals and indicators for every unit of the tree over one period.
public struct Evaluator {
    /// The aggregator that supplies element totals.
    public let aggregator: Aggregator

    /// An evaluator over an aggregator.
    public init(aggregator: Aggregator) {
        self.aggregator = aggregator
    }

    /// This evaluator for the subtrees of `units` alone (``Aggregator/restricted(to:)``).
    public func restricted(to units: some Sequence<Int>) -> Evaluator {
        Evaluator(aggregator: aggregator.restricted(to: units))
    }

    /// The figure of `subject` for every unit (by tree index) over `period`; no value for a unit outside the
    /// aggregator's scope.
    ///
    /// An indicator is `numerator ÷ denominator × factor` on the aggregated numerator and denominator
    /// (a ratio of sums), times `days in the year ÷ days in the period` when annualized; a zero or
    /// missing denominator gives no value.
    public func figures(_ subject: Subject, period: Period) throws -> [Figure] {
        let scoped = try figuresInScope(subject, period: period)
        let scope = aggregator.scope
        if scope.count == aggregator.tree.count { return scoped }
        var all = [Figure](repeating: Figure(value: nil), count: aggregator.tree.count)
        all.replaceSubrange(scope, with: scoped)
        return all
    }

    /// The figures of `subject` over `period` for `units` (tree indices inside the aggregator's scope), in their
    /// order.
    public func figures(_ subject: Subject, period: Period, of units: [Int]) throws -> [Figure] {
        let scope = aggregator.scope
        let positions = units.map { scope.contains($0) ? $0 - scope.lowerBound : -1 }
        // The totals are added up over the whole scope; an indicator's ratio is taken at the listed units alone.
        let scoped = try figuresInScope(subject, period: period, at: positions.filter { $0 >= 0 })
        var next = scoped.makeIterator()
        return positions.map { $0 >= 0 ? next.next()! : Figure(value: nil) }
    }

    /// The figures of `subject` over `period` for the units of the aggregator's scope, by position in it.
    ///
    /// - Parameter positions: the positions in the scope whose figures are wanted, in the order wanted; `nil` for
    ///   every position in order.
    func figuresInScope(_ subject: Subject, period: Period, at positions: [Int]? = nil) throws -> [Figure] {
        let positions = positions ?? Array(0..<aggregator.scope.count)
        switch subject {
        case .element(let reference):
            let totals = try aggregator.totalsInScope(reference, period: period)
            return positions.map { Figure(value: totals[$0]) }
        case .indicator(let code):
            guard let indicator = aggregator.metadata.indicator(code) else {
                return Array(repeating: Figure(value: nil), count: positions.count)
            }
            var cache: [ElementReference: [Double?]] = [:]
            for reference in indicator.numerator.references + indicator.denominator.references
            where cache[reference] == nil {
                cache[reference] = try aggregator.totalsInScope(reference, period: period)
            }
            let scale = indicator.factor * (indicator.annualized ? Self.annualization(period) : 1)
            return positions.map { u in
                let numerator = indicator.numerator.evaluate { cache[$0]?[u] ?? nil }
                let denominator = indicator.denominator.evaluate { cache[$0]?[u] ?? nil }
                guard let numerator, let denominator, denominator != 0 else {
                    return Figure(value: nil, numerator: numerator, denominator: denominator)
                }
                let value = numerator / denominator * scale
                return Figure(value: value.isFinite ? value : nil, numerator: numerator, denominator: denominator)
            }
        }
    }

    /// Days in the year that starts on the period's first day, divided by the days in the period.
    public static func annualization(_ period: Period) -> Double {
        let yearDays = period.start.adding(years: 1) - period.start
        return Double(yearDays) / Double(period.days)
    }
}
