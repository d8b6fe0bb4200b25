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
