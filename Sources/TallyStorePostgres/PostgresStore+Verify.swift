internal import PostgresNIO
internal import TallyCore
public import TallyStore

extension PostgresStore {
    /// Checks a Tally database on PostgreSQL without changing it (no migration is applied, no schema created).
    ///
    /// PostgreSQL enforces Tally's foreign keys and column types itself, so these are Tally's own checks: the
    /// tables and the schema version, the stored metadata (through `metadata`, as for SQLite), the org-unit tree
    /// (a top, no unit under a missing parent, no cycle), the periods (single identifiers with the right type and
    /// dates), the values (finite) and that every foreign key is validated.
    ///
    /// - Returns: each check with what it looked at and the problems it found.
    /// - Throws: ``PostgresStoreError`` when the database cannot be reached.
    public static func verify(
        url: PostgresURL, metadata: StoreCheck.MetadataCheck = { _, _ in [] }
    ) throws -> [StoreCheck] {
        let schema = url.schema
        let pool = ConnectionPool(url: url, size: 1) { connection in
            try connection.execute("SET client_min_messages = warning")
            if let schema { try connection.execute("SET search_path TO \"\(schema)\"") }
            try connection.execute("SET default_transaction_read_only = on")
        }
        var checks: [StoreCheck] = []
        func run(_ name: String, _ body: (BlockingConnection, inout StoreCheck) throws -> Void) throws {
            var check = StoreCheck(name: name)
            do {
                try pool.locked { try body($0, &check) }
            } catch let error as PostgresStoreError where error.code != .server {
                throw error
            } catch {
                check.problems.append("the check could not finish: \(error)")
            }
            check.finish()
            checks.append(check)
        }
        var tallyTables = true
        try run("schema") { connection, check in
            let present = Set(
                try connection.query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
                ).map { try $0.decode(String.self) })
            guard PostgresStore.tables.contains(where: present.contains) else {
                let place = schema.map { "the schema '\($0)'" } ?? "the schemas of the search path"
                check.problems.append(
                    "\(place) holds no Tally tables: this is not a Tally database (or name its schema with ?schema=)")
                tallyTables = false
                return
            }
            for table in PostgresStore.tables.reversed() where !present.contains(table) {
                check.problems.append("the table \(table) is missing: this is not a Tally database")
                tallyTables = false
            }
            guard tallyTables else { return }
            let applied = try connection.query("SELECT version FROM schema_migration ORDER BY version").map {
                try $0.decode(Int32.self)
            }
            let known = Set(PostgresStore.migrations.map(\.version))
            let unknown = applied.filter { !known.contains($0) }
            if !unknown.isEmpty {
                check.problems.append(
                    "the schema versions \(unknown.map(String.init).joined(separator: ", ")) are from a newer Tally; update Tally"
                )
            }
            let schemaName = try connection.query("SELECT current_schema()::text").first?.decode(String.self) ?? "?"
            check.scope = "schema \(schemaName), version \(applied.last.map(String.init) ?? "none")"
        }
        guard tallyTables else { return checks }
        try run("constraints") { connection, check in
            let rows = try connection.query(
                """
                SELECT c.conname::text, t.relname::text FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE t.relnamespace = current_schema()::regnamespace AND NOT c.convalidated
                """)
            var count = 0
            for row in rows {
                let (name, table) = try row.decode((String, String).self)
                check.problems.append("the constraint \(name) of \(table) is not validated")
                count += 1
            }
            let all =
                try connection.query(
                    """
                    SELECT count(*)::integer FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                    WHERE t.relnamespace = current_schema()::regnamespace AND c.contype = 'f'
                    """
                ).first?.decode(Int32.self) ?? 0
            check.scope = "\(all) foreign keys, enforced by PostgreSQL"
        }
        try run("metadata") { connection, check in
            try check.checkMetadata(
                try connection.query("SELECT value FROM setting WHERE key = 'metadata'").first?.decode(String.self),
                elementsWithValues: {
                    try connection.query(
                        """
                        SELECT e.code FROM element e
                        WHERE EXISTS (SELECT 1 FROM data_value v WHERE v.element_id = e.id)
                            OR EXISTS (SELECT 1 FROM text_value t WHERE t.element_id = e.id)
                        ORDER BY e.code
                        """
                    ).map { try $0.decode(String.self) }
                }, metadata)
        }
        try run("org-unit tree") { connection, check in
            var parents: [Int64: Int64?] = [:]
            var codes: [Int64: String] = [:]
            for row in try connection.query("SELECT id::bigint, code, parent_id::bigint FROM org_unit") {
                let (id, code, parent) = try row.decode((Int64, String, Int64?).self)
                parents[id] = parent
                codes[id] = code
            }
            check.checkTree(parents: parents, codes: codes)
        }
        try run("periods") { connection, check in
            var count = 0
            for row in try connection.query("SELECT id::bigint, identifier, type, start_day, end_day FROM period") {
                let (id, identifier, type, start, end) = try row.decode((Int64, String, String, Int32, Int32).self)
                count += 1
                if let problem = StoreCheck.periodProblem(
                    id: id, identifier: identifier, type: type, start: Int(start), end: Int(end))
                {
                    check.problems.append(problem)
                }
            }
            check.scope = "\(Thousands.grouped(count)) periods"
        }
        try run("values") { connection, check in
            var values: Int64 = 0
            var infinite: Int64 = 0
            if let row = try connection.query(
                """
                SELECT count(*)::bigint,
                    count(*) FILTER (WHERE value IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))::bigint
                FROM data_value
                """
            ).first {
                (values, infinite) = try row.decode((Int64, Int64).self)
            }
            if infinite > 0 {
                check.problems.append("\(Thousands.grouped(Int(infinite))) values are not finite numbers")
            }
            let history =
                try connection.query("SELECT count(*)::bigint FROM data_value_history").first?.decode(Int64.self) ?? 0
            check.scope =
                "\(Thousands.grouped(Int(values))) values, \(Thousands.grouped(Int(history))) history rows"
        }
        return checks
    }
}
