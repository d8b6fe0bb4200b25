import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyStore
import TallyStoreSQLite
import Testing

/// Every stored value as `element/period/unit/combo=value`, sorted: equal lists mean identical values.
func valueListing(_ path: String) throws -> [String] {
    let store = try SQLiteStore(path: path)
    let c = try store.catalog()
    let elements = Dictionary(uniqueKeysWithValues: c.elements.map { ($1, $0) })
    let combos = Dictionary(uniqueKeysWithValues: c.combos.map { ($1, $0) })
    let units = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($1, $0) })
    var rows: [String] = []
    try store.scanValues { element, columns in
        for i in 0..<columns.count {
            let period = c.periods[columns.period[i]]?.identifier ?? "?"
            rows.append(
                "\(elements[element] ?? "?")/\(period)/\(units[columns.orgUnit[i]] ?? "?")/\(combos[columns.combo[i]] ?? "?")=\(columns.value[i].bitPattern)"
            )
        }
    }
    return rows.sorted()
}

/// Runs SQL on a database with the sqlite3 shell (installed by scripts/test), foreign keys off, as raw damage would.
@discardableResult
func sqlite(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
}

@Suite(.serialized) struct MaintenanceTests {
    /// A database with values, and a copy of its value listing.
    func populated() throws -> (Scratch, [String]) {
        let s = try Scratch()
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        let values = try valueListing(s.db)
        #expect(values.count == 16)
        return (s, values)
    }

    @Test func backupThenRestoreGivesIdenticalValues() throws {
        let (s, before) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let backup = s.path("backup.sqlite")
        #expect(s.run(["backup", "--db", s.db, backup]) == 0)
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        #expect(try valueListing(backup) == before)
        // Refused without --force, replaced with it.
        #expect(s.run(["backup", "--db", s.db, backup]) == 1)
        #expect(s.run(["backup", "--db", s.db, backup, "--force"]) == 0)

        // Change values after the backup, then restore it.
        try s.write("change.csv", "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,a1,male,30\n")
        #expect(s.run(["import", "--db", s.db, s.path("change.csv")]) == 0)
        #expect(try valueListing(s.db) != before)
        #expect(s.run(["restore", "--db", s.db, backup]) == 0)
        #expect(try valueListing(s.db) == before)
        #expect(try SQLiteStore(path: s.db).integrityProblems().isEmpty)
        // The replaced database is kept.
        #expect(try valueListing(s.db + ".before-restore").contains { $0.hasPrefix("births/202510/a1/male=") })
        #expect(try valueListing(s.db + ".before-restore") != before)
        #expect(s.run(["verify", "--db", s.db]) == 0)
        // No temporary files are left beside the database.
        let names = try FileManager.default.contentsOfDirectory(atPath: s.dir.path)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
    }

    @Test func restoreIntoAMissingDatabaseCreatesIt() throws {
        let (s, before) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let backup = s.path("backup.sqlite")
        #expect(s.run(["backup", "--db", s.db, backup]) == 0)
        let fresh = s.path("fresh.sqlite")
        #expect(s.run(["restore", "--db", fresh, backup]) == 0)
        #expect(try valueListing(fresh) == before)
    }

    @Test func restoreRefusesFilesThatAreNotTallyDatabases() throws {
        let (s, before) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        // A text file.
        #expect(s.run(["restore", "--db", s.db, s.path("data.csv")]) == 1)
        #expect {
            try SQLiteStore.restore(s.db, from: s.path("data.csv"))
        } throws: { error in
            (error as? StoreError)?.code == .notTallyDatabase
                && (error as? StoreError)?.message.contains("not an SQLite database") == true
        }
        // An SQLite database of something else.
        let other = s.path("other.sqlite")
        try sqlite(other, "CREATE TABLE t (a); INSERT INTO t VALUES (1);")
        #expect {
            try SQLiteStore.restore(s.db, from: other)
        } throws: { error in
            (error as? StoreError)?.message
                == "\(other) is an SQLite database, but not a Tally database (it has no Tally tables)"
        }
        // A Tally database from a newer version.
        let newer = s.path("newer.sqlite")
        #expect(s.run(["backup", "--db", s.db, newer]) == 0)
        try sqlite(newer, "INSERT INTO grdb_migrations VALUES ('v99 future');")
        #expect {
            try SQLiteStore.restore(s.db, from: newer)
        } throws: { error in
            (error as? StoreError)?.message.contains("newer version of Tally") == true
        }
        // A missing file.
        #expect(s.run(["restore", "--db", s.db, s.path("missing.sqlite")]) == 1)
        // The database itself.
        #expect(s.run(["restore", "--db", s.db, s.db]) == 1)
        #expect(try valueListing(s.db) == before)
        #expect(!FileManager.default.fileExists(atPath: s.db + ".before-restore"))
    }

    @Test func restoreIsRefusedWhileTheDatabaseIsOpenElsewhere() throws {
        let (s, before) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let backup = s.path("backup.sqlite")
        #expect(s.run(["backup", "--db", s.db, backup]) == 0)
        try s.write("change.csv", "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,a1,male,30\n")
        #expect(s.run(["import", "--db", s.db, s.path("change.csv")]) == 0)
        let changed = try valueListing(s.db)
        try withExtendedLifetime(try SQLiteStore(path: s.db)) { store in
            _ = try store.valueCount()
            #expect {
                try SQLiteStore.restore(s.db, from: backup)
            } throws: { error in
                (error as? StoreError)?.code == .inUse
            }
        }
        #expect(try valueListing(s.db) == changed)
        #expect(s.run(["restore", "--db", s.db, backup]) == 0)
        #expect(try valueListing(s.db) == before)
    }

    @Test func verifyPassesAHealthyDatabase() throws {
        let (s, _) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.run(["verify", "--db", s.db]) == 0)
        let checks = try SQLiteStore.verify(path: s.db)
        #expect(checks.allSatisfy { $0.problems.isEmpty }, "\(checks)")
        #expect(checks.first { $0.name == "value blocks" }?.scope.hasSuffix("16 values") == true)
    }

    @Test func verifyReportsRowsDeletedBehindTallysBack() throws {
        let (s, _) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        // Deleting a unit with raw SQL (foreign keys are off in the shell) orphans its values.
        try sqlite(s.db, "DELETE FROM org_unit WHERE code = 'b1';")
        #expect(s.run(["verify", "--db", s.db]) == 1)
        let problems = try SQLiteStore.verify(path: s.db).flatMap(\.problems)
        #expect(problems.contains { $0.contains("which does not exist") }, "\(problems)")
    }

    @Test func verifyReportsATreeWithACycleAndABlockThatDoesNotDecode() throws {
        let (s, _) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try sqlite(
            s.db,
            """
            UPDATE value_block SET vals = substr(vals, 1, 5)
            WHERE (element_id, period_id, combo_id) IN (SELECT element_id, period_id, combo_id FROM value_block LIMIT 1);
            """)
        // Writing into the damaged block is refused with a message, not a crash.
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 1)
        try sqlite(
            s.db, "UPDATE org_unit SET parent_id = (SELECT id FROM org_unit WHERE code = 'a1') WHERE code = 'A';")
        let checks = try SQLiteStore.verify(path: s.db)
        let tree = checks.first { $0.name == "org-unit tree" }?.problems ?? []
        #expect(tree.contains { $0.contains("form a cycle") }, "\(tree)")
        let blocks = checks.first { $0.name == "value blocks" }?.problems ?? []
        #expect(blocks.contains { $0.contains("does not decode") }, "\(blocks)")
        #expect(s.run(["verify", "--db", s.db]) == 1)
    }

    @Test func verifyReportsACorruptPage() throws {
        let (s, _) = try populated()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let answer = try sqlite(
            s.db,
            """
            PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA page_size;
            SELECT rootpage FROM sqlite_master WHERE name = 'value_block';
            """)
        let numbers = answer.split(separator: "\n").compactMap { UInt64($0) }
        let (pageSize, root) = (numbers[numbers.count - 2], numbers[numbers.count - 1])
        // Overwrite the header of the values' b-tree page with garbage.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: s.db))
        try handle.seek(toOffset: (root - 1) * pageSize)
        handle.write(Data(repeating: 0xA5, count: 64))
        try handle.close()
        #expect(s.run(["verify", "--db", s.db]) == 1)
        let problems = (try? SQLiteStore.verify(path: s.db).flatMap(\.problems)) ?? ["unreadable"]
        #expect(!problems.isEmpty)
        // A backup of a damaged database cannot be restored.
        #expect {
            _ = try SQLiteStore.inspect(path: s.db)
        } throws: { error in
            (error as? StoreError)?.code == .damaged
        }
    }
}

@Suite struct LargeInputTests {
    @Test func anOversizedMetadataFileIsRefusedBeforeItIsRead() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let path = s.path("huge.yaml")
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 64 << 20)  // sparse: 64 MiB of zeros
        try handle.close()
        #expect(s.run(["init", "--db", s.db, "--metadata", path, "--orgunits", s.path("orgunits.csv")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: s.db))
    }
}
