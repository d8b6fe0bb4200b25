internal import GRDB
internal import TallyCore
public import TallyStore

extension SQLiteStore {
    @discardableResult
    public func saveBoundaries(_ boundaries: [String: String]) throws -> Int {
        try wrap {
            try queue.write { db in
                let ids = try Self.unitIDs(db)
                let rows = try Self.boundaryRows(boundaries, ids: ids)
                var added = 0
                for (id, shape) in rows {
                    let had =
                        try Bool.fetchOne(
                            db, sql: "SELECT 1 FROM org_unit_boundary WHERE org_unit_id = ?", arguments: [id]) ?? false
                    try db.execute(
                        sql: """
                            INSERT INTO org_unit_boundary (org_unit_id, shape) VALUES (?, ?)
                            ON CONFLICT (org_unit_id) DO UPDATE SET shape = excluded.shape
                            """,
                        arguments: [id, shape])
                    if !had { added += 1 }
                }
                return added
            }
        }
    }

    public func boundaries(of codes: [String]) throws -> [String: String] {
        try wrap {
            try queue.read { db in
                var result: [String: String] = [:]
                // In chunks, well below SQLite's limit on a statement's parameters.
                for start in stride(from: 0, to: codes.count, by: 500) {
                    let chunk = Array(codes[start..<min(start + 500, codes.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                    for row in try Row.fetchAll(
                        db,
                        sql: """
                            SELECT u.code, b.shape FROM org_unit_boundary b JOIN org_unit u ON u.id = b.org_unit_id
                            WHERE u.code IN (\(marks))
                            """,
                        arguments: StatementArguments(chunk))
                    {
                        result[row[0]] = row[1]
                    }
                }
                return result
            }
        }
    }

    public func boundaryCount() throws -> Int {
        try wrap { try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM org_unit_boundary") ?? 0 } }
    }
}
