public import TallyCore

/// A store that can add up an element's values where they are kept, so that one total per org unit leaves it
/// instead of every value.
///
/// The engine asks such a store for each unit's own total over the query's periods and combos, then rolls the
/// totals up the tree itself (a few additions per unit). The totals must be exactly those the engine would compute
/// from ``Store/values(element:periods:)``: the same values, added in the same order — by period id, then combo
/// id — so the figures agree to the last bit even for fractional values. Each call names the org units whose
/// totals are wanted (`units`, store ids; `nil` for all): a store may return others too, and must return all of
/// these. ``PostgresStore`` implements it; the embedded SQLite store does not, as reading its blocks into the
/// engine is faster than any SQL.
public protocol AggregatingStore: Store {
    /// Each org unit's own sum of an element's values (a `sum` element such as births).
    ///
    /// - Parameters:
    ///   - element: the element id.
    ///   - periods: the ids of the stored periods that count in the query period.
    ///   - combos: the ids of the combos to add (all of the element's for its total, or those of the options asked).
    /// - Returns: per org-unit id that has a value, the sum of its values, added in the order of period id and
    ///   then combo id; units without a value are absent.
    func unitSums(element: Int32, periods: [Int32], combos: [Int32], units: UnitRanges?) throws -> UnitTotals

    /// Each org unit's day-weighted mean of an element's values per combo, added over the combos (an `average`
    /// element such as population).
    ///
    /// For each unit and combo only the periods of the lowest `rank` among those with a value count; the mean is
    /// the sum of value × days (in the order of period id) divided by the sum of days.
    ///
    /// - Parameters:
    ///   - element: the element id.
    ///   - periods: the stored periods overlapping the query period, by period id, with their ranks and days.
    ///   - combos: the ids of the combos to add, in the order their means are added (the metadata's order).
    /// - Returns: per org-unit id that has a value, the sum of its means; units without a value are absent.
    func unitAverages(
        element: Int32, periods: [WeightedPeriod], combos: [Int32], units: UnitRanges?
    ) throws -> UnitTotals

    /// Each org unit's picked value of an element per combo, added over the combos (a `last`, `last_in_period` or
    /// `first` element such as people on treatment): for each unit and combo the value of the period with the
    /// highest priority.
    ///
    /// - Parameters:
    ///   - element: the element id.
    ///   - periods: the competing stored periods, by period id, with their priorities (no two equal).
    ///   - combos: the ids of the combos to add, in the order their values are added (the metadata's order).
    /// - Returns: per org-unit id that has a value, the sum of its picked values; units without a value are absent.
    func unitPicks(
        element: Int32, periods: [PrioritizedPeriod], combos: [Int32], units: UnitRanges?
    ) throws -> UnitTotals

    /// Each org unit's own count, sum, extremes and squared deviations of an element's values (a `min`, `max`,
    /// `count`, `stddev` or `variance` element), as ``UnitMoments`` specifies: the sum added in the order of period
    /// id and then combo id, the squared deviations from the unit's mean `sum ÷ count` as `d × d`, added in the
    /// same order.
    ///
    /// - Parameters:
    ///   - element: the element id.
    ///   - periods: the ids of the stored periods that count in the query period.
    ///   - combos: the ids of the combos whose values count.
    /// - Returns: per org-unit id that has a value, its moments; units without a value are absent.
    func unitMoments(element: Int32, periods: [Int32], combos: [Int32], units: UnitRanges?) throws -> UnitMoments
}

extension AggregatingStore {
    /// Every org unit's own sum (``unitSums(element:periods:combos:units:)`` for all units).
    public func unitSums(element: Int32, periods: [Int32], combos: [Int32]) throws -> UnitTotals {
        try unitSums(element: element, periods: periods, combos: combos, units: nil)
    }

    /// Every org unit's means (``unitAverages(element:periods:combos:units:)`` for all units).
    public func unitAverages(element: Int32, periods: [WeightedPeriod], combos: [Int32]) throws -> UnitTotals {
        try unitAverages(element: element, periods: periods, combos: combos, units: nil)
    }

    /// Every org unit's picked values (``unitPicks(element:periods:combos:units:)`` for all units).
    public func unitPicks(element: Int32, periods: [PrioritizedPeriod], combos: [Int32]) throws -> UnitTotals {
        try unitPicks(element: element, periods: periods, combos: combos, units: nil)
    }

    /// Every org unit's moments (``unitMoments(element:periods:combos:units:)`` for all units).
    public func unitMoments(element: Int32, periods: [Int32], combos: [Int32]) throws -> UnitMoments {
        try unitMoments(element: element, periods: periods, combos: combos, units: nil)
    }
}
