internal import NIOCore
internal import PostgresNIO
internal import TallyStore

/// The staged writes of one ``PostgresValueWriter``: rows sent with `COPY … FROM STDIN` into a temporary table, then
/// merged into `data_value` and `data_value_history` with a few set-based statements.
///
/// Rows are written in COPY's text format into a buffer; when it holds `rowsPerCopy` rows (100,000 usually) it is
/// sent, and the next rows are prepared while the server takes it (one copy in flight at a time). Memory on this
/// side is two buffers, whatever the size of the file; the server keeps the rows in a temporary table, dropped when
/// the transaction ends.
///
/// ``apply(reporting:)`` decides every outcome in the server with the rules of the direct writes. A file without
/// removals that names each value once — the usual import — is joined once with the stored values: changed values
/// get their history rows, stored values are updated and new ones inserted in the order of the primary key; a value
/// given twice shows as a key inserted twice or a stored row updated fewer times than given, and undoes the attempt
/// (a savepoint). Otherwise a window over each value's staged rows in the order staged decides every row: a row after
/// an earlier write of its value is a duplicate, a removal after an earlier removal too, and a write after a removal
/// enters the value again (new); the rows left — at most one removal and one write per value — are compared with the
/// stored value. No statement uses `INSERT … ON CONFLICT`, which took four times as long as a plain insert of the
/// same two million rows (measured).
final class PostgresStaging {
    private let connection: BlockingConnection
    private let batch: WriteBatch
    private let batchID: Int32
    private let rowsPerCopy: Int
    private var text: [UInt8] = []
    private var rowsInText = 0
    private var pending: BlockingConnection.PendingCopy?
    private var created = false
    /// Rows staged so far; numbers them in the order staged.
    private(set) var count = 0

    static let columns = ["seq", "line", "e", "p", "c", "o", "del", "v", "a", "t", "f", "cm"]

    init(connection: BlockingConnection, batch: WriteBatch, batchID: Int32, rowsPerCopy: Int) {
        self.connection = connection
        self.batch = batch
        self.batchID = batchID
        self.rowsPerCopy = max(rowsPerCopy, 1)
        text.reserveCapacity(min(self.rowsPerCopy, 100_000) * 64)
    }

    /// Adds one row; `value` is ignored for a removal.
    func append(
        _ key: ValueKey, removal: Bool, value: Double, actor: Int32?, time: Int64?, followUp: Bool, comment: String?,
        row: Int
    ) throws {
        count += 1
        text.appendDecimal(Int64(count))
        text.append(9)
        text.appendDecimal(Int64(row))
        text.append(9)
        text.appendDecimal(Int64(key.element))
        text.append(9)
        text.appendDecimal(Int64(key.period))
        text.append(9)
        text.appendDecimal(Int64(key.combo))
        text.append(9)
        text.appendDecimal(Int64(key.orgUnit))
        text.append(9)
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
        rowsInText += 1
        if rowsInText >= rowsPerCopy { try send() }
    }

    /// Sends the rows prepared so far, after the copy before them has ended.
    private func send() throws {
        guard rowsInText > 0 else { return }
        if !created {
            try connection.execute(
                """
                CREATE TEMP TABLE tally_staged (seq bigint, line bigint, e integer, p integer, c integer, o integer,
                    del boolean, v double precision, a integer, t bigint, f boolean, cm text) ON COMMIT DROP
                """)
            created = true
        }
        if let pending { try connection.wait(pending) }
        pending = try connection.startCopy(into: "tally_staged", columns: Self.columns, ByteBuffer(bytes: text))
        text.removeAll(keepingCapacity: true)
        rowsInText = 0
    }

    /// Merges the staged rows into the stored values; see the type's description.
    ///
    /// - Parameters:
    ///   - limit: how many duplicates to list.
    ///   - unlockedPeriods: periods made in this transaction, whose values no other writer can touch.
    ///   - strategy: which writes to apply; other than ``WriteStrategy/createAndUpdate`` the exact merge decides.
    func apply(reporting limit: Int, unlockedPeriods: Set<Int32>, strategy: WriteStrategy) throws -> StagedOutcomes {
        try send()
        if let pending { try connection.wait(pending) }
        pending = nil
        guard created else { return StagedOutcomes() }
        // One lock per element and period, in one order, before the stored rows are read (a statement of its own,
        // so that the read sees what a writer that held a lock before has committed).
        let fresh = Array(unlockedPeriods)
        try connection.query(
            """
            SELECT count(*) FROM (
                SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || e || ':' || p, 0))
                FROM (SELECT DISTINCT e, p FROM tally_staged WHERE p <> ALL(\(fresh)::integer[]) ORDER BY e, p) k) l
            """)
        try connection.execute("ANALYZE tally_staged")
        let removals = try connection.execute("SELECT coalesce(bool_or(del), false) FROM tally_staged").first!.decode(
            Bool.self)
        // A file without removals usually names each value once: merge it without ordering its rows by value. A
        // value given twice shows as a key inserted twice or a stored row updated fewer times than it was given;
        // then the savepoint undoes the attempt and the exact merge decides every row.
        if !removals && strategy == .createAndUpdate {
            try connection.execute("SAVEPOINT tally_once")
            do {
                if let outcomes = try applyOnce() {
                    try connection.execute("RELEASE SAVEPOINT tally_once")
                    try drop()
                    return outcomes
                }
            } catch let error as PostgresStoreError where error.sqlState == "23505" {
                // A key inserted twice: a value given twice.
            }
            try connection.execute("ROLLBACK TO SAVEPOINT tally_once")
        }
        let outcomes = try applyInOrder(reporting: limit, strategy: strategy)
        try drop()
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
            // primary key, so that its index grows at its end instead of everywhere.
            try connection.query(
                """
                INSERT INTO data_value (element_id, period_id, combo_id, org_unit_id, value, actor_id, created,
                    updated, batch_id, follow_up, comment)
                SELECT s.e, s.p, s.c, s.o, s.v, s.a, coalesce(s.t, \(batchTime)), coalesce(s.t, \(batchTime)),
                    \(batchID), s.f, s.cm
                FROM tally_staged s WHERE NOT EXISTS (SELECT 1 FROM data_value d WHERE \(unescaped: stored))
                ORDER BY s.e, s.p, s.c, s.o
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

    /// Drops the temporary tables; the next staged rows start afresh.
    private func drop() throws {
        try connection.execute("DROP TABLE IF EXISTS tally_decided")
        try connection.execute("DROP TABLE tally_staged")
        created = false
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
