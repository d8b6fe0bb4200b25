internal import NIOCore
internal import PostgresNIO
internal import TallyStore
internal import TallyText

/// The staged writes of one ``PostgresValueWriter``: rows sorted by the primary key on this side (in runs, spilled to
/// a temporary file when there are many), then sent with `COPY … FROM STDIN` and merged into `data_value` and
/// `data_value_history` with a few set-based statements.
///
/// Rows are held in memory until `runRows` of them have been staged; then they are sorted by `data_value`'s primary
/// key (element, period, combo, org unit, then the order staged) and written to a ``SpillFile`` as one *run*. At
/// ``apply(reporting:unlockedPeriods:strategy:)`` the runs are merged and sent in key order, in COPY's text format,
/// `rowsPerCopy` rows a statement (the next rows prepared while the server takes one). Memory on this side is one
/// run's rows and two COPY buffers, whatever the size and the order of the file; the server never sorts the rows.
///
/// ``apply(reporting:unlockedPeriods:strategy:)`` decides every outcome with the rules of the direct writes. When the
/// file removes nothing, names each value once (no two adjacent rows share a key) and no value of its elements and
/// periods is stored yet — the first import of a year, a province's initial load — every row is new: the rows are
/// copied straight into `data_value`, in the order of its primary key, so its index grows at its end (measured at
/// 2.9 million rows: no temporary table, no join, no sort on the server). Otherwise the rows are copied into a
/// temporary table, dropped when the transaction ends. A file without removals that names each value once is joined
/// once with the stored values: changed values get their history rows, stored values are updated and new ones
/// inserted; a value given twice shows as a key inserted twice or a stored row updated fewer times than given, and
/// undoes the attempt (a savepoint). Otherwise a window over each value's staged rows in the order staged decides
/// every row: a row after an earlier write of its value is a duplicate, a removal after an earlier removal too, and a
/// write after a removal enters the value again (new); the rows left — at most one removal and one write per value —
/// are compared with the stored value. No statement uses `INSERT … ON CONFLICT`, which took four times as long as a
/// plain insert of the same two million rows (measured).
final class PostgresStaging {
    private let connection: BlockingConnection
    private let batch: WriteBatch
    private let batchID: Int32
    private let rowsPerCopy: Int
    private let runRows: Int
    /// Rows staged since the last run was written, in the order staged.
    private var rows: [StagedValue] = []
    /// The runs written so far, each sorted.
    private var runs: [(offset: Int64, bytes: Int64)] = []
    private var spill: SpillFile?
    /// The element and period of every row staged (element in the high half), for their locks.
    private var blocks: Set<UInt64> = []
    private var removals = false
    private var text: [UInt8] = []
    private var rowsInText = 0
    private var pending: BlockingConnection.PendingCopy?
    private var created = false
    /// Rows staged so far; numbers them in the order staged.
    private(set) var count = 0

    static let columns = ["seq", "line", "e", "p", "c", "o", "del", "v", "a", "t", "f", "cm"]
    static let valueColumns = [
        "element_id", "period_id", "combo_id", "org_unit_id", "value", "actor_id", "created", "updated", "batch_id",
        "follow_up", "comment",
    ]

    /// - Parameters:
    ///   - rowsPerCopy: how many rows one `COPY` sends.
    ///   - runRows: how many staged rows are held in memory before they are sorted and written to a run.
    init(connection: BlockingConnection, batch: WriteBatch, batchID: Int32, rowsPerCopy: Int, runRows: Int) {
        self.connection = connection
        self.batch = batch
        self.batchID = batchID
        self.rowsPerCopy = max(rowsPerCopy, 1)
        self.runRows = max(runRows, 1)
        text.reserveCapacity(min(self.rowsPerCopy, 100_000) * 64)
    }

    /// Adds one row; `value` is ignored for a removal.
    func append(
        _ key: ValueKey, removal: Bool, value: Double, actor: Int32?, time: Int64?, followUp: Bool, comment: String?,
        row: Int
    ) throws {
        count += 1
        blocks.insert(UInt64(UInt32(bitPattern: key.element)) << 32 | UInt64(UInt32(bitPattern: key.period)))
        removals = removals || removal
        rows.append(
            StagedValue(
                key: key, seq: Int64(count), line: Int64(row), value: removal ? 0 : value, time: time, actor: actor,
                removal: removal, followUp: followUp, comment: comment))
        if rows.count >= runRows { try writeRun() }
    }

    /// Sorts the rows in memory and writes them to the spill file as one run.
    private func writeRun() throws {
        guard !rows.isEmpty else { return }
        rows.sort(by: StagedValue.precedes)
        if spill == nil { spill = try SpillFile(purpose: Localized(zh: "暂存数值", en: "staged values")) }
        let file = spill!
        let offset = file.size
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SpillFile.bufferSize + 4_096)
        for row in rows {
            row.encode(into: &bytes)
            if bytes.count >= SpillFile.bufferSize {
                _ = try bytes.withUnsafeBytes { try file.append($0) }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        _ = try bytes.withUnsafeBytes { try file.append($0) }
        runs.append((offset, file.size - offset))
        rows.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with every staged row in key order (runs merged); stops when `body` returns false.
    private func inKeyOrder(_ body: (StagedValue) throws -> Bool) throws {
        if runs.isEmpty {
            rows.sort(by: StagedValue.precedes)
            for row in rows where try !body(row) { return }
            return
        }
        try writeRun()
        var merge = try RunMerge(file: spill!, runs: runs)
        while let row = try merge.next() {
            if try !body(row) { return }
        }
    }

    /// Adds one row in COPY's text format, sending the rows prepared when there are `rowsPerCopy` of them.
    private func send(into table: String, columns: [String], _ encode: (inout [UInt8]) -> Void) throws {
        encode(&text)
        rowsInText += 1
        if rowsInText >= rowsPerCopy { try flush(into: table, columns: columns) }
    }

    /// Sends the rows prepared so far, after the copy before them has ended.
    private func flush(into table: String, columns: [String]) throws {
        guard rowsInText > 0 else { return }
        if let pending { try connection.wait(pending) }
        pending = try connection.startCopy(into: table, columns: columns, ByteBuffer(bytes: text))
        text.removeAll(keepingCapacity: true)
        rowsInText = 0
    }

    /// Waits for the last copy; drops the rows of a copy that was not sent.
    private func finishCopies() throws {
        text.removeAll(keepingCapacity: true)
        rowsInText = 0
        if let pending {
            self.pending = nil
            try connection.wait(pending)
        }
    }

    /// Merges the staged rows into the stored values; see the type's description.
    ///
    /// - Parameters:
    ///   - limit: how many duplicates to list.
    ///   - unlockedPeriods: periods made in this transaction, whose values no other writer can touch.
    ///   - strategy: which writes to apply; other than ``WriteStrategy/createAndUpdate`` the exact merge decides.
    func apply(reporting limit: Int, unlockedPeriods: Set<Int32>, strategy: WriteStrategy) throws -> StagedOutcomes {
        guard count > 0 else { return StagedOutcomes() }
        defer { drop() }
        // One lock per element and period, in one order, before the stored rows are read (a statement of its own,
        // so that the read sees what a writer that held a lock before has committed).
        let keys = blocks.sorted()
        let elements = keys.map { Int32(bitPattern: UInt32($0 >> 32)) }
        let periods = keys.map { Int32(bitPattern: UInt32($0 & 0xFFFF_FFFF)) }
        let locked = zip(elements, periods).filter { !unlockedPeriods.contains($0.1) }
        try connection.query(
            """
            SELECT count(*) FROM (
                SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || e || ':' || p, 0))
                FROM unnest(\(locked.map(\.0))::integer[], \(locked.map(\.1))::integer[]) WITH ORDINALITY k(e, p, n)
                ORDER BY n) l
            """)
        if !removals && strategy == .createAndUpdate {
            let stored = try connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM unnest(\(elements)::integer[], \(periods)::integer[]) k(e, p)
                    WHERE EXISTS (SELECT 1 FROM data_value d WHERE d.element_id = k.e AND d.period_id = k.p))
                """
            ).first!.decode(Bool.self)
            if !stored, let outcomes = try applyFresh() { return outcomes }
        }
        try connection.execute(
            """
            CREATE TEMP TABLE tally_staged (seq bigint, line bigint, e integer, p integer, c integer, o integer,
                del boolean, v double precision, a integer, t bigint, f boolean, cm text) ON COMMIT DROP
            """)
        created = true
        try inKeyOrder { row in
            try send(into: "tally_staged", columns: Self.columns) { row.encodeStaged(into: &$0) }
            return true
        }
        try flush(into: "tally_staged", columns: Self.columns)
        try finishCopies()
        try connection.execute("ANALYZE tally_staged")
        // A file without removals usually names each value once: merge it without ordering its rows by value. A
        // value given twice shows as a key inserted twice or a stored row updated fewer times than it was given;
        // then the savepoint undoes the attempt and the exact merge decides every row.
        if !removals && strategy == .createAndUpdate {
            try connection.execute("SAVEPOINT tally_once")
            do {
                if let outcomes = try applyOnce() {
                    try connection.execute("RELEASE SAVEPOINT tally_once")
                    return outcomes
                }
            } catch let error as PostgresStoreError where error.sqlState == "23505" {
                // A key inserted twice: a value given twice.
            }
            try connection.execute("ROLLBACK TO SAVEPOINT tally_once")
        }
        return try applyInOrder(reporting: limit, strategy: strategy)
    }

    /// Copies the rows straight into `data_value` when none of their elements and periods has a stored value and the
    /// file names each value once; `nil` (and nothing written) when a value is named twice.
    private func applyFresh() throws -> StagedOutcomes? {
        let time = batch.time
        let batchID = batchID
        var previous: ValueKey?
        var twice = false
        try connection.execute("SAVEPOINT tally_fresh")
        do {
            try inKeyOrder { row in
                if row.key == previous {
                    twice = true
                    return false
                }
                previous = row.key
                try send(into: "data_value", columns: Self.valueColumns) {
                    row.encodeStored(into: &$0, batchTime: time, batchID: batchID)
                }
                return true
            }
            if !twice { try flush(into: "data_value", columns: Self.valueColumns) }
            try finishCopies()
        } catch let error as PostgresStoreError where error.sqlState == "23505" {
            // A key the server already held: a copy failed, so none is pending any more.
            twice = true
            pending = nil
            text.removeAll(keepingCapacity: true)
            rowsInText = 0
        }
        if twice {
            try connection.execute("ROLLBACK TO SAVEPOINT tally_fresh")
            return nil
        }
        try connection.execute("RELEASE SAVEPOINT tally_fresh")
        var outcomes = StagedOutcomes()
        outcomes.new = count
        return outcomes
    }

    /// The merge of a file that names each value once and removes none, or `nil` when it names a value twice.
    /// Every statement joins the staged rows with the stored values again, which for the usual import (most
    /// values new) costs less than keeping the joined rows in another table.
    private func applyOnce() throws -> StagedOutcomes? {
        let (batchTime, batchID) = (batch.time, batchID)
        let stored = "d.element_id = s.e AND d.period_id = s.p AND d.combo_id = s.c AND d.org_unit_id = s.o"
        let counts = try connection.execute(
            """
            SELECT count(*) FILTER (WHERE d.value IS NULL), count(*) FILTER (WHERE d.value = s.v),
                count(*) FILTER (WHERE d.value <> s.v)
            FROM tally_staged s LEFT JOIN data_value d ON \(stored)
            """
        ).first!.decode((Int64, Int64, Int64).self)
        var outcomes = StagedOutcomes()
        outcomes.new = Int(counts.0)
        outcomes.unchanged = Int(counts.1)
        outcomes.changed = Int(counts.2)
        if outcomes.changed > 0 {
            try connection.query(
                """
                INSERT INTO data_value_history (element_id, period_id, org_unit_id, combo_id, action, previous_value,
                    previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
                SELECT s.e, s.p, s.o, s.c, 'update', d.value, pa.name, d.updated, s.v,
                    coalesce(na.name, \(batch.user)), \(batchTime), \(batchID)
                FROM tally_staged s JOIN data_value d ON \(unescaped: stored)
                    LEFT JOIN actor pa ON pa.id = d.actor_id LEFT JOIN actor na ON na.id = s.a
                WHERE d.value <> s.v
                ORDER BY s.e, s.p, s.c, s.o
                """)
        }
        if outcomes.changed + outcomes.unchanged > 0 {
            let updated = try connection.query(
                """
                UPDATE data_value d SET
                    value = CASE WHEN d.value = s.v THEN d.value ELSE s.v END,
                    actor_id = CASE WHEN d.value = s.v THEN d.actor_id ELSE s.a END,
                    updated = CASE WHEN d.value = s.v THEN d.updated ELSE coalesce(s.t, \(batchTime)) END,
                    batch_id = \(batchID), follow_up = s.f, comment = coalesce(s.cm, d.comment)
                FROM tally_staged s WHERE \(unescaped: stored)
                """
            ).metadata.rows
            // A stored value given twice is updated once.
            if updated != outcomes.changed + outcomes.unchanged { return nil }
        }
        if outcomes.new > 0 {
            // The rows not stored (before this statement and still: the update inserts none), in the order of the
            // primary key as they were copied, so that its index grows at its end instead of everywhere.
            try connection.query(
                """
                INSERT INTO data_value (element_id, period_id, combo_id, org_unit_id, value, actor_id, created,
                    updated, batch_id, follow_up, comment)
                SELECT s.e, s.p, s.c, s.o, s.v, s.a, coalesce(s.t, \(batchTime)), coalesce(s.t, \(batchTime)),
                    \(batchID), s.f, s.cm
                FROM tally_staged s WHERE NOT EXISTS (SELECT 1 FROM data_value d WHERE \(unescaped: stored))
                """)
        }
        return outcomes
    }

    /// The exact merge: every row decided in the order staged (ub: the value was written earlier in this batch;
    /// rb: it was removed earlier; fl: the line that named it first). A write the strategy leaves out is ignored.
    private func applyInOrder(reporting limit: Int, strategy: WriteStrategy) throws -> StagedOutcomes {
        // A write of a value not stored (or removed just before), and a write of a stored value.
        let fresh = "(NOT del AND NOT ub AND (rb OR old_v IS NULL))"
        let stored = "(NOT del AND NOT ub AND NOT rb AND old_v IS NOT NULL)"
        let (creates, updates) = (strategy != .updateOnly, strategy != .createOnly)
        let (batchTime, batchID, user) = (batch.time, batchID, batch.user)
        var outcomes = StagedOutcomes()
        try connection.execute(
            """
            CREATE TEMP TABLE tally_decided ON COMMIT DROP AS
            SELECT w.*, d.value AS old_v, d.actor_id AS old_a, d.updated AS old_up
            FROM (
                SELECT s.*, coalesce(bool_or(NOT s.del) OVER k, false) AS ub,
                    coalesce(bool_or(s.del) OVER k, false) AS rb,
                    first_value(s.line) OVER (PARTITION BY s.e, s.p, s.c, s.o ORDER BY s.seq) AS fl
                FROM tally_staged s
                WINDOW k AS (PARTITION BY s.e, s.p, s.c, s.o ORDER BY s.seq
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            ) w
            LEFT JOIN data_value d
                ON d.element_id = w.e AND d.period_id = w.p AND d.combo_id = w.c AND d.org_unit_id = w.o
            """)
        try connection.execute("ANALYZE tally_decided")
        let counts = try connection.query(
            """
            SELECT count(*) FILTER (WHERE \(unescaped: fresh)),
                count(*) FILTER (WHERE \(unescaped: stored) AND old_v = v),
                count(*) FILTER (WHERE \(unescaped: stored) AND old_v <> v),
                count(*) FILTER (WHERE del AND NOT ub AND NOT rb AND old_v IS NOT NULL),
                count(*) FILTER (WHERE del AND NOT ub AND NOT rb AND old_v IS NULL),
                count(*) FILTER (WHERE ub OR (del AND rb))
            FROM tally_decided
            """
        ).first!.decode((Int64, Int64, Int64, Int64, Int64, Int64).self)
        outcomes.new = creates ? Int(counts.0) : 0
        outcomes.unchanged = updates ? Int(counts.1) : 0
        outcomes.changed = updates ? Int(counts.2) : 0
        outcomes.ignored = (creates ? 0 : Int(counts.0)) + (updates ? 0 : Int(counts.1 + counts.2))
        outcomes.deleted = Int(counts.3)
        outcomes.absent = Int(counts.4)
        outcomes.duplicates = Int(counts.5)
        if outcomes.duplicates > 0 && limit > 0 {
            for row in try connection.query(
                """
                SELECT line, e, p, o, c, fl FROM tally_decided WHERE ub OR (del AND rb)
                ORDER BY line, e, p, o, c LIMIT \(Int64(limit))
                """)
            {
                let (line, e, p, o, c, first) = try row.decode((Int64, Int32, Int32, Int32, Int32, Int64).self)
                outcomes.firstDuplicates.append(
                    StagedDuplicate(
                        row: Int(line), key: ValueKey(element: e, period: p, orgUnit: o, combo: c),
                        firstRow: Int(first)))
            }
        }
        if outcomes.changed + outcomes.deleted > 0 {
            try connection.query(
                """
                INSERT INTO data_value_history (element_id, period_id, org_unit_id, combo_id, action, previous_value,
                    previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
                SELECT x.e, x.p, x.o, x.c, CASE WHEN x.del THEN 'delete' ELSE 'update' END, x.old_v, pa.name,
                    x.old_up, CASE WHEN x.del THEN NULL ELSE x.v END, coalesce(na.name, \(user)),
                    CASE WHEN x.del THEN coalesce(x.t, \(batchTime)) ELSE \(batchTime) END, \(batchID)
                FROM tally_decided x LEFT JOIN actor pa ON pa.id = x.old_a LEFT JOIN actor na ON na.id = x.a
                WHERE NOT x.ub AND NOT x.rb AND x.old_v IS NOT NULL AND (x.del OR (x.old_v <> x.v AND \(updates)))
                ORDER BY x.e, x.p, x.c, x.o
                """)
        }
        if outcomes.deleted > 0 {
            try connection.execute(
                """
                DELETE FROM data_value d USING tally_decided x
                WHERE x.del AND NOT x.ub AND NOT x.rb AND x.old_v IS NOT NULL
                    AND d.element_id = x.e AND d.period_id = x.p AND d.combo_id = x.c AND d.org_unit_id = x.o
                """)
        }
        if updates && outcomes.changed + outcomes.unchanged > 0 {
            try connection.query(
                """
                UPDATE data_value d SET
                    value = CASE WHEN d.value = x.v THEN d.value ELSE x.v END,
                    actor_id = CASE WHEN d.value = x.v THEN d.actor_id ELSE x.a END,
                    updated = CASE WHEN d.value = x.v THEN d.updated ELSE coalesce(x.t, \(batchTime)) END,
                    batch_id = \(batchID), follow_up = x.f, comment = coalesce(x.cm, d.comment)
                FROM tally_decided x
                WHERE NOT x.del AND NOT x.ub AND NOT x.rb AND x.old_v IS NOT NULL
                    AND d.element_id = x.e AND d.period_id = x.p AND d.combo_id = x.c AND d.org_unit_id = x.o
                """)
        }
        if outcomes.new > 0 {
            // Rows removed just before (rb) were deleted above: every row here is a plain insert, in the order of
            // the primary key (the window left the table so).
            try connection.query(
                """
                INSERT INTO data_value (element_id, period_id, combo_id, org_unit_id, value, actor_id, created,
                    updated, batch_id, follow_up, comment)
                SELECT e, p, c, o, v, a, coalesce(t, \(batchTime)), coalesce(t, \(batchTime)), \(batchID), f, cm
                FROM tally_decided WHERE NOT del AND NOT ub AND (rb OR old_v IS NULL)
                """)
        }
        return outcomes
    }

    /// Forgets the staged rows and drops the temporary tables (when the transaction is still usable); the next staged
    /// rows start afresh.
    private func drop() {
        if created {
            _ = try? connection.execute("DROP TABLE IF EXISTS tally_decided")
            _ = try? connection.execute("DROP TABLE IF EXISTS tally_staged")
        }
        created = false
        rows = []
        runs = []
        spill = nil
        blocks = []
        removals = false
        count = 0
        text.removeAll(keepingCapacity: true)
        rowsInText = 0
        pending = nil
    }
}

/// One staged row, in memory or in a run of the spill file.
struct StagedValue {
    var key: ValueKey
    /// Its place in the order staged.
    var seq: Int64
    /// The row of the file it came from.
    var line: Int64
    /// The value (0 for a removal).
    var value: Double
    /// When it was entered; `nil` for the batch's time.
    var time: Int64?
    /// Who entered (or removes) it; `nil` for the batch's user.
    var actor: Int32?
    var removal: Bool
    var followUp: Bool
    var comment: String?

    /// The order rows are sent in: `data_value`'s primary key, then the order staged.
    @inline(__always)
    static func precedes(_ a: StagedValue, _ b: StagedValue) -> Bool {
        (a.key.element, a.key.period, a.key.combo, a.key.orgUnit, a.seq)
            < (b.key.element, b.key.period, b.key.combo, b.key.orgUnit, b.seq)
    }

    private static let removalFlag: UInt8 = 1
    private static let followUpFlag: UInt8 = 2
    private static let timeFlag: UInt8 = 4
    private static let actorFlag: UInt8 = 8
    private static let commentFlag: UInt8 = 16

    /// Appends the row's form in a run: a byte of flags, the key, the order staged, the line, the value, then the
    /// time, the person and the comment (its UTF-8 length, then its bytes) when there are.
    func encode(into bytes: inout [UInt8]) {
        var flags: UInt8 = 0
        if removal { flags |= Self.removalFlag }
        if followUp { flags |= Self.followUpFlag }
        if time != nil { flags |= Self.timeFlag }
        if actor != nil { flags |= Self.actorFlag }
        if comment != nil { flags |= Self.commentFlag }
        bytes.append(flags)
        bytes.appendRaw(key.element)
        bytes.appendRaw(key.period)
        bytes.appendRaw(key.combo)
        bytes.appendRaw(key.orgUnit)
        bytes.appendRaw(seq)
        bytes.appendRaw(line)
        bytes.appendRaw(value.bitPattern)
        if let time { bytes.appendRaw(time) }
        if let actor { bytes.appendRaw(actor) }
        if let comment {
            let utf8 = Array(comment.utf8)
            bytes.appendRaw(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// The bytes of the fixed part of a row in a run.
    static let fixedBytes = 1 + 16 + 8 + 8 + 8

    /// Reads a row from the start of `bytes`; `nil` when `bytes` does not hold all of it yet. `used` is how many
    /// bytes it took, or, when `nil` is returned, how many it needs at least.
    static func decode(_ bytes: UnsafeRawBufferPointer, used: inout Int) -> StagedValue? {
        guard bytes.count >= fixedBytes else {
            used = fixedBytes
            return nil
        }
        let flags = bytes[0]
        var need = fixedBytes
        if flags & timeFlag != 0 { need += 8 }
        if flags & actorFlag != 0 { need += 4 }
        if flags & commentFlag != 0 {
            guard bytes.count >= need + 4 else {
                used = need + 4
                return nil
            }
            need += 4 + Int(bytes.loadUnaligned(fromByteOffset: need, as: UInt32.self))
        }
        guard bytes.count >= need else {
            used = need
            return nil
        }
        var at = 1
        func next<T>(_: T.Type) -> T {
            defer { at += MemoryLayout<T>.size }
            return bytes.loadUnaligned(fromByteOffset: at, as: T.self)
        }
        let (element, period, combo, orgUnit) = (next(Int32.self), next(Int32.self), next(Int32.self), next(Int32.self))
        var row = StagedValue(
            key: ValueKey(element: element, period: period, orgUnit: orgUnit, combo: combo),
            seq: next(Int64.self), line: next(Int64.self), value: Double(bitPattern: next(UInt64.self)), time: nil,
            actor: nil, removal: flags & removalFlag != 0, followUp: flags & followUpFlag != 0, comment: nil)
        if flags & timeFlag != 0 { row.time = next(Int64.self) }
        if flags & actorFlag != 0 { row.actor = next(Int32.self) }
        if flags & commentFlag != 0 {
            let length = Int(next(UInt32.self))
            row.comment = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + length)]), as: UTF8.self)
            at += length
        }
        used = at
        return row
    }

    /// Appends the row as a line of COPY's text format for the temporary table, in ``PostgresStaging/columns``.
    func encodeStaged(into text: inout [UInt8]) {
        text.appendDecimal(seq)
        text.append(9)
        text.appendDecimal(line)
        text.append(9)
        text.appendKey(key)
        text.append(removal ? 116 : 102)  // t, f
        text.append(9)
        if removal { text.append(48) } else { text.appendDouble(value) }
        text.append(9)
        if let actor { text.appendDecimal(Int64(actor)) } else { text.appendNull() }
        text.append(9)
        if let time { text.appendDecimal(time) } else { text.appendNull() }
        text.append(9)
        text.append(followUp ? 116 : 102)
        text.append(9)
        if let comment { text.appendCopyText(comment) } else { text.appendNull() }
        text.append(10)
    }

    /// Appends the row as a line of COPY's text format for `data_value`, in ``PostgresStaging/valueColumns``: a new
    /// value, created and updated when it was entered (or at the batch's time). The writer names a person for every
    /// write.
    func encodeStored(into text: inout [UInt8], batchTime: Int64, batchID: Int32) {
        text.appendKey(key)
        text.appendDouble(value)
        text.append(9)
        if let actor { text.appendDecimal(Int64(actor)) } else { text.appendNull() }
        text.append(9)
        text.appendDecimal(time ?? batchTime)
        text.append(9)
        text.appendDecimal(time ?? batchTime)
        text.append(9)
        text.appendDecimal(Int64(batchID))
        text.append(9)
        text.append(followUp ? 116 : 102)
        text.append(9)
        if let comment { text.appendCopyText(comment) } else { text.appendNull() }
        text.append(10)
    }
}

/// The sorted runs of a spill file merged into one sequence in key order: a reader per run (a buffer of its own,
/// read sequentially) and a binary heap of the runs' next rows.
struct RunMerge {
    private final class Reader {
        let file: SpillFile
        var offset: Int64
        let end: Int64
        var buffer: [UInt8]
        var start = 0
        var filled = 0

        init(file: SpillFile, offset: Int64, end: Int64) {
            self.file = file
            self.offset = offset
            self.end = end
            buffer = [UInt8](repeating: 0, count: Int(min(Int64(RunMerge.readerBytes), max(end - offset, 1))))
        }

        /// The run's next row, or `nil` at its end.
        func next() throws -> StagedValue? {
            while true {
                var used = 0
                let row = buffer.withUnsafeBytes {
                    StagedValue.decode(UnsafeRawBufferPointer(rebasing: $0[start..<filled]), used: &used)
                }
                if let row {
                    start += used
                    return row
                }
                guard offset < end else { return nil }
                // Keep the unread bytes, make room for the row, and read on.
                let left = filled - start
                if left > 0 {
                    buffer.withUnsafeMutableBytes {
                        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<filled]))
                    }
                }
                start = 0
                filled = left
                if buffer.count < used { buffer += [UInt8](repeating: 0, count: used - buffer.count) }
                let count = Int(min(Int64(buffer.count - filled), end - offset))
                try buffer.withUnsafeMutableBytes {
                    try file.read(
                        at: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled..<(filled + count)]))
                }
                offset += Int64(count)
                filled += count
            }
        }
    }

    /// The bytes each run's reader holds.
    static let readerBytes = 1 << 18
    private let readers: [Reader]
    /// The runs' next rows, a min-heap by ``StagedValue/precedes(_:_:)``.
    private var heap: [(row: StagedValue, run: Int)] = []

    init(file: SpillFile, runs: [(offset: Int64, bytes: Int64)]) throws {
        readers = runs.map { Reader(file: file, offset: $0.offset, end: $0.offset + $0.bytes) }
        for (run, reader) in readers.enumerated() {
            if let row = try reader.next() { push((row, run)) }
        }
    }

    /// The next row in key order, or `nil` when every run is read.
    mutating func next() throws -> StagedValue? {
        guard let top = heap.first else { return nil }
        if let row = try readers[top.run].next() {
            heap[0] = (row, top.run)
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return top.row
    }

    private mutating func push(_ entry: (row: StagedValue, run: Int)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard StagedValue.precedes(heap[child].row, heap[parent].row) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var least = left
            if left + 1 < heap.count && StagedValue.precedes(heap[left + 1].row, heap[left].row) { least = left + 1 }
            guard StagedValue.precedes(heap[least].row, heap[parent].row) else { return }
            heap.swapAt(least, parent)
            parent = least
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `n`.
    @inline(__always)
    mutating func appendDecimal(_ n: Int64) {
        if n < 0 { append(45) }
        var m = n.magnitude
        if m < 10 {
            append(48 + UInt8(m))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = Swift.withUnsafeMutableBytes(of: &digits) { d -> Int in
            var k = 0
            while m > 0 {
                d[23 - k] = 48 + UInt8(m % 10)
                m /= 10
                k += 1
            }
            return k
        }
        Swift.withUnsafeBytes(of: &digits) { d in append(contentsOf: d[(24 - count)...]) }
    }

    /// Appends a double as text that reads back as the same double: whole numbers as integers, others in the
    /// standard library's shortest exact form.
    @inline(__always)
    mutating func appendDouble(_ v: Double) {
        if v == v.rounded(.towardZero) && abs(v) < 1e15 && !(v == 0 && v.sign == .minus) {
            appendDecimal(Int64(v))
        } else {
            append(contentsOf: "\(v)".utf8)
        }
    }

    /// Appends the bytes of a number as they are in memory.
    @inline(__always)
    mutating func appendRaw<T>(_ value: T) {
        Swift.withUnsafeBytes(of: value) { append(contentsOf: $0) }
    }

    /// Appends a key as COPY's text for the columns element, period, combo and org unit, each followed by a tab.
    @inline(__always)
    mutating func appendKey(_ key: ValueKey) {
        appendDecimal(Int64(key.element))
        append(9)
        appendDecimal(Int64(key.period))
        append(9)
        appendDecimal(Int64(key.combo))
        append(9)
        appendDecimal(Int64(key.orgUnit))
        append(9)
    }

    /// Appends COPY's `\N` (NULL).
    mutating func appendNull() {
        append(92)
        append(78)
    }

    /// Appends text escaped for COPY's text format: backslash, tab, newline and carriage return.
    mutating func appendCopyText(_ s: String) {
        for b in s.utf8 {
            switch b {
            case 92: append(contentsOf: [92, 92])
            case 9: append(contentsOf: [92, 116])
            case 10: append(contentsOf: [92, 110])
            case 13: append(contentsOf: [92, 114])
            default: append(b)
            }
        }
    }
}
