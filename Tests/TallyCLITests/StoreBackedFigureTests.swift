import Foundation
import Tally
import TallyCore
import TallyEngine
import Testing

/// The hand-computed figures of the engine's fixture (see `Tests/TallyEngineTests/Fixture.swift`),
/// this time imported from CSV into a real SQLite database and read back through the store.
@Suite struct StoreBackedFigureTests {
    static let births: [(String, String, Int, Int)] = [
        ("a1", "202410", 1, 1), ("a1", "202411", 0, 1), ("a1", "202510", 1, 2), ("a1", "202511", 2, 0),
        ("a1", "202512", 0, 1), ("a1", "202601", 1, 1), ("a1", "202602", 1, 0),
        ("a2", "202410", 3, 2), ("a2", "202411", 2, 2), ("a2", "202510", 5, 3), ("a2", "202511", 2, 4),
        ("a2", "202512", 3, 3), ("a2", "202601", 4, 2), ("a2", "202602", 2, 2),
        ("b1", "202410", 2, 2), ("b1", "202411", 3, 1), ("b1", "202510", 4, 4), ("b1", "202511", 2, 1),
        ("b1", "202601", 3, 2), ("b1", "202602", 1, 1),
    ]

    func workspace() throws -> (Workspace, URL) {
        let s = try Scratch()
        return (try Self.workspace(s, database: s.db), s.dir)
    }

    /// The fixture imported from CSV into `database` (a SQLite file or a PostgreSQL URL) in the folder of `s`.
    static func workspace(_ s: Scratch, database: String) throws -> Workspace {
        try s.write("orgunits.csv", "code,name,parent\nC,县,\nA,甲镇,C\na1,一村,A\na2,二村,A\nB,乙镇,C\nb1,三村,B\n")
        var csv = "dataelement,period,orgunit,categoryoptioncombo,value\n"
        for (unit, period, male, female) in Self.births {
            csv += "births,\(period),\(unit),male,\(male)\nbirths,\(period),\(unit),female,\(female)\n"
        }
        for (unit, y2025, y2026) in [("a1", 1000, 1100), ("a2", 3000, 2900), ("b1", 2000, 2000)] {
            csv += "population,2025,\(unit),,\(y2025)\npopulation,2026,\(unit),,\(y2026)\n"
        }
        try s.write("fixture.csv", csv)
        #expect(s.initialize(database) == 0)
        #expect(s.run(["import", "--db", database, s.path("fixture.csv")]) == 0)
        return try Workspace.open(path: database)
    }

    static func value(_ w: Workspace, _ subject: Subject, _ unit: String, _ period: String) throws -> Double? {
        try w.engine.run(Query(subject: subject, period: try Period(period), orgUnit: try w.unit(unit)))[0].figure.value
    }

    @Test func figuresMatchTheHandComputedOnes() throws {
        let (w, dir) = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.checkHandComputedFigures(w)
    }

    /// The hand-computed figures, read through a workspace over the fixture.
    static func checkHandComputedFigures(_ w: Workspace) throws {
        let births = Subject.element(ElementReference(element: "births"))
        #expect(try value(w, births, "C", "202510..202601") == 50)
        #expect(try value(w, births, "C", "2025Oct") == 57)
        #expect(try value(w, births, "C", "2025Q4") == 37)
        #expect(try value(w, births, "b1", "202512") == nil)
        #expect(try value(w, .element(ElementReference(element: "births", options: ["male"])), "C", "202510") == 10)
        #expect(try value(w, .element(ElementReference(element: "population")), "C", "202510..202601") == 6000)
        #expect(try value(w, .indicator("srb"), "A", "202510..202601") == 112.5)
        // Crude birth rate, annualized: 50 / 6000 × 1000 × 365 / 123 = 24.72900…
        let cbr = try #require(try value(w, .indicator("cbr"), "C", "202510..202601"))
        #expect(abs(cbr - 50.0 / 6000 * 1000 * 365 / 123) < 1e-12)
        let rows = try w.engine.run(
            Query(
                subject: births, period: try Period("202510..202601"), orgUnit: try w.unit("C"), scope: .children,
                comparison: .lastYear))
        #expect(rows.map(\.figure.value) == [34, 16])
        #expect(rows.map(\.rank) == [1, 2])
        #expect(rows.map { $0.comparison?.change } == [22, 8])
        // Units of two towns listed together, and a leaf alone: a1 (1+2)+(2+0)+(0+1)+(1+1) = 8 and a year before
        // (1+1)+(0+1) = 3; b1 (4+4)+(2+1)+(3+2) = 16, a year before (2+2)+(3+1) = 8; a2 8+6+6+6 = 26.
        let listed = try w.engine.run(
            Query(
                subject: births, period: try Period("202510..202601"), orgUnit: try w.unit("C"),
                scope: .list([try w.unit("a1"), try w.unit("b1")]), comparison: .lastYear))
        #expect(listed.map(\.figure.value) == [8, 16])
        #expect(listed.map(\.rank) == [2, 1])
        #expect(listed.map { $0.comparison?.change } == [5, 8])
        #expect(try value(w, births, "a2", "202510..202601") == 26)
        #expect(try value(w, births, "b1", "202510..202601") == 16)
    }

    /// On SQLite, the figures of an engine restricted to some units' subtrees are the whole tree's, bit for bit.
    @Test func figuresOfSomeUnitsAreTheWholeTreesBitForBit() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try AggregationPushdownTests.checkRestrictedFigures(try AggregationPushdownTests.workspace(s, database: s.db))
    }
}
