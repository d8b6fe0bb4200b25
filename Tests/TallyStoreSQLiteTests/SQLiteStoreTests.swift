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

    @Test func usersOfAnAccountsFileGetProfilesOnUpgrade() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.sqlite").path
        do {
            let store = try SQLiteStore(path: path, create: true)
            try store.addUser(
                UserAccount(name: "li", role: .clerk, orgUnit: "A1", disabled: true, created: 7), passwordHash: "h")
        }
        // The file as migration "v4 accounts" left it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [
            path,
            """
            ALTER TABLE user_account DROP COLUMN display_name; ALTER TABLE user_account DROP COLUMN must_change_password;
            DELETE FROM grdb_migrations WHERE identifier = 'v6 user profiles';
            """,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let upgraded = try SQLiteStore(path: path)
        #expect(
            try upgraded.user(named: "li")?.user
                == UserAccount(name: "li", role: .clerk, orgUnit: "A1", disabled: true, created: 7))
        #expect(
            SQLiteStore.knownMigrations.suffix(3) == [
                "v7 report events", "v8 import mappings", "v9 value blocks by rowid",
            ])
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
