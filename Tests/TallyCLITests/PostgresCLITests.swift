import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyEngine
import TallyStore
import TallyStorePostgres
import Testing

/// The command line on PostgreSQL (`--db postgres://…`, server from `TALLY_TEST_POSTGRES`): the same files give the
/// same figures as on SQLite.
@Suite(.enabled(if: postgresTestURL != nil, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct PostgresCLITests {
    /// A URL naming a new schema on the test server.
    func freshURL() -> String {
        let base = postgresTestURL!
        let schema = "tally_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    @Test func initImportQueryGiveTheFiguresOfSQLite() throws {
        let s = try Scratch()
        let pg = freshURL()
        defer {
            try? FileManager.default.removeItem(at: s.dir)
            try? PostgresStore(url: pg).dropSchema()
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
            try? PostgresStore(url: pg).dropSchema()
        }
        try body(s, pg)
    }
}

let postgresTestURL: String? = {
    guard let url = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES"], !url.isEmpty else { return nil }
    return url
}()
