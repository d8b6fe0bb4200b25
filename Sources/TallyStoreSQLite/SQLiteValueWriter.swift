internal import GRDB
internal import GRDBSQLite
internal import TallyCore
internal import TallyStore
internal import TallyText

/// Writes values of ``SQLiteStore`` through blocks held densely in memory.
///
/// Direct writes (a form, the API): the block a value belongs to is loaded once (or created), the value is
/// compared and changed in memory, and dirty blocks are written back when memory passes ``memoryBudget`` and when
/// the batch ends. A value's previous state goes to `data_value_history` at the moment it changes; comments live in
/// `value_comment`.
///
/// Staged writes (an import): rows wait in ``SQLiteStaging`` — in memory up to the staging budget, then in sorted
/// runs of a temporary file — and ``applyStaged(reporting:)`` visits each block once, in key order: it loads the
/// block, applies the block's rows in the order staged with the same rules as direct writes, and writes the block
/// back. Each block is read and written once whatever the order of the file, so an import grouped by org unit
/// costs what one grouped by period costs, and memory stays bounded however long the file is.
final class SQLiteValueWriter: ValueWriter {
    /// The most memory that decoded blocks may hold before the least recently used are written back.
    static let memoryBudget = 96 << 20

    let db: Database
    let batch: WriteBatch
    let batchID: Int32
    /// The rules of this batch's text writes.
    var texts = TextBatch()
    private let capacity: Int
    private var blocks: [BlockKey: ValueBlock] = [:]
    private var memory = 0
    private var clock = 0
    /// The few blocks used last: rows usually cycle through the elements of one unit and period. The keys are
    /// kept apart so that the search touches no reference-counted values.
    private var recentKeys: [BlockKey] = []
    private var recentBlocks: [ValueBlock] = []
    private let selectBlock: Statement
    private let saveBlock: Statement
    /// A block not stored before: a plain `INSERT` of one row, which SQLite runs without a statement journal (an
    /// `INSERT OR REPLACE` may delete a row before it inserts one, so SQLite keeps every page it changes in a
    /// temporary file in case the statement fails half-way: 380 MB written and read for the province's import).
    private let insertBlock: Statement
    private let dropBlock: Statement
    private let history: Statement
    private var actorIDs: [String: Int32] = [:]
    private var actorNames: [Int32: String] = [:]
    private var lastActor: (name: String, id: Int32)?
    private var periodIDs: [Period: Int32] = [:]
    private var deletedKeys: Set<ValueKey> = []
    private var mode = WriterMode()
    private let staging: SQLiteStaging

    init(db: Database, batch: WriteBatch, batchID: Int64, stagingBudget: Int) throws {
        self.db = db
        self.batch = batch
        staging = SQLiteStaging(budget: stagingBudget)
        self.batchID = Int32(truncatingIfNeeded: batchID)
        capacity = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM org_unit") ?? 0) + 1
        selectBlock = try db.makeStatement(
            sql: """
                SELECT org_units, vals, actors, created, updated, batches, flags FROM value_block
                WHERE element_id = ?1 AND period_id = ?2 AND combo_id = ?3
                """)
        saveBlock = try db.makeStatement(
            sql: """
                INSERT OR REPLACE INTO value_block
                    (element_id, period_id, combo_id, count, org_units, vals, actors, created, updated, batches, flags)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
        insertBlock = try db.makeStatement(
            sql: """
                INSERT INTO value_block
                    (element_id, period_id, combo_id, count, org_units, vals, actors, created, updated, batches, flags)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """)
        dropBlock = try db.makeStatement(
            sql: "DELETE FROM value_block WHERE element_id = ?1 AND period_id = ?2 AND combo_id = ?3")
        history = try db.makeStatement(
            sql: """
                INSERT INTO data_value_history (element_id, period_id, org_unit_id, combo_id, action,
                    previous_value, previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for row in try Row.fetchAll(db, sql: "SELECT id, identifier FROM period") {
            if let p = try? Period(row["identifier"] as String) { periodIDs[p] = row["id"] }
        }
    }

    func periodID(_ period: Period) throws -> Int32 {
        if let id = periodIDs[period] { return id }
        try db.execute(
            sql: "INSERT INTO period (identifier, type, start_day, end_day) VALUES (?, ?, ?, ?)",
            arguments: [period.identifier, period.type.rawValue, period.start.ordinal, period.end.ordinal])
        let id = Int32(db.lastInsertedRowID)
        periodIDs[period] = id
        return id
    }

    func actorID(_ name: String) throws -> Int32 {
        if let lastActor, lastActor.name == name { return lastActor.id }
        if let id = actorIDs[name] {
            lastActor = (name, id)
            return id
        }
        // Cached statements: an import may name a person on each of many thousands of rows.
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO actor (name) VALUES (?)").execute(arguments: [name])
        let id = try Int32.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM actor WHERE name = ?"), arguments: [name])!
        actorIDs[name] = id
        actorNames[id] = name
        lastActor = (name, id)
        return id
    }

    func actorName(_ id: Int32) throws -> String? {
        if let name = actorNames[id] { return name }
        let name = try String.fetchOne(db, sql: "SELECT name FROM actor WHERE id = ?", arguments: [id])
        if let name { actorNames[id] = name }
        return name
    }

    func upsert(_ write: ValueWrite) throws -> WriteOutcome {
        try mode.use(.direct)
        let k = write.key
        let (block, i) = try slot(k)
        let time = write.time ?? batch.time
        let flags: UInt8 =
            (write.followUp ? ValueBlock.followUp : 0) | (write.comment != nil ? ValueBlock.hasComment : 0)
        let old = block.value[i]
        block.dirty = true
        if old.isNaN {
            block.value[i] = write.value
            block.actor[i] = try write.actor ?? actorID(write.storedBy ?? batch.user)
            block.created[i] = time
            block.updated[i] = time
            block.batch[i] = batchID
            block.flags[i] = flags
            block.count += 1
            if let comment = write.comment { try saveComment(k, comment) }
            if !deletedKeys.isEmpty { deletedKeys.remove(k) }
            return .new
        }
        if block.batch[i] == batchID { return .duplicate }
        // A comment is replaced when one is given; a write without one keeps the stored comment.
        let keptComment = write.comment == nil ? block.flags[i] & ValueBlock.hasComment : 0
        if let comment = write.comment { try saveComment(k, comment) }
        let newFlags = flags | keptComment
        block.batch[i] = batchID
        if old == write.value {
            block.flags[i] = newFlags
            return .unchanged
        }
        let user = try write.storedBy ?? write.actor.flatMap(actorName) ?? batch.user
        try recordHistory(
            k, action: "update", previous: old, previousActor: block.actor[i], previousTime: block.updated[i],
            newValue: write.value, by: user, at: batch.time)
        block.value[i] = write.value
        block.actor[i] = try write.actor ?? actorID(user)
        block.updated[i] = time
        block.flags[i] = newFlags
        return .changed(previous: old)
    }

    func delete(_ key: ValueKey, by user: String?, at time: Int64?) throws -> WriteOutcome {
        try mode.use(.direct)
        if deletedKeys.contains(key) { return .duplicate }
        let (block, i) = try slot(key)
        let old = block.value[i]
        guard !old.isNaN else {
            deletedKeys.insert(key)
            return .absent
        }
        if block.batch[i] == batchID { return .duplicate }
        try recordHistory(
            key, action: "delete", previous: old, previousActor: block.actor[i], previousTime: block.updated[i],
            newValue: nil, by: user ?? batch.user, at: time ?? batch.time)
        if block.flags[i] & ValueBlock.hasComment != 0 { try deleteComment(key) }
        block.value[i] = .nan
        block.flags[i] = 0
        block.count -= 1
        block.dirty = true
        deletedKeys.insert(key)
        return .deleted(previous: old)
    }

    func addReportEvent(_ event: ReportEvent) throws -> Bool {
        try SQLiteStore.add(event, in: db)
    }

    func reportEvents(
        dataset: String, orgUnit: String, period: String, attributeCombo: String
    ) throws
        -> [ReportEvent]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM report_event WHERE dataset = ? AND period = ? AND org_unit = ? AND attribute_combo = ?
                ORDER BY seq
                """,
            arguments: [dataset, period, orgUnit, attributeCombo]
        ).compactMap(SQLiteStore.reportEvent)
    }

    func current(_ key: ValueKey) throws -> VersionedValue {
        try mode.use(.direct)
        let (block, i) = try slot(key)
        let history = try SQLiteStore.historyCount(key, in: db)
        let value = block.value[i]
        guard !value.isNaN else { return VersionedValue(stored: nil, historyCount: history) }
        let flags = block.flags[i]
        let stored = StoredValue(
            value: value, storedBy: try actorName(block.actor[i]), created: block.created[i],
            updated: block.updated[i],
            comment: flags & ValueBlock.hasComment != 0 ? try SQLiteStore.comment(key, in: db) : nil,
            followUp: flags & ValueBlock.followUp != 0)
        return VersionedValue(stored: stored, historyCount: history)
    }

    /// Writes every changed block back; called before the transaction commits.
    func flush() throws {
        try mode.finish()
        for (key, block) in blocks where block.dirty {
            try store(block, key)
        }
    }

    // MARK: Staged writes

    func stage(_ write: ValueWrite, row: Int) throws {
        try mode.use(.staging)
        guard !write.value.isNaN else {
            throw StoreError(
                .database, Localized(zh: "要存储的数值必须是数字，不能是 NaN", en: "a value to store must be a number, not NaN"))
        }
        let k = write.key
        guard k.orgUnit >= 0 && Int(k.orgUnit) < capacity else {
            throw StoreError(
                .notFound, Localized(zh: "单位编号 \(k.orgUnit) 不存在", en: "org unit id \(k.orgUnit) does not exist"))
        }
        let comment = try write.comment.map { try staging.keep(comment: $0) } ?? -1
        try staging.append(
            StagedRow(
                value: write.value, time: write.time ?? StagedRow.noTime, row: Int64(row), comment: comment,
                unit: k.orgUnit, actor: try write.actor ?? actorID(write.storedBy ?? batch.user),
                block: staging.block(BlockKey(element: k.element, period: k.period, combo: k.combo)),
                kind: write.followUp ? StagedRow.followUp : 0))
    }

    func stageRemoval(_ key: ValueKey, by actor: Int32?, at time: Int64?, row: Int) throws {
        try mode.use(.staging)
        guard key.orgUnit >= 0 && Int(key.orgUnit) < capacity else {
            throw StoreError(
                .notFound, Localized(zh: "单位编号 \(key.orgUnit) 不存在", en: "org unit id \(key.orgUnit) does not exist"))
        }
        try staging.append(
            StagedRow(
                value: .nan, time: time ?? StagedRow.noTime, row: Int64(row), comment: -1, unit: key.orgUnit,
                actor: actor ?? -1,
                block: staging.block(BlockKey(element: key.element, period: key.period, combo: key.combo)),
                kind: StagedRow.removal))
    }

    func applyStaged(reporting limit: Int, strategy: WriteStrategy) throws -> StagedOutcomes {
        try mode.use(.applied)
        var outcomes = StagedOutcomes()
        guard staging.count > 0 else { return outcomes }
        try staging.finishRun()
        let scratch = ScratchBlock(capacity: capacity)
        let (start, order) = staging.grouped()
        for b in staging.blocksInKeyOrder() {
            let key = staging.keys[b]
            let loaded = try load(key, into: scratch.block)
            scratch.loaded(loaded ?? [])
            // The slots of the row `ahead` places on are fetched while a row is applied (see
            // `ScratchBlock.prefetch`).
            let ahead = 8
            try staging.forEachSpilledChunk(of: b) { rows in
                for k in rows.indices {
                    if k + ahead < rows.count { scratch.prefetch(Int(rows[k + ahead].unit)) }
                    try apply(rows[k], key, scratch, &outcomes, limit, strategy)
                }
            }
            try staging.rows.withUnsafeBufferPointer { rows in
                let (first, end) = (start[b], start[b + 1])
                for k in first..<end {
                    if k + ahead < end { scratch.prefetch(Int(rows[Int(order[k + ahead])].unit)) }
                    try apply(rows[Int(order[k])], key, scratch, &outcomes, limit, strategy)
                }
            }
            try store(scratch.encoded(), key, stored: loaded != nil)
            scratch.clear()
        }
        return outcomes
    }

    /// Applies one staged row to its slot, with the rules of ``upsert(_:)`` and ``delete(_:by:at:)``. A slot removed
    /// in this batch holds NaN and this batch's id, which is how a second removal is known as a duplicate. A write
    /// the strategy leaves out is ignored the first time its slot is touched and a duplicate after that.
    @inline(__always)
    private func apply(
        _ row: StagedRow, _ blockKey: BlockKey, _ scratch: ScratchBlock, _ outcomes: inout StagedOutcomes,
        _ limit: Int, _ strategy: WriteStrategy
    ) throws {
        let i = Int(row.unit)
        let block = scratch.block
        let first = scratch.touch(i, row: row.row)
        let old = block.value[i]
        let outcome: WriteOutcome
        func key() -> ValueKey {
            ValueKey(element: blockKey.element, period: blockKey.period, orgUnit: row.unit, combo: blockKey.combo)
        }
        if row.kind & StagedRow.removal != 0 {
            if old.isNaN {
                if !first && block.batch[i] == batchID {
                    outcome = .duplicate
                } else {
                    block.batch[i] = batchID
                    outcome = .absent
                }
            } else if block.batch[i] == batchID {
                outcome = .duplicate
            } else {
                let user = row.actor >= 0 ? try actorName(row.actor) ?? batch.user : batch.user
                try recordHistory(
                    key(), action: "delete", previous: old, previousActor: block.actor[i],
                    previousTime: block.updated[i], newValue: nil, by: user,
                    at: row.time == StagedRow.noTime ? batch.time : row.time)
                if block.flags[i] & ValueBlock.hasComment != 0 { try deleteComment(key()) }
                block.value[i] = .nan
                block.flags[i] = 0
                block.batch[i] = batchID
                block.count -= 1
                outcome = .deleted(previous: old)
            }
        } else if leftOut(strategy, stored: !old.isNaN && block.batch[i] != batchID, new: old.isNaN) {
            outcome = first ? .ignored : .duplicate
        } else {
            let time = row.time == StagedRow.noTime ? batch.time : row.time
            let hasComment = row.comment >= 0
            let flags: UInt8 =
                (row.kind & StagedRow.followUp != 0 ? ValueBlock.followUp : 0)
                | (hasComment ? ValueBlock.hasComment : 0)
            if old.isNaN {
                block.value[i] = row.value
                block.actor[i] = row.actor
                block.created[i] = time
                block.updated[i] = time
                block.batch[i] = batchID
                block.flags[i] = flags
                block.count += 1
                if hasComment { try saveComment(key(), try staging.comment(at: row.comment)) }
                outcome = .new
            } else if block.batch[i] == batchID {
                outcome = .duplicate
            } else {
                let keptComment = hasComment ? 0 : block.flags[i] & ValueBlock.hasComment
                if hasComment { try saveComment(key(), try staging.comment(at: row.comment)) }
                block.batch[i] = batchID
                if old == row.value {
                    block.flags[i] = flags | keptComment
                    outcome = .unchanged
                } else {
                    try recordHistory(
                        key(), action: "update", previous: old, previousActor: block.actor[i],
                        previousTime: block.updated[i], newValue: row.value,
                        by: try actorName(row.actor) ?? batch.user, at: batch.time)
                    block.value[i] = row.value
                    block.actor[i] = row.actor
                    block.updated[i] = time
                    block.flags[i] = flags | keptComment
                    outcome = .changed(previous: old)
                }
            }
        }
        outcomes.count(outcome)
        if outcome == .duplicate {
            outcomes.list(
                StagedDuplicate(row: Int(row.row), key: key(), firstRow: Int(scratch.firstRow[i])), limit: limit)
        }
    }

    /// Whether the strategy leaves out a write of a value stored before this batch (`stored`) or not stored
    /// (`new`).
    @inline(__always)
    private func leftOut(_ strategy: WriteStrategy, stored: Bool, new: Bool) -> Bool {
        switch strategy {
        case .createAndUpdate: false
        case .createOnly: stored
        case .updateOnly: new
        }
    }

    // MARK: Blocks

    @inline(__always)
    private func slot(_ k: ValueKey) throws -> (ValueBlock, Int) {
        let i = Int(k.orgUnit)
        guard i >= 0 && i < capacity else {
            throw StoreError(
                .notFound, Localized(zh: "单位编号 \(k.orgUnit) 不存在", en: "org unit id \(k.orgUnit) does not exist"))
        }
        let key = BlockKey(element: k.element, period: k.period, combo: k.combo)
        for k in recentKeys.indices where recentKeys[k] == key { return (recentBlocks[k], i) }
        let block = try block(key)
        if recentKeys.count == 16 {
            recentKeys.removeFirst()
            recentBlocks.removeFirst()
        }
        recentKeys.append(key)
        recentBlocks.append(block)
        return (block, i)
    }

    private func block(_ key: BlockKey) throws -> ValueBlock {
        clock += 1
        if let block = blocks[key] {
            block.lastUse = clock
            return block
        }
        if memory > Self.memoryBudget { try evict() }
        let block = ValueBlock(capacity: capacity)
        block.lastUse = clock
        _ = try load(key, into: block)
        blocks[key] = block
        memory += block.memory
        return block
    }

    /// Fills an empty block with its stored values; returns the org-unit ids it holds, ascending, or nil when the
    /// block has no row.
    private func load(_ key: BlockKey, into block: ValueBlock) throws -> [Int32]? {
        let s = selectBlock.sqliteStatement
        sqlite3_reset(s)
        bindBlockKey(s, key)
        let rc = sqlite3_step(s)
        var units: [Int32]?
        if rc == SQLITE_ROW {
            units = try block.load(
                EncodedBlock(
                    units: blob(s, 0), values: blob(s, 1), actors: blob(s, 2), created: blob(s, 3), updated: blob(s, 4),
                    batches: blob(s, 5), flags: blob(s, 6)))
        } else if rc != SQLITE_DONE {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: lastMessage)
        }
        sqlite3_reset(s)
        return units
    }

    /// Writes back and forgets the least recently used half of the blocks.
    private func evict() throws {
        let order = blocks.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, block) in order.prefix(max(1, order.count / 2)) {
            if block.dirty { try store(block, key) }
            blocks[key] = nil
            memory -= block.memory
        }
        recentKeys.removeAll()
        recentBlocks.removeAll()
    }

    private func store(_ block: ValueBlock, _ key: BlockKey) throws {
        try store(block.count == 0 ? nil : block.encode(), key)
        block.dirty = false
    }

    /// Writes a block's columns, or removes its row when it holds no value (`nil`); `stored` says whether the
    /// block has a row.
    private func store(_ encoded: EncodedBlock?, _ key: BlockKey, stored: Bool = true) throws {
        if let e = encoded {
            let s = (stored ? saveBlock : insertBlock).sqliteStatement
            sqlite3_reset(s)
            bindBlockKey(s, key)
            sqlite3_bind_int64(s, 4, Int64(e.count))
            for (n, bytes) in [e.units, e.values, e.actors, e.created, e.updated, e.batches, e.flags].enumerated() {
                bytes.withUnsafeBytes { raw in
                    _ = sqlite3_bind_blob(s, Int32(5 + n), raw.baseAddress, Int32(raw.count), Self.transient)
                }
            }
            try step(s)
        } else if stored {
            let d = dropBlock.sqliteStatement
            sqlite3_reset(d)
            bindBlockKey(d, key)
            try step(d)
        }
    }

    private func blob(_ s: OpaquePointer, _ column: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(s, column))
        guard n > 0, let p = sqlite3_column_blob(s, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    // MARK: Comments and history

    private func saveComment(_ k: ValueKey, _ comment: String) throws {
        try db.execute(
            sql:
                "INSERT OR REPLACE INTO value_comment (element_id, period_id, org_unit_id, combo_id, comment) VALUES (?, ?, ?, ?, ?)",
            arguments: [k.element, k.period, k.orgUnit, k.combo, comment])
    }

    private func deleteComment(_ k: ValueKey) throws {
        try db.execute(
            sql:
                "DELETE FROM value_comment WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ?",
            arguments: [k.element, k.period, k.orgUnit, k.combo])
    }

    private func recordHistory(
        _ k: ValueKey, action: String, previous: Double, previousActor: Int32, previousTime: Int64, newValue: Double?,
        by user: String, at time: Int64
    ) throws {
        let h = history.sqliteStatement
        sqlite3_reset(h)
        sqlite3_bind_int64(h, 1, Int64(k.element))
        sqlite3_bind_int64(h, 2, Int64(k.period))
        sqlite3_bind_int64(h, 3, Int64(k.orgUnit))
        sqlite3_bind_int64(h, 4, Int64(k.combo))
        bindText(h, 5, action)
        sqlite3_bind_double(h, 6, previous)
        bindText(h, 7, try actorName(previousActor))
        sqlite3_bind_int64(h, 8, previousTime)
        if let newValue { sqlite3_bind_double(h, 9, newValue) } else { sqlite3_bind_null(h, 9) }
        bindText(h, 10, user)
        sqlite3_bind_int64(h, 11, time)
        sqlite3_bind_int64(h, 12, Int64(batchID))
        try step(h)
    }

    // MARK: SQLite

    @inline(__always)
    private func bindBlockKey(_ s: OpaquePointer, _ k: BlockKey) {
        sqlite3_bind_int64(s, 1, Int64(k.element))
        sqlite3_bind_int64(s, 2, Int64(k.period))
        sqlite3_bind_int64(s, 3, Int64(k.combo))
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bindText(_ s: OpaquePointer, _ i: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(s, i)
            return
        }
        sqlite3_bind_text(s, i, text, -1, Self.transient)
    }

    private var lastMessage: String { String(cString: sqlite3_errmsg(db.sqliteConnection)) }

    private func step(_ s: OpaquePointer) throws {
        let rc = sqlite3_step(s)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: lastMessage)
        }
        sqlite3_reset(s)
    }
}
