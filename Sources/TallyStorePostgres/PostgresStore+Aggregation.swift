internal import PostgresNIO

extension PostgresStore {
    /// The sum of an element's values over each org unit's whole subtree, computed inside PostgreSQL.
    ///
    /// This is the engine's roll-up of a `sum` element (births) for stored periods — the values of every given
    /// period and combo, added for each unit and then into every ancestor — done by the server, so that a large tree
    /// is rolled up without its values crossing the network. A recursive query climbs from each unit that has values
    /// to the root, carrying the unit's total. Units whose subtree holds no value are absent: missing is not zero.
    ///
    /// - Parameters:
    ///   - element: the element id.
    ///   - periods: the ids of the stored periods to add up (those inside the query period).
    ///   - combos: the combo ids to add up; `nil` for all (the element's total).
    /// - Returns: subtree sums by org-unit id.
    public func subtreeSums(element: Int32, periods: [Int32], combos: [Int32]? = nil) throws -> [Int32: Double] {
        try pool.locked { connection in
            var sums: [Int32: Double] = [:]
            let rows = try connection.query(
                """
                WITH RECURSIVE own AS (
                    SELECT org_unit_id AS unit, sum(value) AS total FROM data_value
                    WHERE element_id = \(element) AND period_id = ANY(\(periods)::integer[])
                        AND (\(combos)::integer[] IS NULL OR combo_id = ANY(\(combos)::integer[]))
                    GROUP BY org_unit_id
                ), up(unit, total) AS (
                    SELECT unit, total FROM own
                    UNION ALL
                    SELECT o.parent_id, up.total FROM up JOIN org_unit o ON o.id = up.unit WHERE o.parent_id IS NOT NULL
                )
                SELECT unit, sum(total) FROM up GROUP BY unit
                """)
            for row in rows {
                let (unit, total) = try row.decode((Int32, Double).self)
                sums[unit] = total
            }
            return sums
        }
    }
}
