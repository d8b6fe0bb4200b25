internal import GRDB
public import TallyStore

/// Text values (`text` and `long_text` elements): a row each in `text_value`, apart from the numeric blocks, with
/// their history in `text_value_history` as `data_value_history` keeps the numbers'.
extension SQLiteStore {
    /// Migration `v11 text values`.
    static func createTextValues(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE text_value (
                    element_id INTEGER NOT NULL REFERENCES element(id),
                    period_id INTEGER NOT NULL REFERENCES period(id),
                    combo_id INTEGER NOT NULL REFERENCES combo(id),
                    org_unit_id INTEGER NOT NULL REFERENCES org_unit(id),
                    value TEXT NOT NULL,
                    actor_id INTEGER NOT NULL REFERENCES actor(id),
                    created INTEGER NOT NULL, updated INTEGER NOT NULL,
                    batch_id INTEGER NOT NULL REFERENCES write_batch(id),
                    follow_up INTEGER NOT NULL DEFAULT 0, comment TEXT,
                    PRIMARY KEY (element_id, period_id, combo_id, org_unit_id));
                CREATE TABLE text_value_history (
                    id INTEGER PRIMARY KEY,
                    element_id INTEGER NOT NULL, period_id INTEGER NOT NULL,
                    org_unit_id INTEGER NOT NULL, combo_id INTEGER NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('update', 'delete')),
                    previous_value TEXT NOT NULL, previous_stored_by TEXT, previous_time INTEGER NOT NULL,
                    new_value TEXT, changed_by TEXT NOT NULL, changed_at INTEGER NOT NULL,
                    batch_id INTEGER NOT NULL REFERENCES write_batch(id));
                CREATE INDEX text_value_history_key
                    ON text_value_history (element_id, period_id, org_unit_id, combo_id);
                """)
    }

    /// The columns of a stored text, joined with its person's name.
    static let textColumns =
        "t.value, a.name, t.created, t.updated, t.comment, t.follow_up FROM text_value t LEFT JOIN actor a ON a.id = t.actor_id"

    static func storedText(_ row: Row) -> StoredText {
        StoredText(
            text: row[0], storedBy: row[1], created: row[2], updated: row[3], comment: row[4], followUp: row[5])
    }

    /// One stored text, read on `db`.
    static func storedText(_ key: ValueKey, in db: Database) throws -> StoredText? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT \(textColumns)
                WHERE t.element_id = ? AND t.period_id = ? AND t.combo_id = ? AND t.org_unit_id = ?
                """, arguments: [key.element, key.period, key.combo, key.orgUnit]
        ).map(storedText)
    }

    /// How many history entries a text has, read on `db`.
    static func textHistoryCount(_ key: ValueKey, in db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM text_value_history
                WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ?
                """, arguments: [key.element, key.period, key.orgUnit, key.combo]) ?? 0
    }

    public func versionedText(_ key: ValueKey) throws -> VersionedText {
        try wrap {
            try queue.read { db in
                VersionedText(
                    stored: try Self.storedText(key, in: db), historyCount: try Self.textHistoryCount(key, in: db))
            }
        }
    }

    public func textHistory(_ key: ValueKey) throws -> [TextHistoryEntry] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT action, previous_value, previous_stored_by, previous_time, new_value, changed_by, changed_at
                        FROM text_value_history
                        WHERE element_id = ? AND period_id = ? AND org_unit_id = ? AND combo_id = ? ORDER BY id
                        """, arguments: [key.element, key.period, key.orgUnit, key.combo]
                ).map {
                    TextHistoryEntry(
                        action: $0[0], previousText: $0[1], previousStoredBy: $0[2], previousTime: $0[3],
                        newText: $0[4], changedBy: $0[5], changedAt: $0[6])
                }
            }
        }
    }

    public func storedTexts(element: Int32, periods: [Int32]) throws -> [(key: ValueKey, value: StoredText)] {
        try wrap {
            try queue.read { db in
                var out: [(key: ValueKey, value: StoredText)] = []
                let statement = try db.makeStatement(
                    sql: """
                        SELECT t.combo_id, t.org_unit_id, \(Self.textColumns)
                        WHERE t.element_id = ? AND t.period_id = ? ORDER BY t.combo_id, t.org_unit_id
                        """)
                for period in periods.sorted() {
                    for row in try Row.fetchAll(statement, arguments: [element, period]) {
                        let key = ValueKey(element: element, period: period, orgUnit: row[1], combo: row[0])
                        let stored = StoredText(
                            text: row[2], storedBy: row[3], created: row[4], updated: row[5], comment: row[6],
                            followUp: row[7])
                        out.append((key, stored))
                    }
                }
                return out
            }
        }
    }

    public func textCount() throws -> Int {
        try wrap { try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM text_value") ?? 0 } }
    }
}

extension SQLiteValueWriter {
    func writeText(_ write: TextWrite, strategy: WriteStrategy) throws -> TextOutcome {
        let k = write.key
        let step = texts.write(
            k, text: write.text, stored: try SQLiteStore.storedText(k, in: db), strategy: strategy)
        let time = write.time ?? batch.time
        switch step {
        case .insert:
            let actor = try write.actor ?? actorID(write.storedBy ?? batch.user)
            try db.execute(
                sql: """
                    INSERT INTO text_value (element_id, period_id, combo_id, org_unit_id, value, actor_id, created,
                        updated, batch_id, follow_up, comment)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    k.element, k.period, k.combo, k.orgUnit, write.text, actor, time, time, batchID, write.followUp,
                    write.comment,
                ])
        case .refresh:
            // A comment is replaced when one is given; a write without one keeps the stored comment.
            try db.execute(
                sql: """
                    UPDATE text_value SET follow_up = ?, comment = COALESCE(?, comment), batch_id = ?
                    WHERE element_id = ? AND period_id = ? AND combo_id = ? AND org_unit_id = ?
                    """, arguments: [write.followUp, write.comment, batchID, k.element, k.period, k.combo, k.orgUnit])
        case .update(let previous):
            let user = try write.storedBy ?? write.actor.flatMap(actorName) ?? batch.user
            try recordTextHistory(k, "update", previous, newText: write.text, by: user, at: batch.time)
            try db.execute(
                sql: """
                    UPDATE text_value SET value = ?, actor_id = ?, updated = ?, follow_up = ?,
                        comment = COALESCE(?, comment), batch_id = ?
                    WHERE element_id = ? AND period_id = ? AND combo_id = ? AND org_unit_id = ?
                    """,
                arguments: [
                    write.text, try write.actor ?? actorID(user), time, write.followUp, write.comment, batchID,
                    k.element, k.period, k.combo, k.orgUnit,
                ])
        case .remove, .none: break
        }
        return TextBatch.outcome(step)
    }

    func deleteText(_ key: ValueKey, by actor: Int32?, at time: Int64?) throws -> TextOutcome {
        let step = texts.remove(key, stored: try SQLiteStore.storedText(key, in: db))
        if case .remove(let previous) = step {
            let user = try actor.flatMap(actorName) ?? batch.user
            try recordTextHistory(key, "delete", previous, newText: nil, by: user, at: time ?? batch.time)
            try db.execute(
                sql:
                    "DELETE FROM text_value WHERE element_id = ? AND period_id = ? AND combo_id = ? AND org_unit_id = ?",
                arguments: [key.element, key.period, key.combo, key.orgUnit])
        }
        return TextBatch.outcome(step)
    }

    func currentText(_ key: ValueKey) throws -> VersionedText {
        VersionedText(
            stored: try SQLiteStore.storedText(key, in: db),
            historyCount: try SQLiteStore.textHistoryCount(key, in: db))
    }

    private func recordTextHistory(
        _ k: ValueKey, _ action: String, _ previous: StoredText, newText: String?, by user: String, at time: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO text_value_history (element_id, period_id, org_unit_id, combo_id, action, previous_value,
                    previous_stored_by, previous_time, new_value, changed_by, changed_at, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                k.element, k.period, k.orgUnit, k.combo, action, previous.text, previous.storedBy, previous.updated,
                newText, user, time, batchID,
            ])
    }
}
