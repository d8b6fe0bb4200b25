internal import PostgresNIO
public import TallyCore
public import TallyStore

extension PostgresStore: AggregatingStore {
    /// How many rows the server has sent to this store's connections since it was opened, a value sent in an array
    /// (``values(element:periods:units:)``) counted as a row.
    ///
    /// Shows how much crossed the network: a query aggregated in the server receives about one row per org unit
    /// with a value, where reading the values receives one per value.
    public var rowsReceived: Int { pool.received.value }

    /// Each org unit's own sum of an element's values, computed inside PostgreSQL.
    ///
    /// One `GROUP BY` over the primary key's leading columns; `sum(value ORDER BY period_id, combo_id)` adds a
    /// unit's values in the order ``values(element:periods:)`` returns them, which is the order the engine adds
    /// them in, so the total is the engine's to the last bit. (An ordered aggregate also keeps PostgreSQL from
    /// adding partial sums of parallel workers in another order.)
    public func unitSums(element: Int32, periods: [Int32], combos: [Int32], units: UnitRanges?) throws -> UnitTotals {
        let units = UnitFilter(units)
        return try unitTotals(
            """
            SELECT org_unit_id, sum(value ORDER BY period_id, combo_id) FROM data_value
            WHERE element_id = \(element) AND period_id = ANY(\(periods)::integer[])
                AND combo_id = ANY(\(combos)::integer[])
                AND org_unit_id BETWEEN \(units.low) AND \(units.high)
                AND (cardinality(\(units.ids)::integer[]) = 0 OR org_unit_id = ANY(\(units.ids)::integer[]))
            GROUP BY org_unit_id
            """)
    }

    /// Each org unit's day-weighted means of an element's values, one per combo, added over the combos, computed
    /// inside PostgreSQL.
    ///
    /// The periods come with their type's rank and their days inside the query period (as the engine decides
    /// them). For each unit and combo a window keeps the periods of the lowest rank with a value; the mean is
    /// `sum(value × days ORDER BY period_id) ÷ sum(days)`, and the means are added in the order of `combos`:
    /// the engine's operations in the engine's order.
    public func unitAverages(
        element: Int32, periods: [WeightedPeriod], combos: [Int32], units: UnitRanges?
    ) throws -> UnitTotals {
        let units = UnitFilter(units)
        return try unitTotals(
            """
            WITH p (period_id, rank, days) AS (
                SELECT * FROM unnest(\(periods.map(\.period))::integer[], \(periods.map(\.rank))::integer[],
                    \(periods.map(\.days))::integer[])
            ), c (combo_id, position) AS (
                SELECT * FROM unnest(\(combos)::integer[]) WITH ORDINALITY
            ), v AS (
                SELECT d.org_unit_id, d.combo_id, d.period_id, d.value, p.rank, p.days,
                    min(p.rank) OVER (PARTITION BY d.org_unit_id, d.combo_id) AS best
                FROM data_value d JOIN p ON p.period_id = d.period_id
                WHERE d.element_id = \(element) AND d.combo_id = ANY(\(combos)::integer[])
                    AND d.org_unit_id BETWEEN \(units.low) AND \(units.high)
                    AND (cardinality(\(units.ids)::integer[]) = 0 OR d.org_unit_id = ANY(\(units.ids)::integer[]))
            ), m AS (
                SELECT org_unit_id, combo_id,
                    sum(value * days::double precision ORDER BY period_id) / sum(days)::double precision AS mean
                FROM v WHERE rank = best
                GROUP BY org_unit_id, combo_id
            )
            SELECT m.org_unit_id, sum(m.mean ORDER BY c.position) FROM m JOIN c ON c.combo_id = m.combo_id
            GROUP BY m.org_unit_id
            """)
    }

    /// Each org unit's picked values of an element, one per combo, added over the combos, computed inside
    /// PostgreSQL: for each unit and combo the value of the period with the highest priority (the engine's
    /// choice), the values added in the order of `combos`.
    public func unitPicks(
        element: Int32, periods: [PrioritizedPeriod], combos: [Int32], units: UnitRanges?
    ) throws -> UnitTotals {
        let units = UnitFilter(units)
        return try unitTotals(
            """
            WITH p (period_id, priority) AS (
                SELECT * FROM unnest(\(periods.map(\.period))::integer[], \(periods.map(\.priority))::bigint[])
            ), c (combo_id, position) AS (
                SELECT * FROM unnest(\(combos)::integer[]) WITH ORDINALITY
            ), m AS (
                SELECT DISTINCT ON (d.org_unit_id, d.combo_id) d.org_unit_id, d.combo_id, d.value
                FROM data_value d JOIN p ON p.period_id = d.period_id
                WHERE d.element_id = \(element) AND d.combo_id = ANY(\(combos)::integer[])
                    AND d.org_unit_id BETWEEN \(units.low) AND \(units.high)
                    AND (cardinality(\(units.ids)::integer[]) = 0 OR d.org_unit_id = ANY(\(units.ids)::integer[]))
                ORDER BY d.org_unit_id, d.combo_id, p.priority DESC
            )
            SELECT m.org_unit_id, sum(m.value ORDER BY c.position) FROM m JOIN c ON c.combo_id = m.combo_id
            GROUP BY m.org_unit_id
            """)
    }

    /// Each org unit's own count, sum, extremes and squared deviations of an element's values, computed inside
    /// PostgreSQL: `sum(value ORDER BY period_id, combo_id)` as for ``unitSums(element:periods:combos:)``, then
    /// `sum((value − mean) × (value − mean) ORDER BY period_id, combo_id)` with the mean `sum ÷ count` — the
    /// engine's operations in the engine's order, which it then combines up the tree.
    public func unitMoments(element: Int32, periods: [Int32], combos: [Int32], units: UnitRanges?) throws -> UnitMoments
    {
        let units = UnitFilter(units)
        return try pool.locked { connection in
            let rows = try connection.query(
                """
                WITH v AS (
                    SELECT org_unit_id, period_id, combo_id, value FROM data_value
                    WHERE element_id = \(element) AND period_id = ANY(\(periods)::integer[])
                        AND combo_id = ANY(\(combos)::integer[])
                        AND org_unit_id BETWEEN \(units.low) AND \(units.high)
                        AND (cardinality(\(units.ids)::integer[]) = 0 OR org_unit_id = ANY(\(units.ids)::integer[]))
                ), s AS (
                    SELECT org_unit_id, count(*) AS n, sum(value ORDER BY period_id, combo_id) AS total,
                        min(value) AS lo, max(value) AS hi
                    FROM v GROUP BY org_unit_id
                )
                SELECT s.org_unit_id, s.n, s.total, s.lo, s.hi,
                    sum((v.value - s.total / s.n::double precision) * (v.value - s.total / s.n::double precision)
                        ORDER BY v.period_id, v.combo_id)
                FROM s JOIN v ON v.org_unit_id = s.org_unit_id
                GROUP BY s.org_unit_id, s.n, s.total, s.lo, s.hi
                """)
            var moments = UnitMoments()
            for row in rows {
                let (unit, n, total, lo, hi, squares) = try row.decode(
                    (Int32, Int64, Double, Double, Double, Double).self)
                moments.append(orgUnit: unit, count: Int(n), sum: total, minimum: lo, maximum: hi, squares: squares)
            }
            return moments
        }
    }

    private func unitTotals(_ query: PostgresQuery) throws -> UnitTotals {
        try pool.locked { connection in
            let rows = try connection.query(query)
            var totals = UnitTotals(capacity: rows.count)
            for row in rows {
                let (unit, total) = try row.decode((Int32, Double).self)
                totals.append(orgUnit: unit, total: total)
            }
            return totals
        }
    }
}

/// The org units a statement reads, as SQL parameters: ids between `low` and `high`, and among `ids` unless it is
/// empty. One range (a subtree numbered in depth-first order) is a range condition on the primary key's last
/// column; several ranges add the list of their ids. `nil` (every unit) is the whole range of ids.
struct UnitFilter {
    /// A condition naming every combo (those of the `combo` table and 0, no disaggregation) for a statement that
    /// reads every combo of a subtree's units: the primary key (element, period, combo, org unit) then bounds the
    /// units' range for each period and combo, instead of scanning every unit of the period between them.
    static let everyCombo = "combo_id = ANY(ARRAY(SELECT id FROM combo) || 0)"

    var low = Int32.min
    var high = Int32.max
    var ids: [Int32] = []

    init(_ units: UnitRanges?) {
        guard let units, let first = units.ranges.first, let last = units.ranges.last else { return }
        low = first.lowerBound
        high = last.upperBound
        if units.ranges.count > 1 { ids = units.ids }
    }
}
