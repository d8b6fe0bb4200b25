internal import GRDB
internal import GRDBSQLite
public import TallyCore

/// The import hot path of ``SQLiteStore``: prepared statements bound and stepped directly.
///
/// A new key costs one `INSERT … ON CONFLICT DO NOTHING`. An existing key is read once and then either
/// marked as seen by this batch (unchanged), or updated with its previous state copied to history. A key
/// whose row already carries this batch's id was written earlier in the same batch: a duplicate.
final class SQLiteValueWriter: ValueWriter {
    private let db: Database
    private let batch: WriteBatch
    private let batchID: Int64
    private let insert: Statement
    private let select: Statement
    private let touch: Statement
    private let update: Statement
    private let remove: Statement
    private let history: Statement
    private var actorIDs: [String: Int64] = [:]
    private var actorNames: [Int64: String] = [:]
    private var periodIDs: [Period: Int32] = [:]
    private var deletedKeys: Set<ValueKey> = []

    init(db: Database, batch: WriteBatch, batchID: Int64) throws {
        self.db = db
        self.batch = batch
        self.batchID = batchID
        let key = "element_id = ?1 AND period_id = ?2 AND org_unit_id = ?3 AND combo_id = ?4"
        insert = try db.makeStatement(sql: """
            INSERT INTO data_value
                (element_id, period_id, org_unit_id, combo_id, value, stored_by, created, updated, comment, followup, batch_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        select = try db.makeStatement(sql: "SELECT value, batch_id, stored_by, updated FROM data_value WHERE \(key)")
        touch = try db.makeStatement(sql: "UPDATE data_value SET batch_id = ?5, comment = ?6, followup = ?7 WHERE \(key)")
        update = try db.makeStatement(sql: """
            UPDATE data_value SET value = ?5, stored_by = ?6, updated = ?7, comment = ?8, followup = ?9, batch_id = ?10
            WHERE \(key)
            """)
        remove = try db.makeStatement(sql: "DELETE FROM data_value WHERE \(key)")
        history = try db.makeStatement(sql: """
            INSERT INTO data_value_history (element_id, period_id, org_unit_id, combo_id, action,
                previous_value, previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in try Row.fetchAll(db, sql: "SELECT id, identifier FROM period") {
            if let p = try? Period(row["identifier"] as String) { periodIDs[p] = row["id"] }
        }
    }

    func finalize() {}

    func periodID(_ period: Period) throws -> Int32 {
        if let id = periodIDs[period] { return id }
        try db.execute(
            sql: "INSERT INTO period (identifier, type, start_day, end_day) VALUES (?, ?, ?, ?)",
            arguments: [period.identifier, period.type.rawValue, period.start.ordinal, period.end.ordinal])
        let id = Int32(db.lastInsertedRowID)
        periodIDs[period] = id
        return id
    }

    private func actorID(_ name: String) throws -> Int64 {
        if let id = actorIDs[name] { return id }
        try db.execute(sql: "INSERT OR IGNORE INTO actor (name) VALUES (?)", arguments: [name])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM actor WHERE name = ?", arguments: [name])!
        actorIDs[name] = id
        actorNames[id] = name
        return id
    }

    private func actorName(_ id: Int64) throws -> String? {
        if let name = actorNames[id] { return name }
        let name = try String.fetchOne(db, sql: "SELECT name FROM actor WHERE id = ?", arguments: [id])
        if let name { actorNames[id] = name }
        return name
    }

    func upsert(_ write: ValueWrite) throws -> WriteOutcome {
        let k = write.key
        let storedBy = try actorID(write.storedBy ?? batch.user)
        let time = write.time ?? batch.time
        let s = insert.sqliteStatement
        sqlite3_reset(s)
        bindKey(s, k)
        bindValue(s, 5, write.value)
        sqlite3_bind_int64(s, 6, storedBy)
        sqlite3_bind_int64(s, 7, time)
        sqlite3_bind_int64(s, 8, time)
        bindText(s, 9, write.comment)
        sqlite3_bind_int64(s, 10, write.followUp ? 1 : 0)
        sqlite3_bind_int64(s, 11, batchID)
        try step(s)
        if sqlite3_changes(db.sqliteConnection) == 1 {
            deletedKeys.remove(k)
            return .new
        }
        guard let existing = try fetch(k) else { return .new }
        if existing.batch == batchID { return .duplicate }
        if existing.value == write.value {
            let t = touch.sqliteStatement
            sqlite3_reset(t)
            bindKey(t, k)
            sqlite3_bind_int64(t, 5, batchID)
            bindText(t, 6, write.comment)
            sqlite3_bind_int64(t, 7, write.followUp ? 1 : 0)
            try step(t)
            return .unchanged
        }
        try recordHistory(k, action: "update", previous: existing, newValue: write.value, by: write.storedBy ?? batch.user)
        let u = update.sqliteStatement
        sqlite3_reset(u)
        bindKey(u, k)
        bindValue(u, 5, write.value)
        sqlite3_bind_int64(u, 6, storedBy)
        sqlite3_bind_int64(u, 7, time)
        bindText(u, 8, write.comment)
        sqlite3_bind_int64(u, 9, write.followUp ? 1 : 0)
        sqlite3_bind_int64(u, 10, batchID)
        try step(u)
        return .changed(previous: existing.value)
    }

    func delete(_ key: ValueKey, by user: String?, at time: Int64?) throws -> WriteOutcome {
        if deletedKeys.contains(key) { return .duplicate }
        guard let existing = try fetch(key) else {
            deletedKeys.insert(key)
            return .absent
        }
        if existing.batch == batchID { return .duplicate }
        try recordHistory(key, action: "delete", previous: existing, newValue: nil, by: user ?? batch.user, at: time)
        let r = remove.sqliteStatement
        sqlite3_reset(r)
        bindKey(r, key)
        try step(r)
        deletedKeys.insert(key)
        return .deleted(previous: existing.value)
    }

    private struct Existing {
        var value: Double
        var batch: Int64
        var storedBy: Int64?
        var updated: Int64
    }

    private func fetch(_ k: ValueKey) throws -> Existing? {
        let s = select.sqliteStatement
        sqlite3_reset(s)
        bindKey(s, k)
        let rc = sqlite3_step(s)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: lastMessage) }
        let storedBy: Int64? = sqlite3_column_type(s, 2) == SQLITE_NULL ? nil : sqlite3_column_int64(s, 2)
        let result = Existing(value: sqlite3_column_double(s, 0), batch: sqlite3_column_int64(s, 1), storedBy: storedBy, updated: sqlite3_column_int64(s, 3))
        sqlite3_reset(s)
        return result
    }

    private func recordHistory(_ k: ValueKey, action: String, previous: Existing, newValue: Double?, by user: String, at time: Int64? = nil) throws {
        let h = history.sqliteStatement
        sqlite3_reset(h)
        bindKey(h, k)
        bindText(h, 5, action)
        bindValue(h, 6, previous.value)
        bindText(h, 7, try previous.storedBy.flatMap(actorName))
        sqlite3_bind_int64(h, 8, previous.updated)
        if let newValue { bindValue(h, 9, newValue) } else { sqlite3_bind_null(h, 9) }
        bindText(h, 10, user)
        sqlite3_bind_int64(h, 11, time ?? batch.time)
        sqlite3_bind_int64(h, 12, batchID)
        try step(h)
    }

    @inline(__always)
    private func bindKey(_ s: OpaquePointer, _ k: ValueKey) {
        sqlite3_bind_int64(s, 1, Int64(k.element))
        sqlite3_bind_int64(s, 2, Int64(k.period))
        sqlite3_bind_int64(s, 3, Int64(k.orgUnit))
        sqlite3_bind_int64(s, 4, Int64(k.combo))
    }

    /// Whole numbers are stored as SQLite integers (compact and exact), others as reals.
    @inline(__always)
    private func bindValue(_ s: OpaquePointer, _ i: Int32, _ v: Double) {
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 {
            sqlite3_bind_int64(s, i, Int64(v))
        } else {
            sqlite3_bind_double(s, i, v)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    @inline(__always)
    private func bindText(_ s: OpaquePointer, _ i: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(s, i)
            return
        }
        sqlite3_bind_text(s, i, text, -1, Self.transient)
    }

    private var lastMessage: String { String(cString: sqlite3_errmsg(db.sqliteConnection)) }

    @inline(__always)
    private func step(_ s: OpaquePointer) throws {
        let rc = sqlite3_step(s)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: lastMessage)
        }
        sqlite3_reset(s)
    }
}
