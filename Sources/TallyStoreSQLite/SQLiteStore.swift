internal import Foundation
internal import GRDB
internal import GRDBSQLite
public import TallyCore
public import TallyStore
internal import TallyText

/// The embedded store: one SQLite file through GRDB, in WAL mode with foreign keys on.
///
/// Values are kept in blocks: one row of `value_block` per element, period and combo holds the values
/// of every org unit as column arrays, so the values of one element for a set of periods are a few
/// rows, a full scan reads compact arrays, and an import changes values in memory (see
/// `SQLiteValueWriter`). History and comments are ordinary rows.
public final class SQLiteStore: Store, @unchecked Sendable {
    let queue: DatabaseQueue
    /// The file path.
    public let path: String
    /// The most memory, in bytes, that an import's staged values hold before they are written to a temporary file
    /// (see ``ValueWriter/stage(_:row:)``).
    public let stagingBudget: Int

    /// The staging budget unless another is given: 64 MiB, about 1.4 million values.
    public static let defaultStagingBudget = 64 << 20

    public var location: String { path }

    /// Opens a store.
    ///
    /// - Parameters:
    ///   - path: the database file; `:memory:` for a private in-memory database.
    ///   - create: whether a missing file may be created; when false a missing file is an error.
    ///   - stagingBudget: the most bytes an import's staged values hold in memory; more go to a temporary file.
    public init(path: String, create: Bool = false, stagingBudget: Int = defaultStagingBudget) throws {
        self.path = path
        self.stagingBudget = stagingBudget
        if path != ":memory:" && !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(
                .notFound,
                Localized(
                    zh: "\(path) 没有 Tally 数据库；请用“tally init”或“tally demo”创建，或用 --db 指定",
                    en:
                        "there is no Tally database at \(path); create one with 'tally init' or 'tally demo', or name one with --db"
                )
            )
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            if db.configuration.readonly == false {
                try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = FILE")
            }
        }
        do {
            queue =
                path == ":memory:"
                ? try DatabaseQueue(configuration: config) : try DatabaseQueue(path: path, configuration: config)
            if path != ":memory:" {
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            let migrator = Self.migrator
            let applied = try queue.read { db in try migrator.appliedIdentifiers(db) }
            try migrator.migrate(queue)
            if path != ":memory:", !applied.isEmpty, !applied.contains(Self.rowidBlocksMigration) {
                // The blocks were copied into a new table: give the old one's pages back, so that the file is not
                // twice its size after the upgrade. Worth trying, not failing the open for: another process
                // reading the file makes it busy, and the file then stays larger until a later `VACUUM`.
                try? queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
            }
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                Localized(
                    zh: "无法打开数据库 \(path)：\(error.message ?? "\(error)")",
                    en: "cannot open the database \(path): \(error.message ?? "\(error)")"))
        }
    }

    /// The name of ``keyValueBlocksByRowid(_:)``'s migration.
    static let rowidBlocksMigration = "v9 value blocks by rowid"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE element (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
                    CREATE TABLE combo (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
                    INSERT INTO combo (id, code) VALUES (0, '');
                    CREATE TABLE org_unit (
                        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                        parent_id INTEGER REFERENCES org_unit(id));
                    CREATE TABLE period (
                        id INTEGER PRIMARY KEY, identifier TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                        start_day INTEGER NOT NULL, end_day INTEGER NOT NULL);
                    CREATE TABLE actor (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                    CREATE TABLE write_batch (
                        id INTEGER PRIMARY KEY, source TEXT NOT NULL, user TEXT NOT NULL, started_at INTEGER NOT NULL);
                    CREATE TABLE value_block (
                        element_id INTEGER NOT NULL REFERENCES element(id),
                        period_id INTEGER NOT NULL REFERENCES period(id),
                        combo_id INTEGER NOT NULL REFERENCES combo(id),
                        count INTEGER NOT NULL,
                        org_units BLOB NOT NULL, vals BLOB NOT NULL, actors BLOB NOT NULL,
                        created BLOB NOT NULL, updated BLOB NOT NULL, batches BLOB NOT NULL, flags BLOB NOT NULL,
                        PRIMARY KEY (element_id, period_id, combo_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE value_comment (
                        element_id INTEGER NOT NULL, period_id INTEGER NOT NULL,
                        org_unit_id INTEGER NOT NULL REFERENCES org_unit(id), combo_id INTEGER NOT NULL,
                        comment TEXT NOT NULL,
                        PRIMARY KEY (element_id, period_id, org_unit_id, combo_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE data_value_history (
                        id INTEGER PRIMARY KEY,
                        element_id INTEGER NOT NULL, period_id INTEGER NOT NULL,
                        org_unit_id INTEGER NOT NULL, combo_id INTEGER NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('update', 'delete')),
                        previous_value NUMERIC NOT NULL, previous_stored_by TEXT, previous_time INTEGER NOT NULL,
                        new_value NUMERIC, changed_by TEXT NOT NULL, changed_at INTEGER NOT NULL,
                        batch_id INTEGER NOT NULL REFERENCES write_batch(id));
                    CREATE INDEX data_value_history_key
                        ON data_value_history (element_id, period_id, org_unit_id, combo_id);
                    """)
        }
        migrator.registerMigration("v2 campaign targets") { db in
            try db.execute(
                sql: """
                    CREATE TABLE campaign_target (
                        campaign TEXT NOT NULL,
                        org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
                        target INTEGER NOT NULL CHECK (target >= 0),
                        PRIMARY KEY (campaign, org_unit_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3 org-unit translations") { db in
            // Translated names as JSON, {"en": "Yunxi County"}; NULL when a unit has none.
            try db.execute(sql: "ALTER TABLE org_unit ADD COLUMN translations TEXT")
        }
        migrator.registerMigration("v4 accounts", migrate: Self.createAccountTables)
        migrator.registerMigration("v5 org-unit boundaries") { db in
            // A unit's boundary in TallyGeo's stored form (`g1:` and encoded polylines), simplified when imported.
            try db.execute(
                sql: """
                    CREATE TABLE org_unit_boundary (
                        org_unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id), shape TEXT NOT NULL);
                    """)
        }
        migrator.registerMigration("v6 user profiles", migrate: Self.addUserProfiles)
        migrator.registerMigration("v7 report events", migrate: Self.createReportEvents)
        migrator.registerMigration("v8 import mappings", migrate: Self.createImportMappings)
        migrator.registerMigration(rowidBlocksMigration, migrate: Self.keyValueBlocksByRowid)
        // PostgreSQL's versions 11 and 12: its own v10 has no counterpart here, and the names match across stores.
        migrator.registerMigration("v11 text values", migrate: Self.createTextValues)
        migrator.registerMigration(
            "v12 report events per attribute combo", migrate: Self.addReportEventAttributeCombos)
        return migrator
    }

    /// Moves `value_block` from a `WITHOUT ROWID` table into a rowid table with a unique index on (element, period,
    /// combo).
    ///
    /// In a `WITHOUT ROWID` table the whole row is the b-tree's key, and SQLite compares a search key with a cell
    /// that spills onto overflow pages by reading the cell whole: every seek of a block read several blocks of a
    /// province (1.5 MB each) only to compare keys — three quarters of a query's time. In a rowid table the search
    /// goes through the index's small keys and the row is found by its integer id, and a block's columns can be
    /// read in part (`sqlite3_blob_read`, see ``SQLiteStore/values(element:periods:units:)``). A file that had
    /// blocks before is vacuumed once after it (``init(path:create:stagingBudget:)``), so that it does not stay twice its size.
    static func keyValueBlocksByRowid(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE value_block_by_rowid (
                    id INTEGER PRIMARY KEY,
                    element_id INTEGER NOT NULL REFERENCES element(id),
                    period_id INTEGER NOT NULL REFERENCES period(id),
                    combo_id INTEGER NOT NULL REFERENCES combo(id),
                    count INTEGER NOT NULL,
                    org_units BLOB NOT NULL, vals BLOB NOT NULL, actors BLOB NOT NULL,
                    created BLOB NOT NULL, updated BLOB NOT NULL, batches BLOB NOT NULL, flags BLOB NOT NULL,
                    UNIQUE (element_id, period_id, combo_id));
                INSERT INTO value_block_by_rowid
                    (element_id, period_id, combo_id, count, org_units, vals, actors, created, updated, batches, flags)
                SELECT element_id, period_id, combo_id, count, org_units, vals, actors, created, updated, batches, flags
                FROM value_block ORDER BY element_id, period_id, combo_id;
                DROP TABLE value_block;
                ALTER TABLE value_block_by_rowid RENAME TO value_block;
                """)
    }

    // MARK: Campaign targets

    public func replaceTargets(campaign: String, targets: [String: Int]) throws {
        try wrap {
            try queue.write { db in
                let ids = try Self.unitIDs(db)
                let rows = try Self.targetRows(targets, ids: ids)
                try db.execute(sql: "DELETE FROM campaign_target WHERE campaign = ?", arguments: [campaign])
                for (id, target) in rows {
                    try db.execute(
                        sql: "INSERT INTO campaign_target (campaign, org_unit_id, target) VALUES (?, ?, ?)",
                        arguments: [campaign, id, target])
                }
            }
        }
    }

    public func targets(campaign: String) throws -> [String: Int] {
        try wrap {
            try queue.read { db in
                var result: [String: Int] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql:
                        "SELECT u.code, t.target FROM campaign_target t JOIN org_unit u ON u.id = t.org_unit_id WHERE t.campaign = ?",
                    arguments: [campaign])
                {
                    result[row[0]] = row[1]
                }
                return result
            }
        }
    }

    // MARK: Metadata and org units

    public func metadataDocument() throws -> String? {
        try wrap {
            try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'metadata'") }
        }
    }

    public func changeToken() throws -> Int64 {
        try wrap { try queue.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    public func applyMetadata(document: String, combos: [String: [String]]) throws {
        try wrap {
            try queue.write { db in
                for code in combos.keys.sorted() {
                    try db.execute(sql: "INSERT OR IGNORE INTO element (code) VALUES (?)", arguments: [code])
                }
                for code in Set(combos.values.joined()).sorted() where !code.isEmpty {
                    try db.execute(sql: "INSERT OR IGNORE INTO combo (code) VALUES (?)", arguments: [code])
                }
                let used = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.code AS element, c.code AS combo, SUM(v.n) AS n FROM (
                            SELECT element_id, combo_id, count AS n FROM value_block
                            UNION ALL SELECT element_id, combo_id, 1 FROM text_value) v
                        JOIN element e ON e.id = v.element_id JOIN combo c ON c.id = v.combo_id
                        GROUP BY v.element_id, v.combo_id
                        """
                ).map { (element: $0["element"] as String, combo: $0["combo"] as String, count: $0["n"] as Int) }
                try Self.checkKeepsStoredValues(used, combos: combos)
                try db.execute(
                    sql:
                        "INSERT INTO setting (key, value) VALUES ('metadata', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [document])
            }
        }
    }

    public func saveOrgUnits(_ units: [OrgUnit]) throws -> (added: Int, changed: Int) {
        try wrap {
            try queue.write { db in
                var ids: [String: Int64] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, code FROM org_unit") { ids[row["code"]] = row["id"] }
                var existing: [String: (name: String, parent: Int64?, translations: String?)] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT code, name, parent_id, translations FROM org_unit") {
                    existing[row["code"]] = (row["name"], row["parent_id"], row["translations"])
                }
                var added = 0
                var changed = 0
                for unit in units {
                    let parentID = unit.parentCode.flatMap { ids[$0] }
                    let translations = OrgUnitTranslations.encode(unit.translations)
                    if let id = ids[unit.code] {
                        let old = existing[unit.code]!
                        if old.name != unit.name || old.parent != parentID || old.translations != translations {
                            try db.execute(
                                sql: "UPDATE org_unit SET name = ?, parent_id = ?, translations = ? WHERE id = ?",
                                arguments: [unit.name, parentID, translations, id])
                            changed += 1
                        }
                    } else {
                        try db.execute(
                            sql: "INSERT INTO org_unit (code, name, parent_id, translations) VALUES (?, ?, ?, ?)",
                            arguments: [unit.code, unit.name, parentID, translations])
                        ids[unit.code] = db.lastInsertedRowID
                        added += 1
                    }
                }
                return (added, changed)
            }
        }
    }

    public func storedOrgUnits() throws -> StoredOrgUnits {
        try wrap { try queue.read { db in try Self.units(db) } }
    }

    /// Every org unit with its id, read with one statement; parents by id, named from the same rows (a join to
    /// name them was a B-tree search per unit: 42,111 at the province, on every command's start-up).
    static func units(_ db: Database) throws -> StoredOrgUnits {
        let statement = try db.makeStatement(
            sql: "SELECT id, code, name, parent_id, translations FROM org_unit ORDER BY id")
        let s = statement.sqliteStatement
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM org_unit") ?? 0
        var units: [OrgUnit] = []
        var ids: [Int32] = []
        var parents: [Int32?] = []
        units.reserveCapacity(count)
        ids.reserveCapacity(count)
        parents.reserveCapacity(count)
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(s, i) else { return nil }
            return String(
                decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i))), as: UTF8.self)
        }
        while try step(s) {
            ids.append(Int32(truncatingIfNeeded: sqlite3_column_int64(s, 0)))
            parents.append(
                sqlite3_column_type(s, 3) == SQLITE_NULL ? nil : Int32(truncatingIfNeeded: sqlite3_column_int64(s, 3)))
            units.append(
                OrgUnit(
                    code: text(1) ?? "", name: text(2) ?? "", parentCode: nil,
                    translations: OrgUnitTranslations.decode(text(4))))
        }
        let positions = try StoredOrgUnits.parents(of: &units, ids: ids, parentIDs: parents)
        return StoredOrgUnits(units: units, ids: ids, parents: positions)
    }

    /// Every org unit's id by code.
    static func unitIDs(_ db: Database) throws -> [String: Int32] {
        var units: [String: Int32] = [:]
        units.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM org_unit") ?? 0)
        let statement = try db.makeStatement(sql: "SELECT id, code FROM org_unit")
        let s = statement.sqliteStatement
        while try Self.step(s) {
            guard let code = sqlite3_column_text(s, 1) else { continue }
            units[String(cString: code)] = Int32(truncatingIfNeeded: sqlite3_column_int64(s, 0))
        }
        return units
    }

    public func catalog(includingOrgUnits: Bool) throws -> StoreCatalog {
        try wrap {
            try queue.read { db in
                var elements: [String: Int32] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, code FROM element") {
                    elements[row["code"]] = row["id"]
                }
                var combos: [String: Int32] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, code FROM combo") { combos[row["code"]] = row["id"] }
                // `Workspace.load` takes the units' ids from `storedOrgUnits()`: reading and hashing 42,111 codes
                // a second time was a tenth of a province's start-up.
                let units = includingOrgUnits ? try Self.unitIDs(db) : [:]
                var periods: [Int32: Period] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, identifier FROM period") {
                    if let p = try? Period(row["identifier"] as String) { periods[row["id"]] = p }
                }
                return StoreCatalog(elements: elements, combos: combos, orgUnits: OrgUnitIDs(units), periods: periods)
            }
        }
    }

    // MARK: Writing values

    public func write<R>(_ batch: WriteBatch, commit: Bool, _ body: (any ValueWriter) throws -> R) throws -> R {
        var result: R?
        try wrap {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(
                        sql: "INSERT INTO write_batch (source, user, started_at) VALUES (?, ?, ?)",
                        arguments: [batch.source, batch.user, batch.time])
                    let writer = try SQLiteValueWriter(
                        db: db, batch: batch, batchID: db.lastInsertedRowID, stagingBudget: stagingBudget)
                    result = try body(writer)
                    try writer.flush()
                    return commit ? .commit : .rollback
                }
            }
        }
        return result!
    }

    // MARK: Reading values

    public func values(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns {
        if let units {
            return try slices(element: element, periods: periods, column: "vals", units: units) {
                Double(bitPattern: $0)
            }
        }
        return try blocks(element: element, periods: periods, column: "vals") { s, period, columns in
            Self.appendBlock(s, into: &columns, period: period, comboColumn: 0, unitsColumn: 1)
        }
    }

    public func createdTimes(element: Int32, periods: [Int32], units: UnitRanges?) throws -> ValueColumns {
        if let units {
            return try slices(element: element, periods: periods, column: "created", units: units) {
                Double(Int64(bitPattern: $0))
            }
        }
        return try blocks(element: element, periods: periods, column: "created") { s, period, columns in
            let combo = Int32(truncatingIfNeeded: sqlite3_column_int64(s, 0))
            let n = Int(sqlite3_column_bytes(s, 1)) / 4
            guard let units = sqlite3_column_blob(s, 1), let created = sqlite3_column_blob(s, 2),
                Int(sqlite3_column_bytes(s, 2)) >= n * 8
            else { return }
            for k in 0..<n {
                columns.append(
                    orgUnit: Int32(
                        littleEndian: UnsafeRawPointer(units).loadUnaligned(fromByteOffset: k * 4, as: Int32.self)),
                    period: period, combo: combo,
                    value: Double(
                        Int64(
                            littleEndian: UnsafeRawPointer(created).loadUnaligned(
                                fromByteOffset: k * 8, as: Int64.self))))
            }
        }
    }

    /// Reads the blocks of an element for the given periods, in period order: `body` gets each row of combo id,
    /// org-unit ids and the column `column` (`vals` or `created`), and appends what it holds.
    private func blocks(
        element: Int32, periods: [Int32], column: String,
        _ body: (OpaquePointer, Int32, inout ValueColumns) -> Void
    ) throws -> ValueColumns {
        try wrap {
            try queue.read { db in
                var columns = ValueColumns()
                try Self.eachBlock(in: db, "combo_id, org_units, \(column)", element: element, periods: periods) {
                    body($0, $1, &columns)
                }
                return columns
            }
        }
    }

    /// Runs `body` on each row of `columns` of an element's blocks for the given periods, in the order of period and
    /// combo, with the row's period.
    static func eachBlock(
        in db: Database, _ columns: String, element: Int32, periods: [Int32],
        _ body: (OpaquePointer, Int32) throws -> Void
    ) throws {
        let statement = try db.makeStatement(
            sql: "SELECT \(columns) FROM value_block WHERE element_id = ? AND period_id = ? ORDER BY combo_id")
        let s = statement.sqliteStatement
        for period in periods.sorted() {
            sqlite3_reset(s)
            sqlite3_bind_int64(s, 1, Int64(element))
            sqlite3_bind_int64(s, 2, Int64(period))
            while try step(s) { try body(s, period) }
        }
    }

    public func scanValues(_ body: (Int32, ValueColumns) throws -> Void) throws {
        try wrap {
            try queue.read { db in
                let statement = try db.makeStatement(
                    sql:
                        "SELECT element_id, period_id, combo_id, org_units, vals FROM value_block ORDER BY element_id, period_id, combo_id"
                )
                let s = statement.sqliteStatement
                var columns = ValueColumns()
                while try Self.step(s) {
                    columns.orgUnit.removeAll(keepingCapacity: true)
                    columns.period.removeAll(keepingCapacity: true)
                    columns.combo.removeAll(keepingCapacity: true)
                    columns.value.removeAll(keepingCapacity: true)
                    Self.appendBlock(
                        s, into: &columns, period: Int32(truncatingIfNeeded: sqlite3_column_int64(s, 1)),
                        comboColumn: 2, unitsColumn: 3)
                    try body(Int32(truncatingIfNeeded: sqlite3_column_int64(s, 0)), columns)
                }
            }
        }
    }

    /// Appends the values of the block in the current row: combo id, then org-unit ids and values.
    private static func appendBlock(
        _ s: OpaquePointer, into columns: inout ValueColumns, period: Int32, comboColumn: Int32, unitsColumn: Int32
    ) {
        let combo = Int32(truncatingIfNeeded: sqlite3_column_int64(s, comboColumn))
        let unitBytes = Int(sqlite3_column_bytes(s, unitsColumn))
        guard let units = sqlite3_column_blob(s, unitsColumn) else { return }
        let n = unitBytes / 4
        let valueBytes = Int(sqlite3_column_bytes(s, unitsColumn + 1))
        guard let values = sqlite3_column_blob(s, unitsColumn + 1), valueBytes >= n * 8 else { return }
        let u = UnsafeRawPointer(units)
        let v = UnsafeRawPointer(values)
        for k in 0..<n {
            columns.append(
                orgUnit: Int32(littleEndian: u.loadUnaligned(fromByteOffset: k * 4, as: Int32.self)),
                period: period, combo: combo,
                value: Double(bitPattern: UInt64(littleEndian: v.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
            )
        }
    }

    static func step(_ s: OpaquePointer) throws -> Bool {
        let rc = sqlite3_step(s)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: rc))
    }

    public func value(_ key: ValueKey) throws -> StoredValue? {
        try wrap { try queue.read { db in try Self.storedValue(key, in: db) } }
    }

    public func versionedValue(_ key: ValueKey) throws -> VersionedValue {
        try wrap {
            try queue.read { db in
                VersionedValue(
                    stored: try Self.storedValue(key, in: db), historyCount: try Self.historyCount(key, in: db))
            }
        }
    }

    /// One stored value with who, when, comment and mark, read on `db`.
    static func storedValue(_ key: ValueKey, in db: Database) throws -> StoredValue? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT org_units, vals, actors, created, updated, batches, flags FROM value_block
                    WHERE element_id = ? AND period_id = ? AND combo_id = ?
                    """, arguments: [key.element, key.period, key.combo])
        else { return nil }
        let block = try Self.block(row)
        // The org-unit ids ascend (checked above): find the unit by bisection and read only its entries.
        guard let k = block.index(of: key.orgUnit) else { return nil }
        let flags = block.flags[k]
        let actorID: Int32 = block.actors.entry(k)
        let actor = try String.fetchOne(db, sql: "SELECT name FROM actor WHERE id = ?", arguments: [actorID])
        return StoredValue(
            value: Double(bitPattern: block.values.entry(k)), storedBy: actor, created: block.created.entry(k),
            updated: block.updated.entry(k),
            comment: flags & ValueBlock.hasComment != 0 ? try comment(key, in: db) : nil,
            followUp: flags & ValueBlock.followUp != 0)
    }

    /// A value's comment, read on `db`.
    static func comment(_ key: ValueKey, in db: Database) throws -> String? {
        try String.fetchOne(
            db,
            sql:
                "SELECT comment FROM value_comment WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ?",
            arguments: [key.element, key.period, key.orgUnit, key.combo])
    }

    /// How many history entries a value has, read on `db`.
    static func historyCount(_ key: ValueKey, in db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM data_value_history
                WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ?
                """, arguments: [key.element, key.period, key.orgUnit, key.combo]) ?? 0
    }

    public func history(_ key: ValueKey) throws -> [HistoryEntry] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT action, previous_value, previous_stored_by, previous_time, new_value, changed_by, changed_at
                        FROM data_value_history
                        WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ? ORDER BY id
                        """, arguments: [key.element, key.period, key.orgUnit, key.combo]
                ).map {
                    HistoryEntry(
                        action: $0["action"], previousValue: $0["previous_value"],
                        previousStoredBy: $0["previous_stored_by"], previousTime: $0["previous_time"],
                        newValue: $0["new_value"], changedBy: $0["changed_by"], changedAt: $0["changed_at"])
                }
            }
        }
    }

    public func valueCount() throws -> Int {
        try wrap {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM value_block") ?? 0 }
        }
    }

    /// Runs the database's own integrity and foreign-key checks; returns the problems found.
    public func integrityProblems() throws -> [String] {
        try wrap {
            try queue.read { db in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
                return problems
            }
        }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                Localized(
                    zh: "数据库 \(path) 出错：\(error.message ?? "\(error.resultCode)")",
                    en: "database error in \(path): \(error.message ?? "\(error.resultCode)")"))
        }
    }
}

extension SQLiteStore {
    /// The value of a pragma, such as `journal_mode`; for diagnostics and tests.
    public func pragma(_ name: String) throws -> String? {
        guard name.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }
}
