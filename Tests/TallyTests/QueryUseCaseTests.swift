import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyEngine
import TallyRender
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// The subjects of a query (one parser, several subjects), the query, the audit and the roll-up as Tally's calls,
/// on SQLite and PostgreSQL, against figures worked out by hand.
@Suite struct QueryUseCaseTests {
    /// Population 4,000 (A1 1,200, A2 800, B1 1,000, B2 1,000); January 2026 births: A1 3 boys and 2 girls, A2 1 boy,
    /// B1 4 girls; A1's visits in 2025 are 7, 8, 6, 7, 8, 6, … and 70 in January 2026.
    static let data: String = {
        var lines = [
            "dataelement,period,orgunit,categoryoptioncombo,value",
            "population,2025,A1,,1200", "population,2025,A2,,800", "population,2025,B1,,1000",
            "population,2025,B2,,1000",
            "population,2026,A1,,1200", "population,2026,A2,,800", "population,2026,B1,,1000",
            "population,2026,B2,,1000",
            "births,202601,A1,male,3", "births,202601,A1,female,2", "births,202601,A2,male,1",
            "births,202601,B1,female,4",
            "visits,202601,A1,,70",
        ]
        for m in 1...12 { lines.append("visits,2025\(m < 10 ? "0" : "")\(m),A1,,\(6 + m % 3)") }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(arguments: TestBackend.available)
    func severalSubjectsInTheOrderNamed(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let subjects = try w.subjects(elements: ["births.male", "visits"], indicators: ["srb", "cbr"])
        #expect(
            subjects == [
                .element(ElementReference(element: "births", options: ["male"])),
                .element(ElementReference(element: "visits")), .indicator("srb"), .indicator("cbr"),
            ])
        let results = try w.query(subjects, period: try Period("202601"), orgUnit: try w.unit("C"), scope: .children)
        #expect(results.map(\.subject) == subjects)
        func values(_ k: Int) -> [String: Double?] {
            Dictionary(uniqueKeysWithValues: results[k].rows.map { (w.tree.units[$0.unit].code, $0.figure.value) })
        }
        #expect(values(0) == ["TA": 4, "TB": nil])  // no boy in 乙镇: missing, not zero
        #expect(values(1) == ["TA": 70, "TB": nil])
        #expect(values(2)["TA"] == 200)  // 4 boys ÷ 2 girls × 100
        // 6 births ÷ 2,000 people × 1,000 × 365 ÷ 31 days (annualized).
        let rate: Double = 6.0 / 2000 * 1000 * 365 / 31
        let town = try #require(results[3].rows.first?.figure.value)
        #expect(abs(town - rate) < 1e-12)
        #expect(results[3].rows.map(\.rank) == [1, 2])  // 甲镇 6 births, 乙镇 4, each for 2,000 people
    }

    /// Two indicators over two periods: one result per subject × period, subjects first, each figure worked out by
    /// hand; the long table and the pivot carry every figure at full precision.
    @Test(arguments: TestBackend.available)
    func twoIndicatorsOverTwoPeriods(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let periods = [try Period("202601"), try Period("2026")]
        let results = try w.query(
            [.indicator("cbr"), .indicator("srb")], periods: periods, orgUnit: try w.unit("C"), scope: .children)
        #expect(results.map(\.subject) == [.indicator("cbr"), .indicator("cbr"), .indicator("srb"), .indicator("srb")])
        #expect(results.map(\.period) == periods + periods)
        func values(_ k: Int) -> [Double?] { results[k].rows.map(\.figure.value) }
        // 甲镇 6 births, 乙镇 4, each for 2,000 people: January annualized (× 365 ÷ 31), the year as it is.
        let january = [6.0 / 2000 * 1000 * 365 / 31, 4.0 / 2000 * 1000 * 365 / 31]
        #expect(zip(values(0), january).allSatisfy { abs($0! - $1) < 1e-12 })
        #expect(values(1) == [3, 2])  // 6 ÷ 2,000 × 1,000 and 4 ÷ 2,000 × 1,000
        #expect(values(2)[0] == 200)  // 4 boys ÷ 2 girls × 100
        #expect(values(3)[0] == 200)
        #expect(results.allSatisfy { $0.rows.map { w.tree.units[$0.unit].code } == ["TA", "TB"] })

        let parts = results.map { ($0.subject, $0.rows) }
        let long = QueryTable(parts: parts, tree: w.tree, metadata: w.metadata)
        let csv = long.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv.first == "subject,subject_name,orgunit,name,level,period,value,numerator,denominator,rank")
        #expect(csv.count == 1 + 8)
        #expect(csv[3].hasPrefix("cbr,Crude birth rate ‰,TA,甲镇,2,2026,3,6,2000,1"))
        let pivot = QueryTable(
            parts: parts, tree: w.tree, metadata: w.metadata, pivot: PivotLayout(rows: .unit, columns: .subject))
        let pivotCSV = pivot.render(.csv).split(separator: "\n").map(String.init)
        #expect(
            pivotCSV == [
                "orgunit,name,level,period,cbr,srb", "TA,甲镇,2,202601,\(NumberFormat.exact(january[0])),200",
                "TA,甲镇,2,2026,3,200",
                "TB,乙镇,2,202601,\(NumberFormat.exact(january[1])),\(results[2].rows[1].figure.value.map(NumberFormat.exact) ?? "")",
                "TB,乙镇,2,2026,2,\(results[3].rows[1].figure.value.map(NumberFormat.exact) ?? "")",
            ])
        // The table rounds to each indicator's decimals: 35.32 ‰ (6 ÷ 2,000 × 1,000 × 365 ÷ 31 = 35.3226…), 200.0.
        let table = pivot.render(.table)
        #expect(table.contains("35.32") && table.contains("200.0") && !table.contains("35.3225"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(pivot.render(.json).utf8)) as? [[String: Any]])
        #expect(json.count == 4)
        #expect((json[1]["values"] as? [String: Any])?["cbr"] as? Double == 3)
        #expect(json[1]["period"] as? String == "2026")
    }

    /// Subjects × periods × units over the limit is refused before anything is computed, naming the limit in both
    /// languages.
    @Test func aQueryOverTheLimitIsRefused() throws {
        let county = try County.make(.sqlite, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let error = thrown(QueryLimitError.self) {
            try w.query(
                [.indicator("cbr"), .indicator("srb")], periods: [try Period("202601"), try Period("2026")],
                orgUnit: try w.unit("C"), scope: .children, limit: 7)
        }
        #expect(error?.rows == 8)
        #expect(error?.errorCode == "query.tooManyRows")
        #expect(
            error?.message
                == "the query would have 2 subjects × 2 periods × 2 units = 8 rows; a query has at most 7 rows; name fewer subjects or periods, or a smaller org unit or level"
        )
        #expect(error?.message(.zh).contains("一次查询最多7行") == true)
        // Eleven subjects over twelve months are 132 passes of the engine, over the 120 allowed.
        let months = try (1...12).map { try Period("2025\($0 < 10 ? "0" : "")\($0)") }
        let passes = thrown(QueryLimitError.self) {
            try w.query(Array(repeating: .indicator("cbr"), count: 11), periods: months, orgUnit: try w.unit("C"))
        }
        #expect(passes?.errorCode == "query.tooManyParts")
        #expect(
            passes?.message
                == "the query names 11 subjects × 12 periods = 132; a query names at most 120; name fewer subjects or periods"
        )
        #expect(passes?.message(.zh) == "查询列出11个项目 × 12个期间 = 132组；一次查询最多120组；请减少项目或期间")
        // At the limit it answers.
        #expect(
            try w.query(
                [.indicator("cbr"), .indicator("srb")], periods: [try Period("202601"), try Period("2026")],
                orgUnit: try w.unit("C"), scope: .children, limit: 8
            ).count == 4)
    }

    @Test func everyRefusalIsASubjectErrorWithTheCommandLinesSentence() throws {
        let county = try County.make(.sqlite, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        func refusal(_ elements: [String], _ indicators: [String]) -> SubjectError? {
            thrown(SubjectError.self) { try w.subjects(elements: elements, indicators: indicators) }
        }
        #expect(refusal([], [])?.code == .noSubject)
        #expect(refusal([], ["nothing"])?.message == "'nothing' is not an indicator; expected one of: cbr, srb")
        #expect(refusal([], ["nothing"])?.errorCode == "subject.unknownIndicator")
        #expect(
            refusal(["births..x"], [])?.message
                == "'births..x' is not an element reference (position 3: 'births..x' is not an element reference; expected #{element} or #{element.option})"
        )
        #expect(
            refusal(["births.nothing"], [])?.message
                == "'births.nothing' names no combo of 'births'; expected one of male, female")
        #expect(refusal(["births.nothing"], [])?.code == .unknownElement)
        #expect(
            refusal(["nothing"], ["cbr"])?.message
                == "'nothing' is not a data element; expected one of: population, births, visits")
        #expect(refusal(["1 + 2"], [])?.code == .notAnElement)
    }

    /// A text element is never added up: a query naming one is refused with the reason, in both languages, on
    /// both stores.
    @Test(arguments: TestBackend.available)
    func aQueryOfATextElementIsRefused(_ backend: TestBackend) throws {
        let metadata = FixtureCounty.metadata.replacingOccurrences(
            of: "elements:\n", with: "elements:\n  remark:\n    name: {en: Remark, zh: 备注}\n    type: text\n")
        let county = try County.make(backend, metadata: metadata, data: Self.data)
        defer { county.remove() }
        let error = try #require(
            thrown(SubjectError.self) { try county.workspace.subjects(elements: ["remark"], indicators: []) })
        #expect(error.code == .unknownElement)
        #expect(
            error.message
                == "'remark' holds text (text); text is never added up, so no query, indicator or rule may name it")
        #expect(error.message(.zh) == "“remark”的值是文本（text），文本从不汇总，不能用于查询、指标或规则")
    }

    @Test(arguments: TestBackend.available)
    func theAuditFindsTheTypingError(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let result = try w.audit(
            orgUnit: try w.unit("C"), period: try Period("202601"), asOf: Day(year: 2026, month: 3, day: 5)!)
        let outliers = result.findings(of: OutlierCheck.self)
        #expect(outliers.count == 1)
        let finding = try #require(outliers.first)
        #expect(w.tree.units[finding.finding.unit].code == "A1")
        #expect(finding.finding.severity == .extreme)
        #expect(finding.payload.value == 70)
        // Against 2025's 7, 8, 6, … : median 7, mean 7, s = √(8 / 11); z = 63 ÷ s.
        guard case .unusual(let median, _, let z?, _) = finding.payload.reason else {
            Issue.record("not an unusual value: \(finding.payload.reason)")
            return
        }
        #expect(median == 7)
        #expect(abs(z - 63 / (8.0 / 11).squareRoot()) < 1e-9)
    }

    @Test(arguments: TestBackend.available)
    func theRollupHoldsEveryFigure(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let cube = try w.rollup(types: [.monthly, .yearly])
        // The months January 2025 to January 2026, and the years 2025 and 2026 (population alone does not widen it).
        #expect(cube.periods.map(\.identifier).first == "202501")
        #expect(cube.periods.count == 13 + 2)
        func value(_ element: String, _ combo: String, _ unit: String, _ period: String) throws -> Double? {
            let s = try #require(cube.series.firstIndex { $0.element == element && $0.combo == combo })
            let p = try #require(cube.periods.firstIndex { $0.identifier == period })
            return cube.value(series: s, period: p, unit: try w.unit(unit))
        }
        #expect(try value("visits", "", "C", "2025") == 84)  // 4 × (7 + 8 + 6)
        #expect(try value("visits", "", "TA", "202601") == 70)
        #expect(try value("births", "", "C", "202601") == 10)
        #expect(try value("births", "male", "C", "202601") == 4)
        #expect(try value("births", "male", "TB", "202601") == nil)
        #expect(try value("population", "", "C", "2026") == 4000)
        var total = 0.0
        for v in cube.values where !v.isNaN { total += v }
        #expect(cube.total == total)
    }
}
