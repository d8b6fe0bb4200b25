/// One total per org unit, in columns: what a store that aggregates sends back instead of the values.
///
/// Each index `i` is one unit, `orgUnit[i]`, with its total `total[i]`. A unit without a value is absent, never 0:
/// missing is not zero. As with ``ValueColumns``, a store gives its own org-unit ids and the engine expects tree
/// indices.
public struct UnitTotals: Sendable, Equatable {
    /// The org unit of each total.
    public var orgUnit: [Int32] = []
    /// The total.
    public var total: [Double] = []

    /// No totals.
    public init() {}

    /// Totals with room for `capacity` units.
    public init(capacity: Int) {
        orgUnit.reserveCapacity(capacity)
        total.reserveCapacity(capacity)
    }

    /// The number of units.
    public var count: Int { total.count }

    /// Appends one unit's total.
    public mutating func append(orgUnit unit: Int32, total value: Double) {
        orgUnit.append(unit)
        total.append(value)
    }
}

/// A stored period as it counts for an `average` element over a query period.
///
/// For each org unit and combo only the stored periods of the most specific type present count (the lowest
/// `rank`: a monthly figure wins over the yearly one); each counts with a weight of its days inside the query
/// period.
public struct WeightedPeriod: Sendable, Equatable {
    /// The stored period: an index into the engine's stored periods, or a store's period id.
    public var period: Int32
    /// The rank of the period's type, lower for a more specific type (daily 0, weekly 1, monthly 2, …).
    public var rank: Int32
    /// The days the stored period shares with the query period (1 or more).
    public var days: Int32

    /// A weighted period.
    public init(period: Int32, rank: Int32, days: Int32) {
        self.period = period
        self.rank = rank
        self.days = days
    }
}

/// A stored period as it competes for a `last`, `last_in_period` or `first` element over a query period: for each
/// org unit and combo the value of the period with the highest `priority` is taken.
///
/// The engine gives the priorities (a later end first for `last`, an earlier start for `first`, the more
/// specific type on a tie), so that every source picks the same value.
public struct PrioritizedPeriod: Sendable, Equatable {
    /// The stored period: an index into the engine's stored periods, or a store's period id.
    public var period: Int32
    /// Higher wins; no two periods of one request share a priority.
    public var priority: Int64

    /// A prioritized period.
    public init(period: Int32, priority: Int64) {
        self.period = period
        self.priority = priority
    }
}

/// Each org unit's own statistics of an element's values, in columns: what a store that aggregates sends back for a
/// `min`, `max`, `count`, `stddev` or `variance` element.
///
/// For unit `orgUnit[i]`: its number of values `count[i]` (1 or more), their sum `sum[i]` added in the order of
/// period and then combo, the smallest `minimum[i]` and largest `maximum[i]`, and `squares[i]`, the sum (in the same
/// order) of each value's squared distance from the unit's own mean `sum[i] ÷ count[i]`, computed as `d × d`. The
/// engine combines these up the tree itself (Chan's pairwise formula), so a store computing them as here gives the
/// engine's figures to the last bit. Units without a value are absent.
public struct UnitMoments: Sendable, Equatable {
    /// The org unit of each row.
    public var orgUnit: [Int32] = []
    /// The number of values.
    public var count: [Int] = []
    /// Their sum.
    public var sum: [Double] = []
    /// The smallest value.
    public var minimum: [Double] = []
    /// The largest value.
    public var maximum: [Double] = []
    /// Σ (value − mean)², the mean being `sum ÷ count`.
    public var squares: [Double] = []

    /// No rows.
    public init() {}

    /// The number of units.
    public var units: Int { orgUnit.count }

    /// Appends one unit's statistics.
    public mutating func append(
        orgUnit unit: Int32, count n: Int, sum total: Double, minimum low: Double, maximum high: Double,
        squares m2: Double
    ) {
        orgUnit.append(unit)
        count.append(n)
        sum.append(total)
        minimum.append(low)
        maximum.append(high)
        squares.append(m2)
    }
}
