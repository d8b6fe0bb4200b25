import Foundation
import Tally
import TallyCore
import TallyEngine
import TallyServerTesting
import TallyStorePostgres
import Testing

/// Aggregation inside PostgreSQL gives the figures of the in-process engine, bit for bit: the same files imported into
/// SQLite (the engine reads every value) and into PostgreSQL (the server sends one total per unit), then every
/// subject, period type and unit of the tree compared.
@Suite(.enabled(if: TestBackend.postgresURL != nil, "set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does)"))
struct AggregationPushdownTests {
    /// County C; towns T1 (villages v11 with hamlets h111, h112; v12; v13), T2 (v21, v22; T2 has values of its
    /// own) and T3 (v31), where nothing is stored.
    static let orgUnits = """
        code,name,parent
        C,云溪县,
        T1,青石镇,C
        v11,石桥村,T1
        h111,上组,v11
        h112,下组,v11
        v12,下溪村,T1
        v13,竹林村,T1
        T2,白沙乡,C
        v21,沙头村,T2
        v22,沙尾村,T2
        T3,高山乡,C
        v31,云顶村,T3

        """

    static let metadata = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
        elements:
          births: {name: Live births, type: number, categories: [sex]}
          deaths: {name: Deaths, type: number}
          population: {name: Population, type: number, aggregation: average_sum_org_unit}
          staff: {name: Health staff, type: number, categories: [sex], aggregation: average_sum_org_unit}
          onart: {name: On treatment, type: number, categories: [sex], aggregation: last}
          onart_in: {name: On treatment in the period, type: number, aggregation: last_in_period}
          opening: {name: Opening stock, type: number, aggregation: first}
          beds: {name: Beds, type: number, aggregation: average}
          onhand: {name: Stock on hand, type: number, aggregation: last_average_org_unit}
          closing: {name: Closing stock, type: number, aggregation: last_in_period_average_org_unit}
          opening_avg: {name: Opening stock per unit, type: number, aggregation: first_average_org_unit}
          wait_min: {name: Shortest wait, type: number, categories: [sex], aggregation: min}
          wait_max: {name: Longest wait, type: number, categories: [sex], aggregation: max}
          wait_count: {name: Waits reported, type: number, categories: [sex], aggregation: count}
          wait_sd: {name: Spread of waits, type: number, categories: [sex], aggregation: stddev}
          wait_var: {name: Variance of waits, type: number, categories: [sex], aggregation: variance}
          kept: {name: Kept, type: number, aggregation: none}
        indicators:
          srb: {name: Sex ratio at birth, numerator: "#{births.male}", denominator: "#{births.female}", factor: 100}
          cbr: {name: Crude birth rate, numerator: "#{births}", denominator: "#{population}", factor: 1000, annualized: true}
          cdr: {name: Crude death rate, numerator: "#{deaths}", denominator: "#{population}", factor: 1000, annualized: true}
          perStaff: {name: Births per female staff, numerator: "#{births} + #{deaths}", denominator: "#{staff.female}"}
          waitPerBirth: {name: Longest wait per birth, numerator: "#{wait_max}", denominator: "#{births}"}

        """

    /// Values with tenths (the elements are `number`s), so that sums are inexact in binary and their order shows;
    /// some left out.
    static func data() -> String {
        var random: UInt64 = 0x5EED
        func next(_ n: UInt64) -> UInt64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (random >> 33) % n
        }
        func tenths(_ n: UInt64) -> String { "\(next(n) / 10).\(next(10))" }
        var csv = "dataelement,period,orgunit,categoryoptioncombo,value\n"
        let months = (2024...2025).flatMap { y in (1...12).map { String(format: "%d%02d", y, $0) } }
        for unit in ["v11", "h111", "h112", "v12", "v13", "v21", "v22"] {
            for month in months where next(10) != 0 {
                for sex in ["male", "female"] { csv += "births,\(month),\(unit),\(sex),\(tenths(400))\n" }
            }
            for year in ["2024", "2025"] { csv += "population,\(year),\(unit),,\(tenths(40_000))\n" }
            for quarter in ["2025Q1", "2025Q2", "2025Q3", "2025Q4"] where next(4) != 0 {
                for sex in ["male", "female"] { csv += "staff,\(quarter),\(unit),\(sex),\(tenths(200))\n" }
            }
        }
        // Monthly population in v12 wins over its yearly figure where both are stored.
        for month in months.suffix(6) { csv += "population,\(month),v12,,\(tenths(40_000))\n" }
        // Deaths: weekly in v11 and v12, monthly in v21 and in the town T2 itself, daily in h111.
        for unit in ["v11", "v12"] {
            for week in 1...52 where next(5) != 0 { csv += "deaths,2025W\(week),\(unit),,\(tenths(50))\n" }
        }
        for unit in ["v21", "T2"] {
            for month in months where next(3) != 0 { csv += "deaths,\(month),\(unit),,\(tenths(80))\n" }
        }
        for day in 1...31 where next(2) == 0 {
            csv += "deaths,202510\(String(format: "%02d", day)),h111,,\(tenths(30))\n"
        }
        // Stocks: month-end figures with gaps (v13 stops after March 2024, carried forward by `last`), a yearly
        // figure in v21 competing with its months, a quarterly one in T2 itself.
        for unit in ["v11", "h112", "v13", "v21"] {
            for month in months where next(4) != 0 && (unit != "v13" || month <= "202403") {
                for sex in ["male", "female"] { csv += "onart,\(month),\(unit),\(sex),\(tenths(900))\n" }
                csv += "onart_in,\(month),\(unit),,\(tenths(900))\n"
                csv += "opening,\(month),\(unit),,\(tenths(900))\n"
            }
        }
        for element in ["onart_in", "opening"] {
            csv += "\(element),2025,v21,,\(tenths(900))\n"
            csv += "\(element),2025Q3,T2,,\(tenths(900))\n"
        }
        // Averages over units and statistics of the values: beds quarterly and yearly; stock on hand monthly with
        // gaps; waits by sex in villages and in the town T2 itself, the same values under each statistic; `kept`
        // monthly in v11 and T2, never aggregated.
        for unit in ["v11", "h111", "v12", "v21", "T2"] {
            for quarter in ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"] where next(3) != 0 {
                csv += "beds,\(quarter),\(unit),,\(tenths(500))\n"
            }
            // The same values under each average of units' picks (last, last in the period, first).
            for month in months where next(3) != 0 {
                let stock = tenths(900)
                for element in ["onhand", "closing", "opening_avg"] { csv += "\(element),\(month),\(unit),,\(stock)\n" }
            }
            for month in months where next(3) != 0 {
                for sex in ["male", "female"] where next(4) != 0 {
                    let wait = tenths(600)
                    for element in ["wait_min", "wait_max", "wait_count", "wait_sd", "wait_var"] {
                        csv += "\(element),\(month),\(unit),\(sex),\(wait)\n"
                    }
                }
            }
        }
        csv += "beds,2025,v13,,\(tenths(500))\n"
        for unit in ["v11", "T2"] {
            for month in months where next(2) != 0 { csv += "kept,\(month),\(unit),,\(tenths(100))\n" }
        }
        return csv
    }

    static let subjects: [Subject] = [
        .element(ElementReference(element: "births")),
        .element(ElementReference(element: "births", options: ["male"])),
        .element(ElementReference(element: "deaths")),
        .element(ElementReference(element: "population")),
        .element(ElementReference(element: "staff")),
        .element(ElementReference(element: "staff", options: ["female"])),
        .element(ElementReference(element: "onart")),
        .element(ElementReference(element: "onart", options: ["female"])),
        .element(ElementReference(element: "onart_in")),
        .element(ElementReference(element: "opening")),
        .element(ElementReference(element: "beds")),
        .element(ElementReference(element: "onhand")),
        .element(ElementReference(element: "closing")),
        .element(ElementReference(element: "opening_avg")),
        .element(ElementReference(element: "wait_min")),
        .element(ElementReference(element: "wait_max", options: ["male"])),
        .element(ElementReference(element: "wait_count")),
        .element(ElementReference(element: "wait_sd")),
        .element(ElementReference(element: "wait_var")),
        .element(ElementReference(element: "wait_var", options: ["female"])),
        .element(ElementReference(element: "kept")),
        .indicator("srb"), .indicator("cbr"), .indicator("cdr"), .indicator("perStaff"), .indicator("waitPerBirth"),
    ]

    static let periods = [
        "20251015", "2025W42", "202510", "2025Q4", "2025S1", "2025", "2025Oct", "2024July", "202410..202603",
        "202507..202508",
    ]

    /// Every figure of a subject for every unit, as bit patterns: value, numerator, denominator.
    static func bits(_ figures: [Figure]) -> [[UInt64?]] {
        figures.map { [$0.value?.bitPattern, $0.numerator?.bitPattern, $0.denominator?.bitPattern] }
    }

    /// Rows of a query as bit patterns: unit, value, rank and the comparison's value and change.
    static func bits(_ rows: [QueryRow]) -> [[UInt64?]] {
        rows.map {
            [
                UInt64($0.unit), $0.figure.value?.bitPattern, $0.rank.map(UInt64.init),
                $0.comparison?.figure.value?.bitPattern, $0.comparison?.change?.bitPattern,
            ]
        }
    }

    @Test func postgreSQLAggregatesLikeTheEngineBitForBit() throws {
        try PostgresCLITests().withScratch { s, pg in
            let sqlite = try Self.workspace(s, database: s.db)
            let pushed = try Self.workspace(s, database: pg)
            var readInEngine = pushed
            readInEngine.aggregation = .engine
            #expect(sqlite.aggregation == .engine)
            #expect(pushed.aggregation == .store)
            #expect(pushed.engine.evaluator.aggregator.source is AggregatingStoreValueSource)
            #expect(!(readInEngine.engine.evaluator.aggregator.source is AggregatingStoreValueSource))

            let tree = sqlite.tree
            var compared = 0
            for subject in Self.subjects {
                for text in Self.periods {
                    let period = try Period(text)
                    let expected = try sqlite.engine.evaluator.figures(subject, period: period)
                    let bits = Self.bits(expected)
                    #expect(Self.bits(try pushed.engine.evaluator.figures(subject, period: period)) == bits, "\(text)")
                    #expect(
                        Self.bits(try readInEngine.engine.evaluator.figures(subject, period: period)) == bits, "\(text)"
                    )
                    compared += expected.count(where: { $0.value != nil })
                }
            }
            // Most figures exist; T3 and v31 have none, ever: missing is not zero.
            #expect(compared > 900)
            for period in Self.periods {
                let births = try pushed.engine.evaluator.figures(Self.subjects[0], period: try Period(period))
                #expect(births[try tree.unit("T3")].value == nil)
                #expect(births[try tree.unit("v31")].value == nil)
            }
            #expect(
                try pushed.engine.evaluator.figures(Self.subjects[0], period: try Period("2025"))[try tree.unit("C")]
                    .value
                    != nil)

            // Queries at every level with ranks and comparisons.
            let county = try sqlite.unit("C")
            let queries: [Query] = try Self.subjects.flatMap { subject in
                [
                    Query(subject: subject, period: try Period("202510"), orgUnit: county, scope: .children),
                    Query(
                        subject: subject, period: try Period("2025Q4"), orgUnit: county, scope: .level(3),
                        comparison: .lastYear),
                    Query(
                        subject: subject, period: try Period("202410..202603"), orgUnit: try sqlite.unit("v11"),
                        scope: .children, comparison: .previous),
                    Query(subject: subject, period: try Period("2025Oct"), orgUnit: county, scope: .level(4)),
                ]
            }
            for query in queries {
                #expect(Self.bits(try pushed.engine.run(query)) == Self.bits(try sqlite.engine.run(query)))
            }

            // Only one row per unit with a value crosses the network when the server adds up; every value otherwise.
            let store = try #require(pushed.store as? PostgresStore)
            let year = Query(subject: Self.subjects[0], period: try Period("2025"), orgUnit: county, scope: .children)
            let before = store.rowsReceived
            _ = try pushed.engine.run(year)
            let pushedRows = store.rowsReceived - before
            _ = try readInEngine.engine.run(year)
            let engineRows = store.rowsReceived - before - pushedRows
            #expect(pushedRows <= 7)
            #expect(engineRows > 7 * 12)
        }
    }

    /// The whole tree's figures computed again for some units alone (``Evaluator/restricted(to:)``), on PostgreSQL
    /// adding up in the server and in the engine.
    @Test func postgreSQLFiguresOfSomeUnitsAreTheWholeTreesBitForBit() throws {
        try PostgresCLITests().withScratch { s, pg in
            let pushed = try Self.workspace(s, database: pg)
            var readInEngine = pushed
            readInEngine.aggregation = .engine
            try Self.checkRestrictedFigures(pushed)
            try Self.checkRestrictedFigures(readInEngine)

            // A town's query reads the town's values alone: fewer rows cross the network than for the county's.
            let store = try #require(pushed.store as? PostgresStore)
            let births = Self.subjects[0]
            for w in [pushed, readInEngine] {
                var before = store.rowsReceived
                _ = try w.engine.run(Query(subject: births, period: try Period("2025"), orgUnit: try w.unit("T2")))
                let town = store.rowsReceived - before
                before = store.rowsReceived
                _ = try w.engine.run(Query(subject: births, period: try Period("2025"), orgUnit: try w.unit("C")))
                let county = store.rowsReceived - before
                #expect(town < county, "\(w.aggregation)")
            }
        }
    }

    /// The fixture's files imported into `database` (a SQLite file or a PostgreSQL URL) in the folder of `s`.
    static func workspace(_ s: Scratch, database: String) throws -> Workspace {
        try s.write("tally.yaml", Self.metadata)
        try s.write("orgunits.csv", Self.orgUnits)
        try s.write("data.csv", Self.data())
        #expect(s.initialize(database) == 0)
        #expect(s.run(["import", "--db", database, s.path("data.csv")]) == 0)
        return try Workspace.open(path: database)
    }

    /// For every subject and period, the figures of an engine restricted to some units' subtrees equal the whole
    /// tree's at those units, bit for bit, and units outside have none: the top unit, a town (its range's first
    /// unit), the last village of its range (a leaf), a hamlet, the last unit of the tree, a town with nothing
    /// stored, and units of two different towns in one list.
    static func checkRestrictedFigures(_ w: Workspace) throws {
        let tree = w.tree
        let lists = try [["C"], ["T1"], ["v13"], ["h112"], ["v31"], ["T3"], ["v11", "T2"], ["h111", "v22"]].map {
            try $0.map { try tree.unit($0) }
        }
        var compared = 0
        for subject in Self.subjects {
            for text in Self.periods {
                let period = try Period(text)
                let whole = try w.engine.evaluator.figures(subject, period: period)
                for units in lists {
                    let evaluator = w.engine.evaluator.restricted(to: units)
                    let some = try evaluator.figures(subject, period: period)
                    let inside = Set(units.flatMap { tree.subtree($0) })
                    #expect(Self.bits(units.map { some[$0] }) == Self.bits(units.map { whole[$0] }), "\(text)")
                    #expect(
                        Self.bits(inside.sorted().map { some[$0] }) == Self.bits(inside.sorted().map { whole[$0] }))
                    compared += units.count(where: { some[$0].value != nil })
                    let scope = evaluator.aggregator.scope
                    #expect(tree.units.indices.filter { !scope.contains($0) }.allSatisfy { some[$0].value == nil })
                }
            }
        }
        #expect(compared > 300)
        #expect(w.engine.evaluator.restricted(to: lists[0]).aggregator.scope == 0..<tree.count)
        #expect(w.engine.evaluator.restricted(to: lists[1]).aggregator.scope == tree.subtree(lists[1][0]))
        #expect(w.engine.evaluator.restricted(to: lists[3]).aggregator.scope.count == 1)
    }

    /// The hand-computed figures of `StoreBackedFigureTests` (births by sex over months, ranges and a financial year;
    /// yearly population; a month with nothing stored; rates with comparisons), added up inside PostgreSQL.
    @Test func handComputedFiguresAddedUpInPostgreSQL() throws {
        try PostgresCLITests().withScratch { s, pg in
            let w = try StoreBackedFigureTests.workspace(s, database: pg)
            #expect(w.aggregation == .store)
            try StoreBackedFigureTests.checkHandComputedFigures(w)
        }
    }

    /// `tally query --aggregate-in` picks the place, gives the same output either way, and refuses `store` on SQLite.
    @Test func aggregateInIsAnOptionOfQuery() throws {
        try PostgresCLITests().withScratch { s, pg in
            #expect(s.initialize() == 0)
            #expect(s.initialize(pg) == 0)
            #expect(s.run(["import", "--db", pg, s.path("data.csv")]) == 0)
            var outputs: [String] = []
            for place in ["store", "engine"] {
                let out = s.path("\(place).csv")
                #expect(
                    s.run([
                        "query", "--db", pg, "--indicator", "cbr", "--period", "202510", "--children", "--format",
                        "csv",
                        "--aggregate-in", place, "--out", out,
                    ]) == 0)
                outputs.append(try String(contentsOfFile: out, encoding: .utf8))
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0].split(separator: "\n").count == 3)
            #expect(
                s.run(["query", "--db", s.db, "--element", "births", "--period", "202510", "--aggregate-in", "store"])
                    != 0)
            #expect(
                s.run(["query", "--db", s.db, "--element", "births", "--period", "202510", "--aggregate-in", "engine"])
                    == 0
            )
        }
    }
}
