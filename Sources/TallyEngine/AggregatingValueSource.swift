public import TallyCore

/// A value source that adds up values where they are kept and hands the ``Aggregator`` one total per org unit.
///
/// The aggregator decides which periods count and with what weight, asks for each unit's own total, and rolls
/// the totals up the tree itself. A conforming source must return exactly what the aggregator would compute from
/// ``ValueSource/values(element:periods:)``: the same operations on the same values in the same order (by period
/// index, then combo index as the values come), so that either way gives the same figures to the last bit.
///
/// Each call names the org units whose totals are wanted, `scope`, a range of tree indices (the whole tree, or
/// the subtrees a query lists): a source may return totals of other units too, and must return every one of these.
/// Org units are tree indices, periods indices into ``ValueSource/storedPeriods``, combos indices into
/// `metadata.combos(of: element)`, as for ``ValueSource``.
public protocol AggregatingValueSource: ValueSource {
    /// Each unit's own sum of the values of a `sum` element for the given periods and combos.
    ///
    /// - Returns: per tree index with a value, the sum; units without a value are absent.
    func unitSums(element: String, periods: [Int], combos: [Int], within scope: Range<Int>) throws -> UnitTotals

    /// Each unit's day-weighted means of an `average` element, one per combo, added over the combos in the
    /// order given.
    ///
    /// For each unit and combo, only the periods of the lowest rank that have a value count, each weighted by
    /// its days: the mean is Σ value × days ÷ Σ days.
    ///
    /// - Parameters:
    ///   - periods: the stored periods (``WeightedPeriod/period`` an index into ``ValueSource/storedPeriods``).
    ///   - combos: the combo indices, in the order their means are added.
    /// - Returns: per tree index with a value, the sum of its means; units without a value are absent.
    func unitAverages(
        element: String, periods: [WeightedPeriod], combos: [Int], within scope: Range<Int>
    ) throws -> UnitTotals

    /// Each unit's picked values of a `last`, `last_in_period` or `first` element, one per combo, added over the
    /// combos in the order given: for each unit and combo the value of the period with the highest priority.
    ///
    /// - Parameters:
    ///   - periods: the competing stored periods (``PrioritizedPeriod/period`` an index into
    ///     ``ValueSource/storedPeriods``) with their priorities.
    ///   - combos: the combo indices, in the order their values are added.
    /// - Returns: per tree index with a value, the sum of its picked values; units without a value are absent.
    func unitPicks(
        element: String, periods: [PrioritizedPeriod], combos: [Int], within scope: Range<Int>
    ) throws -> UnitTotals

    /// Each unit's own count, sum, extremes and squared deviations of the values of a `min`, `max`, `count`,
    /// `stddev` or `variance` element for the given periods and combos, as ``UnitMoments`` specifies (sums in the
    /// order of period index, then combo index).
    ///
    /// - Returns: per tree index with a value, its moments; units without a value are absent.
    func unitMoments(element: String, periods: [Int], combos: [Int], within scope: Range<Int>) throws -> UnitMoments
}
