import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyEngine
import TallyServerTesting
import TallyStore
import TallyStorePostgres
import Testing

/// The command line on PostgreSQL (`--db postgres://…`, server from `TALLY_TEST_POSTGRES`): the same files give the
/// same figures as on SQLite.
@Suite(
    .enabled(if: TestBackend.postgresURL != nil, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct PostgresCLITests {
    /// A URL naming a new schema on the test server.
    func freshURL() -> String { TestBackend.postgres.location(in: FileManager.default.temporaryDirectory) }

    @Test func initImportQueryGiveTheFiguresOfSQLite() throws {
        let s = try Scratch()
        let pg = freshURL()
        defer {
            try? FileManager.default.removeItem(at: s.dir)
            TestBackend.drop(pg)
        }
        let initArgs = ["--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv")]
        #expect(s.initialize() == 0)
        #expect(s.run(["init", "--db", pg] + initArgs) == 0)
        // Never replaced without --force.
        #expect(s.run(["init", "--db", pg] + initArgs) == 1)
        #expect(s.run(["init", "--force", "--db", pg] + initArgs) == 0)
        try s.write("fix.csv", "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,a1,male,4\n")
        for db in [s.db, pg] {
            #expect(s.run(["import", "--db", db, s.path("data.csv")]) == 0)
            #expect(s.run(["import", "--db", db, s.path("data.csv")]) == 0)
            #expect(s.run(["import", "--dry-run", "--db", db, s.path("fix.csv")]) == 0)
            #expect(s.run(["import", "--db", db, s.path("fix.csv")]) == 0)
            #expect(
                s.run([
                    "query", "--db", db, "--indicator", "cbr", "--period", "202510", "--children", "--format", "json",
                ])
                    == 0)
            #expect(s.run(["check", "--db", db, "--period", "2025Oct", "--format", "json"]) == 0)
        }
        let sqlite = try Workspace.open(path: s.db)
        let postgres = try Workspace.open(path: pg)
        #expect(try postgres.store.valueCount() == 16)
        #expect(try postgres.store.valueCount() == (try sqlite.store.valueCount()))
        let queries = [
            Query(
                subject: .indicator("srb"), period: try Period("202510"), orgUnit: try sqlite.unit(nil),
                scope: .children,
                comparison: .lastYear),
            Query(subject: .indicator("cbr"), period: try Period("202510"), orgUnit: try sqlite.unit(nil)),
            Query(
                subject: .indicator("cbr"), period: try Period("2025Oct"), orgUnit: try sqlite.unit(nil),
                scope: .level(3)),
        ]
        for query in queries {
            let expected = try sqlite.engine.run(query)
            let actual = try postgres.engine.run(query)
            #expect(actual.map(\.figure.value) == expected.map(\.figure.value))
            #expect(actual.map(\.rank) == expected.map(\.rank))
            #expect(actual.map { $0.comparison?.change } == expected.map { $0.comparison?.change })
        }
        // After the fix, town A has 6 males (4 + 2) and 5 females.
        let srb = try postgres.engine.run(queries[0])
        #expect(srb.map(\.figure.value) == [120, 100])
        // The whole roll-up, written by the same command from both databases, is the same file.
        #expect(
            s.run(["rollup", "--db", s.db, "--types", "monthly,yearly,financial_oct", "--out", s.path("a.csv")]) == 0)
        #expect(
            s.run(["rollup", "--db", pg, "--types", "monthly,yearly,financial_oct", "--out", s.path("b.csv")]) == 0)
        let a = try String(contentsOfFile: s.path("a.csv"), encoding: .utf8)
        let b = try String(contentsOfFile: s.path("b.csv"), encoding: .utf8)
        #expect(a == b)
        #expect(a.split(separator: "\n").count > 10)
    }

    /// `tally user` keeps the accounts in the PostgreSQL database: listed, disabled (revoking tokens), enabled,
    /// and given a token.
    @Test func usersAreKeptInPostgreSQL() throws {
        try withScratch { s, pg in
            #expect(s.initialize() == 0)
            #expect(s.initialize(pg) == 0)
            let store = try PostgresStore(url: pg)
            try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "a1", created: 0), passwordHash: "h")
            #expect(s.run(["user", "list", "--db", pg]) == 0)
            #expect(s.run(["user", "token", "li", "--db", pg]) == 0)
            #expect(s.run(["user", "disable", "li", "--db", pg]) == 0)
            #expect(try store.user(named: "li")?.user.disabled == true)
            #expect(s.run(["user", "token", "li", "--db", pg]) != 0)
            #expect(s.run(["user", "disable", "li", "--enable", "--db", pg]) == 0)
            #expect(try store.user(named: "li")?.user.disabled == false)
            #expect(s.run(["user", "disable", "nobody", "--db", pg]) != 0)
        }
    }

    /// `tally backup`, `restore` and `verify` on PostgreSQL: pg_dump's archive brings back the values and their
    /// history exactly; a file that is not a Tally backup, or a backup of another schema, is refused and changes
    /// nothing.
    @Test func backupRestoreAndVerify() throws {
        let s = try Scratch()
        let pg = freshURL()
        let other = freshURL()
        defer {
            try? FileManager.default.removeItem(at: s.dir)
            try? PostgresStore(url: pg).dropSchema()
            try? PostgresStore(url: other).dropSchema()
        }
        let initArgs = ["--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv")]
        #expect(s.initialize() == 0)
        #expect(s.run(["init", "--db", pg] + initArgs) == 0)
        #expect(s.run(["import", "--db", pg, s.path("data.csv")]) == 0)
        #expect(s.run(["verify", "--db", pg]) == 0)
        let backup = s.path("tally.dump")
        #expect(s.run(["backup", "--db", pg, backup]) == 0)
        #expect(s.run(["backup", "--db", pg, backup]) == 1)  // never replaced without --force
        #expect(s.run(["backup", "--db", pg, "--force", backup]) == 0)
        let before = try PostgresStore(url: pg)
        let catalog = try before.catalog()
        let births = catalog.elements["births"]!
        let periods = Array(catalog.periods.keys)
        let saved = try before.storedValues(element: births, periods: periods)
        #expect(saved.count == 10)
        // A change after the backup, kept in history; the restore brings back the state of the backup.
        try s.write("fix.csv", "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,a1,male,40\n")
        #expect(s.run(["import", "--db", pg, s.path("fix.csv")]) == 0)
        let key = saved.first { $0.key.orgUnit == catalog.orgUnits["a1"]! && $0.value.value == 3 }!.key
        #expect(try before.value(key)?.value == 40)
        #expect(try before.history(key).count == 1)
        // Refused: not a backup, and a backup of another schema; nothing changes.
        #expect(s.run(["restore", "--db", pg, s.path("data.csv")]) == 1)
        #expect(s.run(["init", "--db", other] + initArgs) == 0)
        #expect(s.run(["restore", "--db", other, backup]) == 1)
        #expect(try before.value(key)?.value == 40)
        #expect(s.run(["restore", "--db", pg, backup]) == 0)
        let after = try PostgresStore(url: pg)
        #expect(try after.storedValues(element: births, periods: periods).map(\.value) == saved.map(\.value))
        #expect(try after.history(key).isEmpty)
        #expect(s.run(["verify", "--db", pg]) == 0)
        // The state before the restore was kept beside the backup, and is itself a backup.
        let kept = try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter {
            $0.hasPrefix("tally.dump.before-restore-")
        }
        #expect(kept.count == 1)
        #expect(try PostgresMaintenance.inspect(s.path(kept[0])).schema == (try PostgresURL(pg)).schema)
    }

    @Test func unreachableServerIsAnErrorNotACrash() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(
            s.run([
                "query", "--db", "postgres://tally:x@127.0.0.1:1/tally", "--element", "births", "--period", "202510",
            ])
                == 1)
    }
}

extension PostgresCLITests {
    /// Runs `body` with a scratch folder and the URL of a new schema on the test server, and removes both after.
    func withScratch(_ body: (Scratch, String) throws -> Void) throws {
        let s = try Scratch()
        let pg = freshURL()
        defer {
            try? FileManager.default.removeItem(at: s.dir)
            TestBackend.drop(pg)
        }
        try body(s, pg)
    }
}
