internal import PostgresNIO
internal import TallyCore
internal import TallyStore
internal import TallyText

/// Writes values of ``PostgresStore`` inside its transaction, deciding each ``WriteOutcome`` in memory and sending
/// the changes to the server in multi-row statements.
///
/// Like the SQLite writer it works by block — the values of one element, period and combo across org units. The
/// first value of a block takes an advisory lock on the schema, element and period (so two imports of the same
/// values at once are serialized rather than losing each other's history) and reads the block's stored rows; every
/// further value of the block is compared and changed in memory. A transaction's first ``singleReads`` look-ups
/// read one row each (a value of a block, an org unit, a person), then the whole block or table at once: a write of
/// a few values (a form, the API) costs the rows it touches, not a province's blocks of tens of thousands, and an
/// import reads each block once as before. A changed value's previous state is queued for
/// `data_value_history`. The final state of every touched value is queued too and sent with
/// `INSERT … SELECT … FROM unnest(…) ON CONFLICT … DO UPDATE` (and one `DELETE … USING unnest(…)` for
/// removals) when ``flushThreshold`` values are queued and before the transaction ends. When the blocks in memory
/// hold more than ``memoryBudget`` values, the queue is flushed and the least recently used half of the blocks is
/// dropped, so memory stays bounded however long the import is.
///
/// Outcomes are those of the SQLite writer: a value that already carries this batch's id was given earlier in the
/// same batch (a duplicate); an equal value is unchanged but takes the batch id, follow-up flag and any new comment.
final class PostgresValueWriter: ValueWriter {
    /// How many queued values trigger a flush.
    static let flushThreshold = 20_000
    /// How many flushes' worth of staged rows one `COPY` sends (100,000 rows, some 6 MB of text, with the usual
    /// limits): fewer statements, and two such buffers in memory.
    static let copyBatches = 5
    /// The most values that blocks may hold in memory before the least recently used are dropped; a quarter of it
    /// is how many staged rows are held in memory (some 40 MB) before they are sorted and written to a run.
    static let memoryBudget = 2_000_000
    /// How many look-ups of one row (a stored value, an org unit, a person) a transaction makes before it reads whole
    /// blocks and tables: some 30 ms of round trips at most, a small part of a whole block's read at the province.
    static let singleReads = 256

    /// One stored value as the writer sees it; `value` is NaN when the value is absent (removed in this batch).
    struct Slot {
        var value: Double
        var actor: Int32
        var created: Int64
        var updated: Int64
        var batch: Int32
        var followUp: Bool
        var comment: String?
        var queued = false
    }

    /// The key of a block: one element, period and combo.
    struct BlockKey: Hashable {
        var element: Int32
        var period: Int32
        var combo: Int32
    }

    /// The values of one block, by org-unit id: every stored one once the block is `complete`, until then those
    /// of the units in `read`.
    final class Block {
        var slots: [Int32: Slot] = [:]
        var lastUse = 0
        var complete = true
        var read: Set<Int32> = []

        /// Whether the state of `unit`'s value (stored or absent) is known.
        func holds(_ unit: Int32) -> Bool { complete || read.contains(unit) }
    }

    let connection: BlockingConnection
    let batch: WriteBatch
    let batchID: Int32
    /// The rules of this batch's text writes.
    var texts = TextBatch()
    private var blocks: [BlockKey: Block] = [:]
    private var lastBlock: (key: BlockKey, block: Block)?
    private var held = 0
    private var clock = 0
    private var lockedPeriods: Set<Int64> = []
    private var newPeriods: Set<Int32> = []
    /// Whether this transaction registered a period (which moves the store's change token).
    var registeredPeriods: Bool { !newPeriods.isEmpty }
    private var periodIDs: [Period: Int32] = [:]
    private var actorIDs: [String: Int32] = [:]
    private var actorNames: [Int32: String] = [:]
    /// Whether `actorIDs` holds every stored name (the table was read whole).
    private var allActorsRead = false
    /// Whether this transaction holds the lock on registering people.
    private var registering = false
    /// Ids taken from `actor`'s sequence and not yet given to a name, last first.
    private var reservedActorIDs: [Int32] = []
    /// People named in this transaction and not yet inserted.
    private var newActors: [(id: Int32, name: String)] = []
    /// Org-unit ids known to be stored: every one once `allUnitsRead`.
    private var knownUnits: Set<Int32> = []
    private var allUnitsRead = false
    /// How many more single-row look-ups this transaction makes before it reads whole blocks and tables.
    private var readsLeft: Int
    private var knownElements: Set<Int32> = []
    private var knownCombos: Set<Int32> = []
    private var knownPeriods: Set<Int32> = []
    private var deletedKeys: Set<ValueKey> = []
    private var queue: [(block: Block, key: ValueKey)] = []
    private var history = HistoryRows()

    private let limits: (flush: Int, memory: Int, reads: Int)
    private var mode = WriterMode()
    private lazy var staging = PostgresStaging(
        connection: connection, batch: batch, batchID: batchID, rowsPerCopy: limits.flush * Self.copyBatches,
        runRows: limits.memory / 4)
    /// The last block key checked for staging, whose element, period and combo are known.
    private var checkedKey: BlockKey?

    init(
        connection: BlockingConnection, batch: WriteBatch, batchID: Int32,
        limits: (flush: Int, memory: Int, reads: Int) = (flushThreshold, memoryBudget, singleReads)
    ) throws {
        self.connection = connection
        self.limits = limits
        readsLeft = limits.reads
        self.batch = batch
        self.batchID = batchID
        for row in try connection.execute("SELECT id, identifier FROM period") {
            let (id, identifier) = try row.decode((Int32, String).self)
            if let period = try? Period(identifier) { periodIDs[period] = id }
        }
        for row in try connection.execute("SELECT id FROM element") { knownElements.insert(try row.decode(Int32.self)) }
        for row in try connection.execute("SELECT id FROM combo") { knownCombos.insert(try row.decode(Int32.self)) }
        knownPeriods = Set(periodIDs.values)
    }

    func periodID(_ period: Period) throws -> Int32 {
        if let id = periodIDs[period] { return id }
        let inserted = try connection.query(
            """
            INSERT INTO period (identifier, type, start_day, end_day)
            VALUES (\(period.identifier), \(period.type.rawValue), \(Int32(period.start.ordinal)), \(Int32(period.end.ordinal)))
            ON CONFLICT (identifier) DO NOTHING RETURNING id
            """)
        let id: Int32
        if let row = inserted.first {
            id = try row.decode(Int32.self)
            // A period made in this transaction holds no values yet: its blocks need not be read.
            newPeriods.insert(id)
        } else {
            id = try connection.query("SELECT id FROM period WHERE identifier = \(period.identifier)").first!.decode(
                Int32.self)
        }
        periodIDs[period] = id
        knownPeriods.insert(id)
        return id
    }

    /// The id of a person, registering a new name.
    ///
    /// An import may name thousands of new people (a clerk per village), and a statement per name would cost a
    /// round trip each. So the first new name takes a lock on registering people (held to the end of the
    /// transaction, so no other writer can register a name meanwhile), reads the names registered since this
    /// writer started, and then hands out ids reserved from the table's sequence, many at a time; the new rows
    /// are inserted together before anything reads them (``registerActors()``).
    func actorID(_ name: String) throws -> Int32 {
        if let id = actorIDs[name] { return id }
        if let id = try storedActor(name) { return id }
        if !registering {
            try connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':actor registration', 0))")
            registering = true
            // Names registered by others before the lock was taken.
            allActorsRead = false
            if let id = try storedActor(name) { return id }
        }
        if reservedActorIDs.isEmpty {
            let n = min(max(newActors.count, 16), 4096)
            reservedActorIDs = try connection.query(
                "SELECT nextval(pg_get_serial_sequence('actor', 'id'))::integer FROM generate_series(1, \(n))"
            ).map { try $0.decode(Int32.self) }.reversed()
        }
        let id = reservedActorIDs.removeLast()
        actorIDs[name] = id
        actorNames[id] = name
        newActors.append((id, name))
        return id
    }

    /// The stored id of a name not in `actorIDs` yet: looked up alone while single reads last, else from the whole
    /// table, read once.
    private func storedActor(_ name: String) throws -> Int32? {
        if allActorsRead { return nil }
        if readsLeft > 0 {
            readsLeft -= 1
            guard let id = try connection.query("SELECT id FROM actor WHERE name = \(name)").first?.decode(Int32.self)
            else { return nil }
            actorIDs[name] = id
            actorNames[id] = name
            return id
        }
        for row in try connection.execute("SELECT id, name FROM actor") {
            let (id, known) = try row.decode((Int32, String).self)
            actorIDs[known] = id
            actorNames[id] = known
        }
        allActorsRead = true
        return actorIDs[name]
    }

    /// Inserts the people named since the last call; before any statement that reads `actor` and before the commit.
    func registerActors() throws {
        guard !newActors.isEmpty else { return }
        let ids = newActors.map(\.id)
        let names = newActors.map(\.name)
        try connection.query(
            "INSERT INTO actor (id, name) SELECT * FROM unnest(\(ids)::integer[], \(names)::text[])")
        newActors.removeAll()
    }

    func actorName(_ id: Int32) throws -> String? {
        if let name = actorNames[id] { return name }
        let name = try connection.query("SELECT name FROM actor WHERE id = \(id)").first?.decode(String.self)
        if let name { actorNames[id] = name }
        return name
    }

    func upsert(_ write: ValueWrite) throws -> WriteOutcome {
        try mode.use(.direct)
        let k = write.key
        let block = try block(k)
        let time = write.time ?? batch.time
        guard var slot = block.slots[k.orgUnit], !slot.value.isNaN else {
            let actor = try write.actor ?? actorID(write.storedBy ?? batch.user)
            let queued = block.slots[k.orgUnit]?.queued ?? false
            block.slots[k.orgUnit] = Slot(
                value: write.value, actor: actor, created: time, updated: time, batch: batchID,
                followUp: write.followUp, comment: write.comment, queued: queued)
            if !queued { held += 1 }
            try enqueue(block, k)
            if !deletedKeys.isEmpty { deletedKeys.remove(k) }
            return .new
        }
        if slot.batch == batchID { return .duplicate }
        // A comment is replaced when one is given; a write without one keeps the stored comment.
        if let comment = write.comment { slot.comment = comment }
        slot.followUp = write.followUp
        slot.batch = batchID
        let old = slot.value
        if old == write.value {
            block.slots[k.orgUnit] = slot
            try enqueue(block, k)
            return .unchanged
        }
        let user = try write.storedBy ?? write.actor.flatMap(actorName) ?? batch.user
        history.append(
            k, action: "update", previous: old, previousBy: try actorName(slot.actor), previousTime: slot.updated,
            new: write.value, by: user, at: batch.time)
        slot.value = write.value
        slot.actor = try write.actor ?? actorID(user)
        slot.updated = time
        block.slots[k.orgUnit] = slot
        try enqueue(block, k)
        return .changed(previous: old)
    }

    func delete(_ key: ValueKey, by user: String?, at time: Int64?) throws -> WriteOutcome {
        try mode.use(.direct)
        if deletedKeys.contains(key) { return .duplicate }
        let block = try block(key)
        guard var slot = block.slots[key.orgUnit], !slot.value.isNaN else {
            deletedKeys.insert(key)
            return .absent
        }
        if slot.batch == batchID { return .duplicate }
        history.append(
            key, action: "delete", previous: slot.value, previousBy: try actorName(slot.actor),
            previousTime: slot.updated, new: nil, by: user ?? batch.user, at: time ?? batch.time)
        let old = slot.value
        slot.value = .nan
        slot.comment = nil
        slot.followUp = false
        block.slots[key.orgUnit] = slot
        try enqueue(block, key)
        deletedKeys.insert(key)
        return .deleted(previous: old)
    }

    func addReportEvent(_ event: ReportEvent) throws -> Bool {
        try connection.query(event.insertion).count == 1
    }

    func reportEvents(
        dataset: String, orgUnit: String, period: String, attributeCombo: String
    ) throws
        -> [ReportEvent]
    {
        try connection.query(
            """
            SELECT seq, action, comment, done_by, done_at FROM report_event
            WHERE dataset = \(dataset) AND period = \(period) AND org_unit = \(orgUnit)
                AND attribute_combo = \(attributeCombo)
            ORDER BY seq
            """
        ).compactMap { row in
            let (seq, action, comment, by, at) = try row.decode((Int32, String, String, String, Int64).self)
            return ReportAction(rawValue: action).map {
                ReportEvent(
                    dataset: dataset, orgUnit: orgUnit, period: period, attributeCombo: attributeCombo, seq: Int(seq),
                    action: $0, comment: comment, by: by, at: at)
            }
        }
    }

    func current(_ key: ValueKey) throws -> VersionedValue {
        try mode.use(.direct)
        // Reading the block takes its lock, held to the end of the transaction: the state cannot change after this.
        let block = try block(key)
        let stored = try connection.query(
            """
            SELECT count(*) FROM data_value_history
            WHERE element_id = \(key.element) AND period_id = \(key.period)
                AND org_unit_id = \(key.orgUnit) AND combo_id = \(key.combo)
            """
        ).first!.decode(Int64.self)
        let history = Int(stored) + self.history.count(of: key)
        guard let slot = block.slots[key.orgUnit], !slot.value.isNaN else {
            return VersionedValue(stored: nil, historyCount: history)
        }
        return VersionedValue(
            stored: StoredValue(
                value: slot.value, storedBy: try actorName(slot.actor), created: slot.created, updated: slot.updated,
                comment: slot.comment, followUp: slot.followUp),
            historyCount: history)
    }

    // MARK: Staged writes

    func stage(_ write: ValueWrite, row: Int) throws {
        try mode.use(.staging)
        guard !write.value.isNaN else {
            throw StoreError(
                .database, Localized(zh: "要存储的数值必须是数字，不能是 NaN", en: "a value to store must be a number, not NaN"))
        }
        try check(write.key)
        try staging.append(
            write.key, removal: false, value: write.value,
            actor: try write.actor ?? actorID(write.storedBy ?? batch.user), time: write.time,
            followUp: write.followUp, comment: write.comment, row: row)
    }

    func stageRemoval(_ key: ValueKey, by actor: Int32?, at time: Int64?, row: Int) throws {
        try mode.use(.staging)
        try check(key)
        try staging.append(
            key, removal: true, value: 0, actor: actor, time: time, followUp: false, comment: nil, row: row)
    }

    func applyStaged(reporting limit: Int, strategy: WriteStrategy) throws -> StagedOutcomes {
        try mode.use(.applied)
        try registerActors()
        return try staging.apply(reporting: limit, unlockedPeriods: newPeriods, strategy: strategy)
    }

    /// Checks that the ids of a key are in the catalog: `data_value` has no foreign keys.
    @inline(__always)
    func check(_ k: ValueKey) throws {
        guard try knownUnits.contains(k.orgUnit) || isStoredUnit(k.orgUnit) else {
            throw StoreError(
                .notFound, Localized(zh: "单位编号 \(k.orgUnit) 不存在", en: "org unit id \(k.orgUnit) does not exist"))
        }
        let key = BlockKey(element: k.element, period: k.period, combo: k.combo)
        if key == checkedKey { return }
        guard knownElements.contains(k.element) else {
            throw StoreError(
                .notFound, Localized(zh: "数据项编号 \(k.element) 不存在", en: "element id \(k.element) does not exist"))
        }
        guard knownCombos.contains(k.combo) else {
            throw StoreError(
                .notFound, Localized(zh: "分类组合编号 \(k.combo) 不存在", en: "combo id \(k.combo) does not exist"))
        }
        guard knownPeriods.contains(k.period) else {
            throw StoreError(
                .notFound,
                Localized(
                    zh: "期间编号 \(k.period) 不存在；请用 periodID(_:) 向写入器取得",
                    en: "period id \(k.period) does not exist; ask the writer for it with periodID(_:)"))
        }
        checkedKey = key
    }

    /// Whether an org unit id not in `knownUnits` yet is stored: looked up alone while single reads last, else in
    /// the whole table, read once.
    private func isStoredUnit(_ id: Int32) throws -> Bool {
        if allUnitsRead { return false }
        if readsLeft > 0 {
            readsLeft -= 1
            guard try !connection.query("SELECT 1 FROM org_unit WHERE id = \(id)").isEmpty else { return false }
            knownUnits.insert(id)
            return true
        }
        for row in try connection.execute("SELECT id FROM org_unit") { knownUnits.insert(try row.decode(Int32.self)) }
        allUnitsRead = true
        return knownUnits.contains(id)
    }

    /// Sends what is queued; throws when values were staged but never applied. Called before the transaction
    /// commits.
    func finish() throws {
        try mode.finish()
        try flush()
    }

    // MARK: Blocks

    /// The block of `k`, holding the state of `k`'s value.
    private func block(_ k: ValueKey) throws -> Block {
        let key = BlockKey(element: k.element, period: k.period, combo: k.combo)
        if let lastBlock, lastBlock.key == key, knownUnits.contains(k.orgUnit), lastBlock.block.holds(k.orgUnit) {
            return lastBlock.block
        }
        try check(k)
        clock += 1
        let block: Block
        if let known = blocks[key] {
            block = known
        } else {
            if held > limits.memory { try evict() }
            block = Block()
            // A period made in this transaction holds no values yet: its blocks need not be read.
            if !newPeriods.contains(key.period) {
                try lock(element: key.element, period: key.period)
                block.complete = false
            }
            blocks[key] = block
        }
        block.lastUse = clock
        if !block.holds(k.orgUnit) { try read(k, into: block) }
        lastBlock = (key, block)
        return block
    }

    /// Reads the stored value of `k` into its block: that row alone while single reads last, else every row of the
    /// block, leaving the units read before as they are in memory (they may have changed in this transaction).
    private func read(_ k: ValueKey, into block: Block) throws {
        let rows: PostgresQueryResult
        if readsLeft > 0 {
            readsLeft -= 1
            block.read.insert(k.orgUnit)
            rows = try connection.query(
                """
                SELECT org_unit_id, value, actor_id, created, updated, batch_id, follow_up, comment FROM data_value
                WHERE element_id = \(k.element) AND period_id = \(k.period) AND combo_id = \(k.combo)
                    AND org_unit_id = \(k.orgUnit)
                """)
        } else {
            rows = try connection.query(
                """
                SELECT org_unit_id, value, actor_id, created, updated, batch_id, follow_up, comment FROM data_value
                WHERE element_id = \(k.element) AND period_id = \(k.period) AND combo_id = \(k.combo)
                """)
            block.complete = true
        }
        let before = block.slots.count
        for row in rows {
            let (unit, value, actor, created, updated, batch, followUp, comment) = try row.decode(
                (Int32, Double, Int32, Int64, Int64, Int32, Bool, String?).self)
            if block.complete && block.read.contains(unit) { continue }
            block.slots[unit] = Slot(
                value: value, actor: actor, created: created, updated: updated, batch: batch, followUp: followUp,
                comment: comment)
        }
        if block.complete { block.read = [] }
        held += block.slots.count - before
    }

    /// Takes the lock of an element and period, once per transaction: before its stored rows are read (a statement
    /// of its own, so that the read sees what a writer that held the lock before has committed).
    func lock(element: Int32, period: Int32) throws {
        let lockKey = Int64(element) << 32 | Int64(UInt32(bitPattern: period))
        guard lockedPeriods.insert(lockKey).inserted else { return }
        // Advisory locks are per database: the schema is part of the key, so that imports into different
        // schemas (counties, tests) do not wait for each other.
        try connection.query(
            """
            SELECT pg_advisory_xact_lock(
                hashtextextended(current_schema() || ':' || \(element) || ':' || \(period), 0))
            """)
    }

    /// Sends the queue, then forgets the least recently used half of the blocks.
    private func evict() throws {
        try flush()
        let order = blocks.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, block) in order.prefix(max(1, order.count / 2)) {
            held -= block.slots.count
            blocks[key] = nil
        }
        lastBlock = nil
        // The flush has written values of the new periods: their blocks must be read from now on.
        newPeriods.removeAll()
    }

    private func enqueue(_ block: Block, _ key: ValueKey) throws {
        guard block.slots[key.orgUnit]?.queued == false else { return }
        block.slots[key.orgUnit]!.queued = true
        queue.append((block, key))
        if queue.count >= limits.flush { try flush() }
    }

    // MARK: Sending

    /// Sends every queued value and history row; called before the transaction commits.
    func flush() throws {
        try registerActors()
        try history.send(connection, batchID: batchID)
        guard !queue.isEmpty else { return }
        var upserts = ValueRows()
        var deletes: (element: [Int32], period: [Int32], combo: [Int32], unit: [Int32]) = ([], [], [], [])
        for (block, key) in queue {
            guard var slot = block.slots[key.orgUnit] else { continue }
            slot.queued = false
            if slot.value.isNaN {
                block.slots[key.orgUnit] = nil
                held -= 1
                deletes.element.append(key.element)
                deletes.period.append(key.period)
                deletes.combo.append(key.combo)
                deletes.unit.append(key.orgUnit)
            } else {
                block.slots[key.orgUnit] = slot
                upserts.append(key, slot)
            }
        }
        queue.removeAll(keepingCapacity: true)
        if !deletes.unit.isEmpty {
            try connection.query(
                """
                DELETE FROM data_value d
                USING unnest(\(deletes.element)::integer[], \(deletes.period)::integer[], \(deletes.combo)::integer[],
                    \(deletes.unit)::integer[]) AS k(e, p, c, o)
                WHERE d.element_id = k.e AND d.period_id = k.p AND d.combo_id = k.c AND d.org_unit_id = k.o
                """)
        }
        if upserts.count > 0 { try upserts.send(connection, batchID: batchID) }
    }
}

/// The keys of queued rows, as columns.
private struct KeyColumns {
    var element: [Int32] = []
    var period: [Int32] = []
    var combo: [Int32] = []
    var unit: [Int32] = []

    mutating func append(_ key: ValueKey) {
        element.append(key.element)
        period.append(key.period)
        combo.append(key.combo)
        unit.append(key.orgUnit)
    }
}

/// Values queued for one multi-row upsert, as columns.
private struct ValueRows {
    var key = KeyColumns()
    var value: [Double] = []
    var actor: [Int32] = []
    var created: [Int64] = []
    var updated: [Int64] = []
    var followUp: [Bool] = []
    var hasComment: [Bool] = []
    var comment: [String] = []

    var count: Int { value.count }

    mutating func append(_ key: ValueKey, _ slot: PostgresValueWriter.Slot) {
        self.key.append(key)
        value.append(slot.value)
        actor.append(slot.actor)
        created.append(slot.created)
        updated.append(slot.updated)
        followUp.append(slot.followUp)
        hasComment.append(slot.comment != nil)
        comment.append(slot.comment ?? "")
    }

    func send(_ connection: BlockingConnection, batchID: Int32) throws {
        try connection.query(
            """
            INSERT INTO data_value (element_id, period_id, combo_id, org_unit_id, value, actor_id, created, updated,
                batch_id, follow_up, comment)
            SELECT e, p, c, o, v, a, cr, up, \(batchID), f, CASE WHEN hc THEN cm END
            FROM unnest(\(key.element)::integer[], \(key.period)::integer[], \(key.combo)::integer[],
                \(key.unit)::integer[], \(value)::double precision[], \(actor)::integer[], \(created)::bigint[],
                \(updated)::bigint[], \(followUp)::boolean[], \(hasComment)::boolean[], \(comment)::text[])
                AS t(e, p, c, o, v, a, cr, up, f, hc, cm)
            ON CONFLICT (element_id, period_id, combo_id, org_unit_id) DO UPDATE SET
                value = excluded.value, actor_id = excluded.actor_id, created = excluded.created,
                updated = excluded.updated, batch_id = excluded.batch_id, follow_up = excluded.follow_up,
                comment = excluded.comment
            """)
    }
}

/// History rows queued for one multi-row insert, as columns, in the order the changes were made.
private struct HistoryRows {
    var element: [Int32] = []
    var period: [Int32] = []
    var unit: [Int32] = []
    var combo: [Int32] = []
    var action: [String] = []
    var previous: [Double] = []
    var hasPreviousBy: [Bool] = []
    var previousBy: [String] = []
    var previousTime: [Int64] = []
    var new: [Double] = []
    var by: [String] = []
    var at: [Int64] = []

    mutating func append(
        _ k: ValueKey, action: String, previous: Double, previousBy: String?, previousTime: Int64, new: Double?,
        by: String, at: Int64
    ) {
        element.append(k.element)
        period.append(k.period)
        unit.append(k.orgUnit)
        combo.append(k.combo)
        self.action.append(action)
        self.previous.append(previous)
        hasPreviousBy.append(previousBy != nil)
        self.previousBy.append(previousBy ?? "")
        self.previousTime.append(previousTime)
        self.new.append(new ?? .nan)
        self.by.append(by)
        self.at.append(at)
    }

    /// How many queued rows are for `k`.
    func count(of k: ValueKey) -> Int {
        var n = 0
        for i in element.indices
        where element[i] == k.element && period[i] == k.period && unit[i] == k.orgUnit && combo[i] == k.combo {
            n += 1
        }
        return n
    }

    mutating func send(_ connection: BlockingConnection, batchID: Int32) throws {
        guard !element.isEmpty else { return }
        try connection.query(
            """
            INSERT INTO data_value_history (element_id, period_id, org_unit_id, combo_id, action, previous_value,
                previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
            SELECT e, p, o, c, a, pv, CASE WHEN hp THEN pb END, pt, NULLIF(nv, 'NaN'::double precision), cb, ca,
                \(batchID)
            FROM unnest(\(element)::integer[], \(period)::integer[], \(unit)::integer[], \(combo)::integer[],
                \(action)::text[], \(previous)::double precision[], \(hasPreviousBy)::boolean[],
                \(previousBy)::text[], \(previousTime)::bigint[], \(new)::double precision[], \(by)::text[],
                \(at)::bigint[]) WITH ORDINALITY AS h(e, p, o, c, a, pv, hp, pb, pt, nv, cb, ca, n)
            ORDER BY n
            """)
        self = HistoryRows()
    }
}
