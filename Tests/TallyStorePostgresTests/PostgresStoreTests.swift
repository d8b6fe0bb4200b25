import Foundation
import TallyCore
import TallyStore
import TallyStoreSQLite
import TallyStoreTesting
import Testing

@testable import TallyStorePostgres

@Suite(.enabled(if: PostgresTestServer.isAvailable, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct PostgresStoreTests {
    @Test(arguments: StoreSuite.checks)
    func suite(_ check: StoreSuite.Check) throws {
        try PostgresTestServer.withSchema { _, makeStore in try check.run(makeStore) }
    }

    @Test(arguments: StoreSuite.checks)
    func suiteWithTinyWriterLimits(_ check: StoreSuite.Check) throws {
        try PostgresTestServer.withSchema { _, makeStore in
            try check.run {
                let store = try makeStore()
                store.writerLimits = (flush: 1, memory: 1, reads: 1)
                return store
            }
        }
    }

    @Test(arguments: StoreSuite.separateStoresChecks, [false, true])
    func separateSchemas(_ check: StoreSuite.SeparateStoresCheck, tiny: Bool) throws {
        var urls: [String] = []
        defer { for url in urls { try? PostgresStore(url: url).dropSchema() } }
        try check.run {
            let url = PostgresTestServer.freshURL()
            urls.append(url)
            let store = try PostgresStore(url: url)
            if tiny { store.writerLimits = (flush: 3, memory: 1, reads: 2) }
            return store
        }
    }

    @Test(arguments: AccountStoreSuite.checks)
    func accounts(_ check: AccountStoreSuite.Check) throws {
        try PostgresTestServer.withSchema { _, makeStore in try check.run(makeStore) }
    }

    @Test(arguments: StoreSuite.sameDatabaseChecks)
    func sameSchemaOpenedTwice(_ check: StoreSuite.SameDatabaseCheck) throws {
        try PostgresTestServer.withSchema { _, makeStore in try check.run(opening: makeStore) }
    }

    /// A read on another thread runs on a connection of its own while a write's transaction is open, instead of
    /// waiting for the commit; one thread alone opens one connection.
    @Test func readsDoNotWaitForAnOpenWrite() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try store.applyMetadata(document: "m", combos: ["births": [""]])
            #expect(try store.metadataDocument() == "m")
            #expect(store.pool.openCount == 1)
            let writing = DispatchSemaphore(value: 0)
            let read = DispatchSemaphore(value: 0)
            let seen = Locked<String?>(nil)
            DispatchQueue.global().async {
                writing.wait()
                seen.value = try? store.metadataDocument()
                read.signal()
            }
            let readInTime = try store.write(WriteBatch(source: "t", user: "u", time: 0), commit: false) { _ in
                writing.signal()
                return read.wait(timeout: .now() + 20) == .success
            }
            #expect(readInTime)
            #expect(seen.value == "m")
            #expect(store.pool.openCount == 2)
        }
    }

    @Test func migrationsAreRecordedOnceAndResetStartsOver() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            #expect(try store.migrationVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
            try store.applyMetadata(document: "m", combos: ["births": [""]])
            try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0), passwordHash: "h")
            let again = try makeStore()
            #expect(try again.migrationVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
            #expect(try again.metadataDocument() == "m")
            try again.reset()
            #expect(try again.metadataDocument() == nil)
            #expect(try again.users().isEmpty)
            #expect(try again.migrationVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
        }
    }

    /// A schema as version 11 left it, with report events: they become the reports as a whole, and a partner's
    /// registration is then added beside them.
    @Test func reportEventsGetAnAttributeComboOnUpgrade() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try store.pool.locked { connection in
                _ = try connection.execute("DROP TABLE report_event")
                for statement in PostgresStore.reportEventStatements { _ = try connection.execute(statement) }
                _ = try connection.execute(
                    """
                    INSERT INTO report_event VALUES ('monthly', '202601', 'A1', 1, 'submit', '', 'li', 10),
                        ('monthly', '202601', 'A1', 2, 'approve', 'ok', 'wang', 20)
                    """)
                _ = try connection.execute("DELETE FROM schema_migration WHERE version = 12")
            }
            let upgraded = try makeStore()
            #expect(try upgraded.migrationVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
            try AccountStoreSuite.upgradedReportEvents(upgraded)
        }
    }

    @Test func usersOfAnAccountsSchemaGetProfilesOnUpgrade() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            // The schema as version 5 left it, with a user.
            try store.pool.locked { connection in
                _ = try connection.execute(
                    "ALTER TABLE user_account DROP COLUMN display_name, DROP COLUMN must_change_password")
                _ = try connection.execute("DELETE FROM schema_migration WHERE version = 6")
            }
            try store.pool.locked { connection in
                _ = try connection.execute(
                    """
                    INSERT INTO user_account (name, role, org_unit, password_hash, disabled, created)
                    VALUES ('li', 'clerk', 'A1', 'h', true, 7)
                    """)
            }
            let upgraded = try makeStore()
            #expect(try upgraded.migrationVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
            #expect(
                try upgraded.user(named: "li")?.user
                    == UserAccount(name: "li", role: .clerk, orgUnit: "A1", disabled: true, created: 7))
        }
    }

    @Test func aSchemaWithoutTextValuesGetsThemOnUpgrade() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try StoreSuite.prepareForTexts(store)
            // The schema without version 11.
            try store.pool.locked { connection in
                _ = try connection.execute("DROP TABLE text_value_history")
                _ = try connection.execute("DROP TABLE text_value")
                _ = try connection.execute("DELETE FROM schema_migration WHERE version = 11")
            }
            let upgraded = try makeStore()
            #expect(try upgraded.migrationVersions().suffix(2) == [11, 12])
            try StoreSuite.textIsWritable(upgraded)
        }
    }

    @Test func wrongPasswordNamesTheUser() throws {
        let url = try PostgresURL(PostgresTestServer.url!)
        let wrong = "postgres://\(url.user):wrong-password@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
        #expect {
            _ = try PostgresStore(url: wrong)
        } throws: { error in
            let error = error as? PostgresStoreError
            return error?.code == .authentication && error?.message.contains("refused the user '\(url.user)'") == true
                && error?.message.contains("wrong-password") == false
        }
    }

    @Test func missingDatabaseSaysHowToCreateIt() throws {
        let url = try PostgresURL(PostgresTestServer.url!)
        let missing =
            "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/no_such_tally_db?sslmode=disable"
        #expect {
            _ = try PostgresStore(url: missing)
        } throws: { error in
            let error = error as? PostgresStoreError
            return error?.code == .noDatabase && error?.message.contains("createdb") == true
        }
    }

    /// Random batches of writes and removals, some failing, some dry runs, give the same outcomes, values and
    /// history in PostgreSQL as in SQLite — with the writer's usual limits, and flushing and evicting after every
    /// few values.
    /// With whole blocks read at once (`reads: 0`), with some values read one by one first (a block completed around
    /// what this transaction changed), and with every value read alone.
    @Test(arguments: [
        (flush: 5, memory: 8, reads: 0), (flush: 5, memory: 8, reads: 7), (flush: 20_000, memory: 2_000_000, reads: 0),
        (flush: 20_000, memory: 2_000_000, reads: 40), (flush: 20_000, memory: 2_000_000, reads: 10_000),
    ])
    func sameOutcomesAsSQLite(_ limits: (flush: Int, memory: Int, reads: Int)) throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let postgres = try makeStore()
            postgres.writerLimits = limits
            let sqlite = try SQLiteStore(path: ":memory:")
            let elements = ["births", "deaths"]
            let combos = ["", "male", "female"]
            let units = (0..<6).map { OrgUnit(code: "U\($0)", name: "单位\($0)", parentCode: $0 == 0 ? nil : "U0") }
            let periods = ["202510", "202511", "2025"]
            for store in [postgres, sqlite] as [any Store] {
                try store.applyMetadata(
                    document: "m", combos: Dictionary(uniqueKeysWithValues: elements.map { ($0, combos) }))
                _ = try store.saveOrgUnits(units)
            }
            var random = SuiteRandom(seed: 7)
            for round in 0..<20 {
                var operations: [(delete: Bool, e: String, p: String, u: String, c: String, v: Double, note: String?)] =
                    []
                for _ in 0..<60 {
                    operations.append(
                        (
                            random.next() % 5 == 0, elements[Int(random.next() % 2)], periods[Int(random.next() % 3)],
                            "U\(random.next() % 6)", combos[Int(random.next() % 3)], Double(random.next() % 4),
                            random.next() % 4 == 0 ? "注\(round)" : nil
                        ))
                }
                let commit = round % 4 != 3
                let fail = round % 5 == 4
                var results: [[WriteOutcome]] = []
                for store in [postgres, sqlite] as [any Store] {
                    let catalog = try store.catalog()
                    var outcomes: [WriteOutcome] = []
                    do {
                        try store.write(
                            WriteBatch(source: "r\(round)", user: "clerk\(round % 3)", time: Int64(1000 + round)),
                            commit: commit
                        ) { (w: any ValueWriter) throws in
                            for (i, o) in operations.enumerated() {
                                let key = ValueKey(
                                    element: catalog.elements[o.e]!, period: try w.periodID(try Period(o.p)),
                                    orgUnit: catalog.orgUnits[o.u]!, combo: catalog.combos[o.c]!)
                                if o.delete {
                                    outcomes.append(try w.delete(key, by: nil, at: nil))
                                } else {
                                    outcomes.append(
                                        try w.upsert(
                                            ValueWrite(
                                                key: key, value: o.v, storedBy: i % 3 == 0 ? "a\(i % 2)" : nil,
                                                time: Int64(round * 10), comment: o.note, followUp: i % 2 == 0)))
                                }
                                if fail && i == 30 { throw Refused() }
                            }
                        }
                    } catch is Refused {}
                    results.append(outcomes)
                }
                #expect(results[0] == results[1], "round \(round)")
                #expect(try postgres.valueCount() == (try sqlite.valueCount()), "round \(round)")
            }
            let pc = try postgres.catalog()
            let sc = try sqlite.catalog()
            for e in elements {
                for p in periods {
                    guard let pp = pc.periods.first(where: { $0.value.identifier == p })?.key,
                        let sp = sc.periods.first(where: { $0.value.identifier == p })?.key
                    else { continue }
                    let pv = try postgres.values(element: pc.elements[e]!, periods: [pp])
                    let sv = try sqlite.values(element: sc.elements[e]!, periods: [sp])
                    #expect(pv.value == sv.value && pv.orgUnit == sv.orgUnit && pv.combo == sv.combo)
                    for u in units {
                        for c in combos {
                            let pk = ValueKey(
                                element: pc.elements[e]!, period: pp, orgUnit: pc.orgUnits[u.code]!,
                                combo: pc.combos[c]!)
                            let sk = ValueKey(
                                element: sc.elements[e]!, period: sp, orgUnit: sc.orgUnits[u.code]!,
                                combo: sc.combos[c]!)
                            #expect(try postgres.value(pk) == (try sqlite.value(sk)), "\(e) \(p) \(u.code) \(c)")
                            #expect(try postgres.history(pk) == (try sqlite.history(sk)), "\(e) \(p) \(u.code) \(c)")
                        }
                    }
                }
            }
        }
    }

    /// A write of one value into a block of 400 units, each stored by its own clerk, reads that value's rows, not
    /// the block, the units or the people (a province's tens of thousands each); an import still reads each block
    /// once, whole.
    @Test func aWriteOfOneValueReadsItsOwnRows() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try store.applyMetadata(document: "m", combos: ["births": ["male"]])
            _ = try store.saveOrgUnits((0..<400).map { OrgUnit(code: "U\($0)", name: "u", parentCode: nil) })
            let c = try store.catalog()
            let month = try Period("202510")
            func key(_ w: any ValueWriter, _ unit: Int) throws -> ValueKey {
                ValueKey(
                    element: c.elements["births"]!, period: try w.periodID(month), orgUnit: c.orgUnits["U\(unit)"]!,
                    combo: c.combos["male"]!)
            }
            try store.write(WriteBatch(source: "import", user: "u", time: 1), commit: true) {
                (w: any ValueWriter) throws in
                for u in 0..<400 { _ = try w.upsert(ValueWrite(key: try key(w, u), value: 1, storedBy: "clerk\(u)")) }
            }
            let before = store.rowsReceived
            let outcome = try store.write(WriteBatch(source: "api", user: "new clerk", time: 2), commit: true) {
                (w: any ValueWriter) throws in
                #expect(try w.current(try key(w, 7)).version == 1)
                return try w.upsert(ValueWrite(key: try key(w, 7), value: 2))
            }
            #expect(outcome == .changed(previous: 1))
            #expect(store.rowsReceived - before < 50, "\(store.rowsReceived - before) rows")
            let period = try store.catalog().periods.first { $0.value == month }!.key
            let stored = try store.value(
                ValueKey(
                    element: c.elements["births"]!, period: period, orgUnit: c.orgUnits["U7"]!, combo: c.combos["male"]!
                ))
            #expect(stored?.value == 2 && stored?.storedBy == "new clerk")

            let many = store.rowsReceived
            let outcomes = try store.write(WriteBatch(source: "import", user: "u", time: 3), commit: true) {
                (w: any ValueWriter) throws in
                try (0..<400).map { u in try w.upsert(ValueWrite(key: try key(w, u), value: 3)) }
            }
            #expect(outcomes.filter { $0 == .changed(previous: 1) }.count == 399)
            #expect(outcomes[7] == .changed(previous: 2))
            #expect(store.rowsReceived - many < 2_000, "\(store.rowsReceived - many) rows")
        }
    }

    @Test func scanReadsInChunksByElement() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try store.applyMetadata(document: "m", combos: ["a": [""], "b": [""]])
            _ = try store.saveOrgUnits((0..<50).map { OrgUnit(code: "U\($0)", name: "u", parentCode: nil) })
            let c = try store.catalog()
            try store.write(WriteBatch(source: "s", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                for p in 1...12 {
                    let period = try w.periodID(try Period(String(format: "2025%02d", p)))
                    for e in ["a", "b"] {
                        for u in 0..<50 {
                            _ = try w.upsert(
                                ValueWrite(
                                    key: ValueKey(
                                        element: c.elements[e]!, period: period, orgUnit: c.orgUnits["U\(u)"]!,
                                        combo: 0), value: Double(u)))
                        }
                    }
                }
            }
            var count: [Int32: Int] = [:]
            var sum = 0.0
            try store.scanValues { element, chunk in
                count[element, default: 0] += chunk.count
                sum += chunk.value.reduce(0, +)
            }
            #expect(count == [c.elements["a"]!: 600, c.elements["b"]!: 600])
            #expect(sum == 2 * 12 * Double(49 * 50 / 2))
        }
    }
}

struct Refused: Error {}

@Suite(.enabled(if: PostgresTestServer.isAvailable, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct PostgresAggregationTests {
    /// County C with towns T1 (villages V1, V2) and T2 (village V3, nothing stored); births by sex for two months,
    /// population for 2025 and, in V1, for two months.
    @Test func unitTotalsAreEachUnitsOwnInTheEnginesOrder() throws {
        try PostgresTestServer.withSchema { _, makeStore in
            let store = try makeStore()
            try store.applyMetadata(
                document: "m", combos: ["births": ["", "male", "female"], "population": [""]])
            _ = try store.saveOrgUnits([
                OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T1", name: "一镇", parentCode: "C"),
                OrgUnit(code: "V1", name: "一村", parentCode: "T1"), OrgUnit(code: "V2", name: "二村", parentCode: "T1"),
                OrgUnit(code: "T2", name: "二镇", parentCode: "C"), OrgUnit(code: "V3", name: "三村", parentCode: "T2"),
            ])
            let c = try store.catalog()
            var periods: [String: Int32] = [:]
            let rows: [(String, String, String, String, Double)] = [
                ("births", "V1", "202510", "male", 0.1), ("births", "V1", "202510", "female", 0.2),
                ("births", "V1", "202511", "male", 0.3), ("births", "V2", "202510", "male", 2),
                ("births", "V2", "202510", "female", 4), ("births", "T1", "202510", "male", 5),
                ("population", "V1", "2025", "", 1000), ("population", "V2", "2025", "", 2000),
                ("population", "V1", "202510", "", 1100), ("population", "V1", "202511", "", 1200),
            ]
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) throws in
                for (element, unit, period, combo, value) in rows {
                    periods[period] = try w.periodID(try Period(period))
                    _ = try w.upsert(
                        ValueWrite(
                            key: ValueKey(
                                element: c.elements[element]!, period: periods[period]!, orgUnit: c.orgUnits[unit]!,
                                combo: c.combos[combo]!), value: value))
                }
            }
            func byUnit(_ totals: UnitTotals) -> [String: Double] {
                let codes = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($0.id, $0.code) })
                return Dictionary(uniqueKeysWithValues: zip(totals.orgUnit.map { codes[$0]! }, totals.total))
            }
            let births = c.elements["births"]!
            let sexes = [c.combos["male"]!, c.combos["female"]!]
            let before = store.rowsReceived
            let october = try store.unitSums(element: births, periods: [periods["202510"]!], combos: sexes)
            // One row per unit with a value; T2, V3 and C have none of their own, so they are absent.
            #expect(store.rowsReceived - before == 3)
            #expect(byUnit(october) == ["V1": 0.1 + 0.2, "V2": 6, "T1": 5])
            // Added by period, then combo: (0.1 + 0.2) + 0.3, which is not 0.1 + (0.2 + 0.3).
            let twoMonths = try store.unitSums(
                element: births, periods: [periods["202510"]!, periods["202511"]!], combos: sexes)
            #expect(byUnit(twoMonths)["V1"] == (0.1 + 0.2) + 0.3)
            #expect(byUnit(twoMonths)["V1"] != 0.1 + (0.2 + 0.3))
            let males = try store.unitSums(
                element: births, periods: [periods["202510"]!, periods["202511"]!], combos: [c.combos["male"]!])
            #expect(byUnit(males) == ["V1": 0.1 + 0.3, "V2": 2, "T1": 5])
            #expect(try store.unitSums(element: births, periods: [], combos: sexes).count == 0)
            // 2025Q4 (92 days): V1 has months, which win over its year: (1100 × 31 + 1200 × 30) ÷ 61; V2 has only
            // the year, all 92 days of it.
            let population = c.elements["population"]!
            let quarter = try store.unitAverages(
                element: population,
                periods: [
                    WeightedPeriod(period: periods["2025"]!, rank: 5, days: 92),
                    WeightedPeriod(period: periods["202510"]!, rank: 2, days: 31),
                    WeightedPeriod(period: periods["202511"]!, rank: 2, days: 30),
                ], combos: [0])
            let v1: Double = (1100.0 * 31 + 1200.0 * 30) / 61
            #expect(byUnit(quarter) == ["V1": v1, "V2": 2000])
            // Picks (a `last` element): the period of the highest priority per unit and combo, added over the combos
            // in the order given. 202511 outranks 202510, which outranks 2025: V1 takes male 0.3 (November) and
            // female 0.2 (October, its only female value); V2 October's 2 + 4; T1 October's 5.
            let picks = [
                PrioritizedPeriod(period: periods["2025"]!, priority: 1),
                PrioritizedPeriod(period: periods["202510"]!, priority: 2),
                PrioritizedPeriod(period: periods["202511"]!, priority: 3),
            ]
            let last = try store.unitPicks(element: births, periods: picks, combos: sexes)
            #expect(byUnit(last) == ["V1": 0.3 + 0.2, "V2": 6, "T1": 5])
            let femaleFirst = try store.unitPicks(
                element: births, periods: picks, combos: [c.combos["female"]!, c.combos["male"]!])
            #expect(byUnit(femaleFirst)["V1"] == 0.2 + 0.3)
            // The yearly population wins over V1's months when its priority is higher.
            let population2 = try store.unitPicks(
                element: population,
                periods: [
                    PrioritizedPeriod(period: periods["2025"]!, priority: 9),
                    PrioritizedPeriod(period: periods["202510"]!, priority: 2),
                ], combos: [c.combos[""]!])
            #expect(byUnit(population2) == ["V1": 1000, "V2": 2000])
            #expect(try store.unitPicks(element: births, periods: [], combos: sexes).count == 0)
            // Moments (a `min`, `max`, `count`, `stddev` or `variance` element): V1 0.1, 0.2 (October male, female),
            // 0.3 (November male), summed in that order, then the squared deviations from that sum ÷ 3 in the same
            // order; V2 2 and 4: mean 3, (−1)² + 1² = 2; T1 5 alone: 0.
            let moments = try store.unitMoments(
                element: births, periods: [periods["202510"]!, periods["202511"]!], combos: sexes)
            let codes = Dictionary(uniqueKeysWithValues: c.orgUnits.map { ($0.id, $0.code) })
            var rowsByUnit: [String: [Double]] = [:]
            for i in 0..<moments.units {
                rowsByUnit[codes[moments.orgUnit[i]]!] = [
                    Double(moments.count[i]), moments.sum[i], moments.minimum[i], moments.maximum[i],
                    moments.squares[i],
                ]
            }
            let sum1 = (0.1 + 0.2) + 0.3
            let mean1 = sum1 / 3
            let squares1 =
                ((0.1 - mean1) * (0.1 - mean1) + (0.2 - mean1) * (0.2 - mean1)) + (0.3 - mean1) * (0.3 - mean1)
            #expect(rowsByUnit["V1"] == [3, sum1, 0.1, 0.3, squares1])
            #expect(rowsByUnit["V2"] == [2, 6, 2, 4, 2])
            #expect(rowsByUnit["T1"] == [1, 5, 5, 5, 0])
            #expect(rowsByUnit.count == 3)
            #expect(try store.unitMoments(element: births, periods: [], combos: sexes).units == 0)
        }
    }
}

/// A value shared between threads in a test.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

@Suite(.enabled(if: PostgresTestServer.isAvailable, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct PostgresVerifyTests {
    /// A clean database passes; a period stored with the wrong dates, a cycle in the tree and a value that is not
    /// a number are each reported — PostgreSQL's own constraints allow all three.
    @Test func verifyFindsWhatPostgreSQLAllows() throws {
        try PostgresTestServer.withSchema { url, makeStore in
            let store = try makeStore()
            try store.saveOrgUnits([
                OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T", name: "镇", parentCode: "C"),
                OrgUnit(code: "V", name: "村", parentCode: "T"),
            ])
            try store.applyMetadata(document: "elements: {births: {name: Births}}", combos: ["births": [""]])
            let catalog = try store.catalog()
            try store.write(WriteBatch(source: "t", user: "u", time: 1), commit: true) { (w: any ValueWriter) in
                let key = ValueKey(
                    element: catalog.elements["births"]!, period: try w.periodID(try Period("202510")),
                    orgUnit: catalog.orgUnits["V"]!, combo: catalog.combos[""]!)
                _ = try w.upsert(ValueWrite(key: key, value: 3))
            }
            let accept: (String, [String]) -> [String] = { document, used in
                #expect(document.contains("births") && used == ["births"])
                return []
            }
            let clean = try PostgresStore.verify(url: try PostgresURL(url), metadata: accept)
            #expect(clean.map(\.name) == ["schema", "constraints", "metadata", "org-unit tree", "periods", "values"])
            #expect(clean.allSatisfy { $0.problems.isEmpty })
            #expect(clean.last?.scope == "1 values, 0 history rows")
            try store.pool.locked { connection in
                _ = try connection.execute("UPDATE period SET end_day = end_day + 1")
                _ = try connection.execute(
                    "UPDATE org_unit SET parent_id = (SELECT id FROM org_unit WHERE code = 'V') WHERE code = 'C'")
                _ = try connection.execute("UPDATE data_value SET value = 'NaN'")
            }
            let damaged = try PostgresStore.verify(url: try PostgresURL(url), metadata: accept)
            let problems = Dictionary(uniqueKeysWithValues: damaged.map { ($0.name, $0.problems) })
            #expect(problems["org-unit tree"]?.contains("no unit is at the top (every unit has a parent)") == true)
            #expect(
                problems["org-unit tree"]?.contains { $0.hasPrefix("the units ") && $0.hasSuffix(" form a cycle") }
                    == true)
            #expect(problems["periods"]?.first?.contains("'202510' is stored with the wrong type or dates") == true)
            #expect(problems["values"] == ["1 values are not finite numbers"])
            // Verifying changed nothing, and a schema without Tally's tables is said to be one.
            let empty = try PostgresStore.verify(url: try PostgresURL(PostgresTestServer.freshURL()))
            #expect(empty.count == 1)
            #expect(empty[0].problems.count == 1 && empty[0].problems[0].contains("holds no Tally tables"))
        }
    }
}
