internal import PostgresNIO
public import TallyCore
public import TallyStore

extension PostgresStore {
    /// One statement: the values with their people's names, in the order of the SQLite store (period, combo,
    /// org unit).
    public func storedValues(
        element: Int32, periods: [Int32], units: UnitRanges?
    ) throws -> [(
        key: ValueKey, value: StoredValue
    )] {
        let units = UnitFilter(units)
        return try pool.locked { connection in
            let rows = try connection.query(
                """
                SELECT v.period_id, v.combo_id, v.org_unit_id, v.value, a.name, v.created, v.updated, v.comment,
                    v.follow_up
                FROM data_value v LEFT JOIN actor a ON a.id = v.actor_id
                WHERE v.element_id = \(element) AND v.period_id = ANY(\(periods)::integer[])
                    AND v.\(unescaped: UnitFilter.everyCombo)
                    AND v.org_unit_id BETWEEN \(units.low) AND \(units.high)
                    AND (cardinality(\(units.ids)::integer[]) = 0 OR v.org_unit_id = ANY(\(units.ids)::integer[]))
                ORDER BY v.period_id, v.combo_id, v.org_unit_id
                """)
            var out: [(key: ValueKey, value: StoredValue)] = []
            for row in rows {
                let (period, combo, unit, value, storedBy, created, updated, comment, followUp) = try row.decode(
                    (Int32, Int32, Int32, Double, String?, Int64, Int64, String?, Bool).self)
                out.append(
                    (
                        ValueKey(element: element, period: period, orgUnit: unit, combo: combo),
                        StoredValue(
                            value: value, storedBy: storedBy, created: created, updated: updated, comment: comment,
                            followUp: followUp)
                    ))
            }
            return out
        }
    }
}
