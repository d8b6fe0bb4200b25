internal import PostgresNIO
public import TallyStore

extension PostgresStore {
    @discardableResult
    public func saveBoundaries(_ boundaries: [String: String]) throws -> Int {
        try pool.transaction { connection in
            let rows = try Self.boundaryRows(boundaries, ids: try Self.orgUnitIDs(connection))
            let units = rows.map(\.unit)
            let shapes = rows.map(\.shape)
            let had =
                try connection.query(
                    "SELECT count(*)::bigint FROM org_unit_boundary WHERE org_unit_id = ANY(\(units)::integer[])"
                ).first?.decode(Int64.self) ?? 0
            try connection.query(
                """
                INSERT INTO org_unit_boundary (org_unit_id, shape)
                SELECT u, s FROM unnest(\(units)::integer[], \(shapes)::text[]) AS x(u, s)
                ON CONFLICT (org_unit_id) DO UPDATE SET shape = excluded.shape
                """)
            return units.count - Int(had)
        }
    }

    public func boundaries(of codes: [String]) throws -> [String: String] {
        try pool.locked { connection in
            var result: [String: String] = [:]
            for row in try connection.query(
                """
                SELECT u.code, b.shape FROM org_unit_boundary b JOIN org_unit u ON u.id = b.org_unit_id
                WHERE u.code = ANY(\(codes)::text[])
                """)
            {
                let (code, shape) = try row.decode((String, String).self)
                result[code] = shape
            }
            return result
        }
    }

    public func boundaryCount() throws -> Int {
        try pool.locked { connection in
            Int(try connection.execute("SELECT count(*)::bigint FROM org_unit_boundary").first?.decode(Int64.self) ?? 0)
        }
    }
}
