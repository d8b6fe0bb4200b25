internal import Foundation
internal import PostgresNIO
public import TallyCore
public import TallyStore

/// The shared-server store: a PostgreSQL database (15 or later), behind the same synchronous ``Store`` protocol and
/// with the same migrations as the embedded SQLite store.
///
/// ```swift
/// let store = try PostgresStore(url: "postgres://tally:secret@127.0.0.1:5432/tally?sslmode=disable")
/// ```
///
/// Values are a row each in `data_value`, keyed by element, period, combo and org unit; history, targets and the
/// id catalogs are tables as in SQLite (see ARCHITECTURE.md). Writes go through ``PostgresValueWriter``, which
/// decides every ``WriteOutcome`` in memory and sends the changes in multi-row statements.
///
/// The store holds a small pool of connections, each on a private event loop, and waits for each statement on
/// the calling thread: **do not call it from an event loop** (it refuses with
/// ``PostgresStoreError/Code/onEventLoop``); an async server must run store calls on a thread of its own. Calls
/// from several threads run on as many connections, up to `connections`; beyond that they wait.
public final class PostgresStore: Store, @unchecked Sendable {
    let pool: ConnectionPool
    /// How many queued values make the writer flush, how many values its blocks may hold and how many rows it looks
    /// up one by one before it reads whole blocks and tables; small in tests.
    var writerLimits = (
        flush: PostgresValueWriter.flushThreshold, memory: PostgresValueWriter.memoryBudget,
        reads: PostgresValueWriter.singleReads
    )
    /// Where the database is, without the password.
    public let url: PostgresURL

    public var location: String { url.redacted }

    /// Connects to a database and applies any missing migrations.
    ///
    /// - Parameter url: `postgres://user:password@host:port/database`, optionally with `?sslmode=disable` (or
    ///   `prefer`, the default, `require`, `verify-full`) and `&schema=NAME` to keep Tally's tables in a schema of
    ///   their own (created when missing).
    /// - Throws: ``PostgresStoreError`` naming the host, port, user or database that is wrong and what to check.
    public convenience init(url: String, connections: Int = PostgresStore.defaultConnections) throws {
        try self.init(url: try PostgresURL(url), connections: connections)
    }

    /// The memory each connection may use for a sort (`work_mem`, in KiB) at least.
    static let sortMemoryKiB = 65_536

    /// How many connections a store opens at most unless told otherwise: enough for a server's concurrent reads
    /// beside its one writer; a command-line run opens one.
    public static let defaultConnections = 4

    /// Connects to a database and applies any missing migrations.
    ///
    /// - Parameters:
    ///   - url: the database.
    ///   - connections: how many connections calls from several threads may open at most (1 or more).
    public init(url: PostgresURL, connections: Int = PostgresStore.defaultConnections) throws {
        self.url = url
        let schema = url.schema
        pool = ConnectionPool(url: url, size: max(1, connections)) { connection in
            try connection.execute("SET client_min_messages = warning")
            // The aggregating statements sort each unit's values into the engine's order; below 64 MiB a year of a
            // province's monthly values is sorted on disk, which doubles their time. A larger setting is kept.
            try connection.execute(
                """
                SELECT set_config('work_mem', '\(Self.sortMemoryKiB)kB', false) FROM pg_settings
                WHERE name = 'work_mem' AND setting::bigint < \(Self.sortMemoryKiB)
                """)
            if let schema { try connection.execute("SET search_path TO \"\(schema)\"") }
        }
        if let schema {
            try pool.locked { connection in
                _ = try connection.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
            }
        }
        try migrate()
    }

    // MARK: Metadata and org units

    public func metadataDocument() throws -> String? {
        try pool.locked { connection in
            try connection.execute("SELECT value FROM setting WHERE key = 'metadata'").first?.decode(String.self)
        }
    }

    public func changeToken() throws -> Int64 {
        try pool.locked { connection in
            let text = try connection.execute("SELECT value FROM setting WHERE key = 'change_counter'").first?.decode(
                String.self)
            return text.flatMap { Int64($0) } ?? 0
        }
    }

    /// Raises the change counter that ``changeToken()`` reads; the last statement of a transaction that changes what
    /// a workspace keeps (metadata, org units, periods, targets), so that the row is held only until the commit.
    static func raiseChangeCounter(_ connection: BlockingConnection) throws {
        try connection.execute(
            """
            INSERT INTO setting (key, value) VALUES ('change_counter', '1')
            ON CONFLICT (key) DO UPDATE SET value = (setting.value::bigint + 1)::text
            """)
    }

    public func applyMetadata(document: String, combos: [String: [String]]) throws {
        try pool.transaction { connection in
            let elements = combos.keys.sorted()
            try connection.query(
                "INSERT INTO element (code) SELECT unnest(\(elements)::text[]) ON CONFLICT (code) DO NOTHING")
            let comboCodes = Set(combos.values.joined()).filter { !$0.isEmpty }.sorted()
            try connection.query(
                "INSERT INTO combo (code) SELECT unnest(\(comboCodes)::text[]) ON CONFLICT (code) DO NOTHING")
            let used = try connection.execute(
                """
                SELECT e.code, c.code, n FROM (
                    SELECT element_id, combo_id, count(*) AS n FROM (
                        SELECT element_id, combo_id FROM data_value
                        UNION ALL SELECT element_id, combo_id FROM text_value) u
                    GROUP BY element_id, combo_id) v
                JOIN element e ON e.id = v.element_id JOIN combo c ON c.id = v.combo_id
                ORDER BY v.element_id, v.combo_id
                """
            ).map { row in
                let (element, combo, n) = try row.decode((String, String, Int64).self)
                return (element: element, combo: combo, count: Int(n))
            }
            try Self.checkKeepsStoredValues(used, combos: combos)
            try connection.query(
                """
                INSERT INTO setting (key, value) VALUES ('metadata', \(document))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
            try Self.raiseChangeCounter(connection)
        }
    }

    public func saveOrgUnits(_ units: [OrgUnit]) throws -> (added: Int, changed: Int) {
        try pool.transaction { connection in
            var ids: [String: Int32] = [:]
            var existing: [String: (name: String, parent: Int32?, translations: String?)] = [:]
            for row in try connection.execute("SELECT id, code, name, parent_id, translations FROM org_unit") {
                let (id, code, name, parent, translations) = try row.decode(
                    (Int32, String, String, Int32?, String?).self)
                ids[code] = id
                existing[code] = (name, parent, translations)
            }
            // Ids for the new units come from the table's sequence in one statement, so that every unit can be
            // inserted in one statement too (foreign keys are checked at its end).
            let newCodes = Set(units.map(\.code)).subtracting(ids.keys)
            var fresh: [Int32] = []
            if !newCodes.isEmpty {
                fresh = try connection.query(
                    """
                    SELECT nextval(pg_get_serial_sequence('org_unit', 'id'))::integer
                    FROM generate_series(1, \(Int64(newCodes.count)))
                    """
                ).map { try $0.decode(Int32.self) }
            }
            // Parents of -1 and translations of '' stand for NULL in the arrays.
            var insert: (id: [Int32], code: [String], name: [String], parent: [Int32], translations: [String]) = (
                [], [], [], [], []
            )
            var update: (id: [Int32], name: [String], parent: [Int32], translations: [String]) = ([], [], [], [])
            var insertedAt: [String: Int] = [:]
            var changedCodes: Set<String> = []
            for unit in units {
                let parentID = unit.parentCode.flatMap { ids[$0] }
                let translations = OrgUnitTranslations.encode(unit.translations)
                if let row = insertedAt[unit.code] {
                    insert.name[row] = unit.name
                    insert.parent[row] = parentID ?? -1
                    insert.translations[row] = translations ?? ""
                } else if let id = ids[unit.code] {
                    let old = existing[unit.code]!
                    if old.name != unit.name || old.parent != parentID || old.translations != translations {
                        update.id.append(id)
                        update.name.append(unit.name)
                        update.parent.append(parentID ?? -1)
                        update.translations.append(translations ?? "")
                        existing[unit.code] = (unit.name, parentID, translations)
                        changedCodes.insert(unit.code)
                    }
                } else {
                    let id = fresh[insert.id.count]
                    ids[unit.code] = id
                    insertedAt[unit.code] = insert.id.count
                    insert.id.append(id)
                    insert.code.append(unit.code)
                    insert.name.append(unit.name)
                    insert.parent.append(parentID ?? -1)
                    insert.translations.append(translations ?? "")
                }
            }
            if !insert.id.isEmpty {
                try connection.query(
                    """
                    INSERT INTO org_unit (id, code, name, parent_id, translations)
                    SELECT id, code, name, NULLIF(parent, -1), NULLIF(translations, '')
                    FROM unnest(\(insert.id)::integer[], \(insert.code)::text[], \(insert.name)::text[],
                        \(insert.parent)::integer[], \(insert.translations)::text[]) AS u(id, code, name, parent, translations)
                    """)
            }
            if !update.id.isEmpty {
                try connection.query(
                    """
                    UPDATE org_unit o
                    SET name = u.name, parent_id = NULLIF(u.parent, -1), translations = NULLIF(u.translations, '')
                    FROM unnest(\(update.id)::integer[], \(update.name)::text[], \(update.parent)::integer[],
                        \(update.translations)::text[]) AS u(id, name, parent, translations)
                    WHERE o.id = u.id
                    """)
            }
            try Self.raiseChangeCounter(connection)
            return (insert.id.count, changedCodes.count)
        }
    }

    public func storedOrgUnits() throws -> StoredOrgUnits {
        try pool.locked { connection in try Self.units(connection) }
    }

    /// Every org unit with its id, in id order; parents by id, named from the same rows.
    static func units(_ connection: BlockingConnection) throws -> StoredOrgUnits {
        var units: [OrgUnit] = []
        var ids: [Int32] = []
        var parents: [Int32?] = []
        for row in try connection.execute("SELECT id, code, name, parent_id, translations FROM org_unit ORDER BY id") {
            let (id, code, name, parent, translations) = try row.decode((Int32, String, String, Int32?, String?).self)
            ids.append(id)
            parents.append(parent)
            units.append(
                OrgUnit(code: code, name: name, parentCode: nil, translations: OrgUnitTranslations.decode(translations))
            )
        }
        let positions = try StoredOrgUnits.parents(of: &units, ids: ids, parentIDs: parents)
        return StoredOrgUnits(units: units, ids: ids, parents: positions)
    }

    public func catalog(includingOrgUnits: Bool) throws -> StoreCatalog {
        try pool.locked { connection in
            var elements: [String: Int32] = [:]
            for row in try connection.execute("SELECT id, code FROM element") {
                let (id, code) = try row.decode((Int32, String).self)
                elements[code] = id
            }
            var combos: [String: Int32] = [:]
            for row in try connection.execute("SELECT id, code FROM combo") {
                let (id, code) = try row.decode((Int32, String).self)
                combos[code] = id
            }
            let orgUnits = includingOrgUnits ? try Self.orgUnitIDs(connection) : [:]
            var periods: [Int32: Period] = [:]
            for row in try connection.execute("SELECT id, identifier FROM period") {
                let (id, identifier) = try row.decode((Int32, String).self)
                if let period = try? Period(identifier) { periods[id] = period }
            }
            return StoreCatalog(elements: elements, combos: combos, orgUnits: OrgUnitIDs(orgUnits), periods: periods)
        }
    }

    // MARK: Campaign targets

    public func replaceTargets(campaign: String, targets: [String: Int]) throws {
        try pool.transaction { connection in
            let rows = try Self.targetRows(targets, ids: try Self.orgUnitIDs(connection))
            let units = rows.map(\.unit)
            let values = rows.map { Int64($0.target) }
            try connection.query("DELETE FROM campaign_target WHERE campaign = \(campaign)")
            try connection.query(
                """
                INSERT INTO campaign_target (campaign, org_unit_id, target)
                SELECT \(campaign), u, t FROM unnest(\(units)::integer[], \(values)::bigint[]) AS x(u, t)
                """)
            try Self.raiseChangeCounter(connection)
        }
    }

    /// The id of every org-unit code.
    static func orgUnitIDs(_ connection: BlockingConnection) throws -> [String: Int32] {
        var ids: [String: Int32] = [:]
        for row in try connection.execute("SELECT id, code FROM org_unit") {
            let (id, code) = try row.decode((Int32, String).self)
            ids[code] = id
        }
        return ids
    }

    public func targets(campaign: String) throws -> [String: Int] {
        try pool.locked { connection in
            var result: [String: Int] = [:]
            for row in try connection.query(
                """
                SELECT u.code, t.target::bigint FROM campaign_target t JOIN org_unit u ON u.id = t.org_unit_id
                WHERE t.campaign = \(campaign)
                """)
            {
                let (code, target) = try row.decode((String, Int64).self)
                result[code] = Int(target)
            }
            return result
        }
    }

    // MARK: Writing values

    public func write<R>(_ batch: WriteBatch, commit: Bool, _ body: (any ValueWriter) throws -> R) throws -> R {
        try pool.transaction(commit: commit) { connection in
            let batchID = try connection.query(
                """
                INSERT INTO write_batch (source, user_name, started_at)
                VALUES (\(batch.source), \(batch.user), \(batch.time)) RETURNING id
                """
            ).first!.decode(Int32.self)
            let writer = try PostgresValueWriter(
                connection: connection, batch: batch, batchID: batchID, limits: writerLimits)
            let result = try body(writer)
            try writer.finish()
            if writer.registeredPeriods { try Self.raiseChangeCounter(connection) }
            return result
        }
    }

    // MARK: Reading values

    public func values(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns {
        try columns(element: element, periods: periods, units: units, column: "value")
    }

    public func createdTimes(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns {
        try columns(element: element, periods: periods, units: units, column: "created::double precision")
    }

    /// The values of one element for some periods and org units, in the order of the SQLite store: by period,
    /// combo, org unit. A row per period and combo, its units and values in two arrays: a county's dashboard reads
    /// some 24,000 values a statement, and a row each cost more to receive and decode than the statement to run.
    private func columns(element: Int32, periods: [Int32], units: UnitRanges?, column: String) throws -> ValueColumns {
        let filter = UnitFilter(units)
        var binds = try Self.binds(element, periods)
        binds.append(filter.low)
        binds.append(filter.high)
        binds.append(filter.ids)
        return try pool.locked { connection in
            let rows = try connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT period_id, combo_id, array_agg(org_unit_id ORDER BY org_unit_id),
                            array_agg(\(column) ORDER BY org_unit_id)
                        FROM data_value
                        WHERE element_id = $1 AND period_id = ANY($2::integer[]) AND \(UnitFilter.everyCombo)
                            AND org_unit_id BETWEEN $3 AND $4
                            AND (cardinality($5::integer[]) = 0 OR org_unit_id = ANY($5::integer[]))
                        GROUP BY period_id, combo_id
                        ORDER BY period_id, combo_id
                        """, binds: binds))
            var columns = ValueColumns()
            for row in rows {
                let (period, combo, units, values) = try row.decode((Int32, Int32, [Int32], [Double]).self)
                for (unit, value) in zip(units, values) {
                    columns.append(orgUnit: unit, period: period, combo: combo, value: value)
                }
            }
            // Each value counts as a row received (``rowsReceived``), as when they came a row each.
            pool.received.add(columns.count - rows.count)
            return columns
        }
    }

    /// How many values a scan fetches from the server at a time.
    static let scanChunk = 65_536

    public func scanValues(_ body: (Int32, ValueColumns) throws -> Void) throws {
        try pool.transaction(commit: false) { connection in
            try connection.execute(
                """
                DECLARE tally_scan NO SCROLL CURSOR FOR
                SELECT element_id, period_id, combo_id, org_unit_id, value FROM data_value
                ORDER BY element_id, period_id, combo_id, org_unit_id
                """)
            var columns = ValueColumns()
            var current: Int32?
            while true {
                let rows = try connection.execute("FETCH FORWARD \(Self.scanChunk) FROM tally_scan")
                if rows.isEmpty { break }
                for row in rows {
                    let (element, period, combo, unit, value) = try row.decode(
                        (Int32, Int32, Int32, Int32, Double).self)
                    if element != current, let previous = current, columns.count > 0 {
                        try body(previous, columns)
                        columns = ValueColumns()
                    }
                    current = element
                    columns.append(orgUnit: unit, period: period, combo: combo, value: value)
                }
                if let current, columns.count > 0 {
                    try body(current, columns)
                    columns = ValueColumns()
                }
            }
        }
    }

    public func versionedValue(_ key: ValueKey) throws -> VersionedValue {
        // One statement, so one snapshot: the value and its history count are never from two states.
        try pool.locked { connection in
            let rows = try connection.query(
                """
                SELECT v.value, a.name, v.created, v.updated, v.comment, v.follow_up,
                    (SELECT count(*) FROM data_value_history h
                     WHERE h.element_id = k.e AND h.period_id = k.p AND h.combo_id = k.c AND h.org_unit_id = k.o)
                FROM (SELECT \(key.element)::integer AS e, \(key.period)::integer AS p, \(key.combo)::integer AS c,
                        \(key.orgUnit)::integer AS o) k
                    LEFT JOIN data_value v
                        ON v.element_id = k.e AND v.period_id = k.p AND v.combo_id = k.c AND v.org_unit_id = k.o
                    LEFT JOIN actor a ON a.id = v.actor_id
                """)
            let (value, storedBy, created, updated, comment, followUp, history) = try rows.first!.decode(
                (Double?, String?, Int64?, Int64?, String?, Bool?, Int64).self)
            guard let value, let created, let updated else {
                return VersionedValue(stored: nil, historyCount: Int(history))
            }
            return VersionedValue(
                stored: StoredValue(
                    value: value, storedBy: storedBy, created: created, updated: updated, comment: comment,
                    followUp: followUp ?? false),
                historyCount: Int(history))
        }
    }

    public func history(_ key: ValueKey) throws -> [HistoryEntry] {
        try pool.locked { connection in
            try connection.query(
                """
                SELECT action, previous_value, previous_stored_by, previous_time, new_value, changed_by, changed_at
                FROM data_value_history
                WHERE element_id = \(key.element) AND period_id = \(key.period)
                    AND org_unit_id = \(key.orgUnit) AND combo_id = \(key.combo)
                ORDER BY id
                """
            ).map { row in
                let (action, previous, previousBy, previousTime, new, by, at) = try row.decode(
                    (String, Double, String?, Int64, Double?, String, Int64).self)
                return HistoryEntry(
                    action: action, previousValue: previous, previousStoredBy: previousBy, previousTime: previousTime,
                    newValue: new, changedBy: by, changedAt: at)
            }
        }
    }

    public func valueCount() throws -> Int {
        try pool.locked { connection in
            Int(try connection.execute("SELECT count(*) FROM data_value").first!.decode(Int64.self))
        }
    }

    static func binds(_ element: Int32, _ periods: [Int32]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: 2)
        binds.append(element)
        binds.append(periods)
        return binds
    }
}
