public import TallyCore

/// Which units a query lists.
public enum Scope: Hashable, Sendable {
    /// The org unit alone.
    case unit
    /// The org unit's direct children.
    case children
    /// Every unit of a level inside the org unit's subtree.
    case level(Int)
    /// The units named (tree indices, in the order given): a chosen list, which the caller has checked lies inside
    /// the org unit's subtree.
    case list([Int])
}

/// Which period a query compares with.
public enum Comparison: String, Hashable, Sendable, CaseIterable {
    /// The period just before (a range shifts by its own length).
    case previous
    /// The same period of the previous year (同期).
    case lastYear = "last-year"

    /// The comparison period of `period`.
    public func period(for period: Period) -> Period {
        switch self {
        case .previous: period.previous
        case .lastYear: period.sameLastYear
        }
    }
}

/// A question for the engine: a subject, over a period, for some units.
public struct Query: Sendable {
    /// What to measure.
    public var subject: Subject
    /// Over which period.
    public var period: Period
    /// The org unit (tree index).
    public var orgUnit: Int
    /// Which units to list.
    public var scope: Scope
    /// The period to compare with, if any.
    public var comparison: Comparison?

    /// A query.
    public init(subject: Subject, period: Period, orgUnit: Int, scope: Scope = .unit, comparison: Comparison? = nil) {
        self.subject = subject
        self.period = period
        self.orgUnit = orgUnit
        self.scope = scope
        self.comparison = comparison
    }
}

/// One row of a query's answer.
public struct QueryRow: Equatable, Sendable {
    /// The unit (tree index).
    public var unit: Int
    /// The period.
    public var period: Period
    /// The figure.
    public var figure: Figure
    /// The rank among the listed units (1 = highest; ties share a rank); `nil` for one unit or no value.
    public var rank: Int?
    /// The comparison, when asked for.
    public var comparison: ComparisonFigure?

    /// A row.
    public init(unit: Int, period: Period, figure: Figure, rank: Int? = nil, comparison: ComparisonFigure? = nil) {
        self.unit = unit
        self.period = period
        self.figure = figure
        self.rank = rank
        self.comparison = comparison
    }
}

/// A figure compared with another period.
public struct ComparisonFigure: Equatable, Sendable {
    /// The comparison period.
    public var period: Period
    /// The figure in that period.
    public var figure: Figure
    /// This period's value minus that period's; for a rate, the change in points of its unit.
    public var change: Double?
    /// The change relative to that period's value (0.05 = 5%); `nil` when that value is missing or 0.
    public var relativeChange: Double?

    /// A comparison of `current` with `previous` over `period`.
    public init(period: Period, figure: Figure, current: Double?) {
        self.period = period
        self.figure = figure
        if let current, let before = figure.value {
            change = current - before
            relativeChange = before != 0 ? (current - before) / abs(before) : nil
        } else {
            change = nil
            relativeChange = nil
        }
    }
}

/// Answers queries.
public struct QueryEngine {
    /// The evaluator.
    public let evaluator: Evaluator

    /// A query engine over an evaluator.
    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
    }

    /// A query engine over metadata, a tree and a value source.
    public init(metadata: Metadata, tree: OrgUnitTree, source: any ValueSource) {
        evaluator = Evaluator(aggregator: Aggregator(metadata: metadata, tree: tree, source: source))
    }

    /// The tree.
    public var tree: OrgUnitTree { evaluator.aggregator.tree }

    /// This engine for the subtrees of `units` alone (``Aggregator/restricted(to:)``): for a page or report about
    /// one unit and what lies below it.
    public func restricted(to units: some Sequence<Int>) -> QueryEngine {
        QueryEngine(evaluator: evaluator.restricted(to: units))
    }

    /// The units a scope lists.
    public func units(_ scope: Scope, of unit: Int) -> [Int] {
        switch scope {
        case .unit: [unit]
        case .children: tree.children(unit)
        case .level(let level): tree.descendants(of: unit, atLevel: level)
        case .list(let units): units
        }
    }

    /// Answers a query: one row per listed unit, in tree order, ranked when there are several.
    ///
    /// Only the subtrees of the listed units are aggregated (``Evaluator/restricted(to:)``): the figures are those
    /// of the whole tree, and the cost follows the units listed, not the tree.
    public func run(_ query: Query) throws -> [QueryRow] {
        let units = units(query.scope, of: query.orgUnit)
        let evaluator = evaluator.restricted(to: units)
        let figures = try evaluator.figures(query.subject, period: query.period, of: units)
        var comparisonFigures: [Figure]?
        var comparisonPeriod: Period?
        if let comparison = query.comparison {
            let p = comparison.period(for: query.period)
            comparisonPeriod = p
            comparisonFigures = try evaluator.figures(query.subject, period: p, of: units)
        }
        let ranks =
            units.count > 1
            ? Ranking.competition(figures.map(\.value)) : Array(repeating: nil, count: units.count)
        return units.enumerated().map { i, u in
            var row = QueryRow(unit: u, period: query.period, figure: figures[i], rank: ranks[i], comparison: nil)
            if let comparisonFigures, let comparisonPeriod {
                row.comparison = ComparisonFigure(
                    period: comparisonPeriod, figure: comparisonFigures[i], current: figures[i].value)
            }
            return row
        }
    }
}
