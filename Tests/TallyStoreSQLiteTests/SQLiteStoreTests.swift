import Foundation
import TallyCore
import TallyStore
import TallyStoreSQLite
import TallyStoreTesting
import Testing

@Suite struct SQLiteStoreTests {
    @Test(arguments: StoreSuite.checks)
    func inMemory(_ check: StoreSuite.Check) throws {
        try check.run { try SQLiteStore(path: ":memory:") }
    }

    @Test(arguments: StoreSuite.checks)
    func onDisk(_ check: StoreSuite.Check) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try check.run { try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path, create: true) }
    }

    /// Every check again with staging budgets so small that an import spills a run every row or every few rows.
    @Test(arguments: StoreSuite.checks, [1, 200])
    func tinyStagingBudget(_ check: StoreSuite.Check, budget: Int) throws {
        try check.run { try SQLiteStore(path: ":memory:", stagingBudget: budget) }
    }

    @Test(arguments: StoreSuite.separateStoresChecks, [SQLiteStore.defaultStagingBudget, 1, 500])
    func separateStores(_ check: StoreSuite.SeparateStoresCheck, budget: Int) throws {
        try check.run { try SQLiteStore(path: ":memory:", stagingBudget: budget) }
    }

    @Test(arguments: AccountStoreSuite.checks)
    func accounts(_ check: AccountStoreSuite.Check) throws {
        try check.run { try SQLiteStore(path: ":memory:") }
    }

    @Test(arguments: StoreSuite.sameDatabaseChecks)
    func onDiskOpenedTwice(_ check: StoreSuite.SameDatabaseCheck) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try check.run { try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path, create: true) }
    }

    /// A database file made by `setup`, then changed by `sql` through the sqlite3 shell (to an earlier schema), then
    /// opened again: the store as an upgrade sees it. The file is removed after `body`.
    func upgraded(
        _ setup: (SQLiteStore) throws -> Void, sql: String, _ body: (SQLiteStore) throws -> Void
    ) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.sqlite").path
        try setup(try SQLiteStore(path: path, create: true))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try body(try SQLiteStore(path: path))
    }

    @Test func usersOfAnAccountsFileGetProfilesOnUpgrade() throws {
        // The file as migration "v4 accounts" left it.
        try upgraded(
            { store in
                try store.addUser(
                    UserAccount(name: "li", role: .clerk, orgUnit: "A1", disabled: true, created: 7), passwordHash: "h")
            },
            sql: """
                ALTER TABLE user_account DROP COLUMN display_name; ALTER TABLE user_account DROP COLUMN must_change_password;
                DELETE FROM grdb_migrations WHERE identifier = 'v6 user profiles';
                """
        ) { (upgraded: SQLiteStore) throws in
            #expect(
                try upgraded.user(named: "li")?.user
                    == UserAccount(name: "li", role: .clerk, orgUnit: "A1", disabled: true, created: 7))
        }
        #expect(
            SQLiteStore.knownMigrations.suffix(6) == [
                "v6 user profiles", "v7 report events", "v8 import mappings", "v9 value blocks by rowid",
                "v11 text values", "v12 report events per attribute combo",
            ])
    }

    /// A file whose value blocks are in the `WITHOUT ROWID` table of migrations v1 to v8: opening it moves them into
    /// the rowid table (v9), every value and its history read back the same, and the file is vacuumed once, so that
    /// the old table's pages are not left free in it.
    @Test func valueBlocksMoveToTheRowidTableOnUpgrade() throws {
        struct Read: Equatable {
            var values: [String]
            var history: Int
        }
        func read(_ store: SQLiteStore) throws -> Read {
            let c = try store.catalog()
            let periods = Array(c.periods.keys)
            let values = try store.storedValues(element: c.elements["births"]!, periods: periods).map {
                "\($0.key.orgUnit)/\($0.key.period)/\($0.key.combo)=\($0.value.value) \($0.value.storedBy) \($0.value.updated)"
            }
            let key = ValueKey(
                element: c.elements["births"]!, period: c.periodIDs[try Period("202510")]!,
                orgUnit: c.orgUnits["A2"]!, combo: 0)
            return Read(values: values.sorted(), history: try store.history(key).count)
        }
        var before: Read?
        try upgraded(
            { store in
                try store.applyMetadata(document: "m", combos: ["births": [""]])
                _ = try store.saveOrgUnits([
                    OrgUnit(code: "A", name: "甲镇", parentCode: nil), OrgUnit(code: "A1", name: "甲一村", parentCode: "A"),
                    OrgUnit(code: "A2", name: "甲二村", parentCode: "A"),
                ])
                let c = try store.catalog()
                for (time, value) in [(Int64(10), 3.0), (20, 4.5)] {
                    try store.write(WriteBatch(source: "t", user: "li", time: time), commit: true) {
                        (w: any ValueWriter) throws in
                        for (unit, period) in [("A1", "202510"), ("A2", "202510"), ("A2", "202511")] {
                            let key = ValueKey(
                                element: c.elements["births"]!, period: try w.periodID(try Period(period)),
                                orgUnit: c.orgUnits[unit]!, combo: 0)
                            _ = try w.upsert(ValueWrite(key: key, value: value + Double(unit.count), time: time))
                        }
                    }
                }
                before = try read(store)
            },
            sql: """
                CREATE TABLE value_block_v8 (
                    element_id INTEGER NOT NULL REFERENCES element(id),
                    period_id INTEGER NOT NULL REFERENCES period(id),
                    combo_id INTEGER NOT NULL REFERENCES combo(id),
                    count INTEGER NOT NULL,
                    org_units BLOB NOT NULL, vals BLOB NOT NULL, actors BLOB NOT NULL,
                    created BLOB NOT NULL, updated BLOB NOT NULL, batches BLOB NOT NULL, flags BLOB NOT NULL,
                    PRIMARY KEY (element_id, period_id, combo_id)
                ) WITHOUT ROWID;
                INSERT INTO value_block_v8 SELECT element_id, period_id, combo_id, count, org_units, vals, actors,
                    created, updated, batches, flags FROM value_block;
                DROP TABLE value_block;
                ALTER TABLE value_block_v8 RENAME TO value_block;
                DELETE FROM grdb_migrations WHERE identifier = 'v9 value blocks by rowid';
                VACUUM;
                """
        ) { (upgraded: SQLiteStore) throws in
            let after = try read(upgraded)
            #expect(after == before)
            #expect(after.values.count == 3 && after.history == 1)
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            let output = Pipe()
            shell.standardOutput = output
            shell.arguments = [
                upgraded.location,
                "SELECT count(*) FROM value_block WHERE rowid > 0; PRAGMA freelist_count;",
            ]
            try shell.run()
            shell.waitUntilExit()
            let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // Two blocks (one element, two periods), now with rowids; no free page left by the old table.
            #expect(lines.split(separator: "\n") == ["2", "0"], "\(lines)")
        }
    }

    @Test func aFileWithoutTextValuesGetsThemOnUpgrade() throws {
        // The file as migration "v8 import mappings" left it.
        try upgraded(
            StoreSuite.prepareForTexts,
            sql: """
                DROP TABLE text_value_history; DROP TABLE text_value;
                DELETE FROM grdb_migrations WHERE identifier = 'v11 text values';
                """, StoreSuite.textIsWritable)
    }

    /// A file as migration `v11` left it, with report events: they become the reports as a whole, and a partner's
    /// registration is then added beside them.
    @Test func reportEventsGetAnAttributeComboOnUpgrade() throws {
        try upgraded(
            { _ in },
            sql: """
                DROP TABLE report_event;
                CREATE TABLE report_event (
                    dataset TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL, seq INTEGER NOT NULL,
                    action TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', done_by TEXT NOT NULL,
                    done_at INTEGER NOT NULL, PRIMARY KEY (dataset, period, org_unit, seq));
                INSERT INTO report_event VALUES ('monthly', '202601', 'A1', 1, 'submit', '', 'li', 10);
                INSERT INTO report_event VALUES ('monthly', '202601', 'A1', 2, 'approve', 'ok', 'wang', 20);
                DELETE FROM grdb_migrations WHERE identifier = 'v12 report events per attribute combo';
                """, { try AccountStoreSuite.upgradedReportEvents($0) })
    }

    @Test func missingFileIsAClearError() {
        #expect {
            _ = try SQLiteStore(path: "/nonexistent/dir/tally.sqlite")
        } throws: { error in
            (error as? StoreError)?.message.contains("there is no Tally database at /nonexistent/dir/tally.sqlite")
                == true
        }
    }

    @Test func walAndForeignKeysAreOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path, create: true)
        #expect(try store.pragma("journal_mode") == "wal")
        #expect(try store.pragma("foreign_keys") == "1")
        #expect(try store.integrityProblems().isEmpty)
    }
}
