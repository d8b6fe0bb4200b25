import Foundation
import Tally
import TallyBulletin
import TallyCore
import TallyEngine
import TallyRender
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// The dashboard's data come from the bulletin's computation: the same key figures, ranking and trend (months
/// and values) for the same unit, period and comparison (同比 and 环比), checked against each other and against
/// figures worked out here.
@Suite struct DashboardTests {
    static let villages = ["A1", "A2", "B1", "B2"]
    static let population = [1200, 800, 1000, 1000]

    static func male(_ v: Int, _ back: Int) -> Int { 3 + (v + back) % 4 }
    static func female(_ v: Int, _ back: Int) -> Int { 2 + (2 * v + back) % 4 }

    /// The month `back` months before January 2026.
    static func month(_ back: Int) -> String {
        let index = 2026 * 12 - back
        return String(format: "%04d%02d", index / 12, index % 12 + 1)
    }

    /// Births of every village for the 24 months up to January 2026, population for 2024 to 2026.
    static let data: String = {
        var lines = ["dataelement,period,orgunit,categoryoptioncombo,value"]
        for year in 2024...2026 {
            for (v, code) in villages.enumerated() { lines.append("population,\(year),\(code),,\(population[v])") }
        }
        for back in 0..<24 {
            for (v, code) in villages.enumerated() {
                lines.append("births,\(month(back)),\(code),male,\(male(v, back))")
                lines.append("births,\(month(back)),\(code),female,\(female(v, back))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Births of some villages (indices) in the month `back` months before January 2026.
    static func births(_ villages: [Int], _ back: Int) -> Double {
        Double(villages.map { male($0, back) + female($0, back) }.reduce(0, +))
    }

    static let today = Day(year: 2026, month: 3, day: 5)!

    @Test(arguments: TestBackend.available)
    func theDashboardShowsTheBulletinsFigures(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let cases: [(String, String, Comparison)] = [
            ("C", "202601", .lastYear), ("TA", "202510..202601", .lastYear), ("C", "2025", .lastYear),
            ("C", "202601", .previous), ("TA", "202510..202601", .previous), ("C", "2025", .previous),
        ]
        for (unit, period, comparison) in cases {
            let u = try w.unit(unit)
            let p = try Period(period)
            let dashboard = try w.dashboard(
                orgUnit: u, period: p, language: .zh, today: Self.today, comparison: comparison
            ).overview
            let bulletin = try w.bulletin(
                orgUnit: u, period: p, language: .zh, preparedOn: Self.today, comparison: comparison)
            #expect(dashboard.comparison == comparison && bulletin.comparison == comparison)
            #expect(BulletinBuilder.sentences(dashboard, language: .zh) == bulletin.sentences, "\(unit) \(period)")
            // Key figures: names and values (the bulletin prints the unit after the value).
            #expect(dashboard.figures.map(\.name) == bulletin.keyFigures.map(\.name), "\(unit) \(period)")
            for (k, (figure, row)) in zip(dashboard.figures, dashboard.unitRows).enumerated() {
                let shown = row.figure.value.map {
                    NumberFormat.fixed($0, decimals: figure.decimals) + (figure.unit ?? "")
                }
                #expect(shown == bulletin.keyFigures[k].value, "\(unit) \(period) \(figure.code)")
                let change = row.comparison?.change.map { NumberFormat.signed($0, decimals: figure.decimals) }
                #expect(change == bulletin.keyFigures[k].change, "\(unit) \(period) \(figure.code)")
            }
            // The ranking: the same units in the same order with the same ranks and values.
            let table = try #require(bulletin.ranking)
            let column = 2 + 2 * dashboard.rankIndex
            let figure = try #require(dashboard.rankFigure)
            let ranked = dashboard.rankedRows.map {
                [
                    $0.rank.map(String.init) ?? "–", w.tree.units[$0.unit].name,
                    $0.figure.value.map { NumberFormat.fixed($0, decimals: figure.decimals) } ?? "–",
                ]
            }
            #expect(ranked == table.rows.dropFirst().map { [$0[0], $0[1], $0[column]] }, "\(unit) \(period)")
            // The trend: the same months and values as the bulletin's chart describes.
            let trend = try #require(dashboard.trend)
            let chart = try #require(bulletin.charts.first { $0.id == "trend" })
            let described = Self.described(chart.svg)
            // A year earlier beside it only for 同比.
            #expect((trend.previous != nil) == (comparison == .lastYear), "\(unit) \(period)")
            let expected =
                zip(trend.months, trend.current).map { ("\($0.start.month)月", Self.number($1)) }
                + zip(trend.months, trend.previous ?? []).map { ("\($0.start.month)月", Self.number($1)) }
            #expect(described.map { $0.0 } == expected.map { $0.0 }, "\(unit) \(period)")
            #expect(described.map { $0.1 } == expected.map { $0.1 }, "\(unit) \(period)")
        }
    }

    @Test(arguments: TestBackend.available)
    func theDashboardsFiguresAreTheHandComputedOnes(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let content = try w.dashboard(
            orgUnit: try w.unit("C"), period: try Period("202601"), language: .en, today: Self.today)
        let overview = content.overview
        // The report's default figures: the first summed element that is not population, then the indicators.
        #expect(overview.figures.map(\.code) == ["births", "cbr", "srb"])
        #expect(overview.figures.map(\.name) == ["Live births", "Crude birth rate", "Sex ratio at birth"])
        let births = Self.births([0, 1, 2, 3], 0)
        #expect(overview.unitRows[0].figure.value == births)
        #expect(overview.unitRows[0].comparison?.figure.value == Self.births([0, 1, 2, 3], 12))
        // Births ÷ 4,000 people × 1,000 × 365 ÷ 31 days.
        let rate = try #require(overview.unitRows[1].figure.value)
        #expect(abs(rate - births / 4000 * 1000 * 365 / 31) < 1e-12)
        // Towns ranked by the birth rate: each town's births over its 2,000 people.
        let towns = overview.rankedRows.map { w.tree.units[$0.unit].code }
        let (a, b) = (Self.births([0, 1], 0), Self.births([2, 3], 0))
        #expect(towns == (a >= b ? ["TA", "TB"] : ["TB", "TA"]))
        // The trend of births: February 2025 to January 2026, against February 2024 to January 2025.
        let trend = try #require(overview.trend)
        #expect(trend.figure.code == "births")
        #expect(trend.months.map(\.identifier) == (0..<12).reversed().map { Self.month($0) })
        #expect(trend.current == (0..<12).reversed().map { Self.births([0, 1, 2, 3], $0) })
        #expect(trend.previous == (12..<24).reversed().map { Self.births([0, 1, 2, 3], $0) })
        // 环比: January 2026 against December 2025, by hand.
        let previous = try w.dashboard(
            orgUnit: try w.unit("C"), period: try Period("202601"), language: .en, today: Self.today,
            comparison: .previous
        ).overview
        #expect(previous.unitRows[0].figure.value == births)
        #expect(previous.unitRows[0].comparison?.figure.value == Self.births([0, 1, 2, 3], 1))
        #expect(previous.unitRows[0].comparison?.change == births - Self.births([0, 1, 2, 3], 1))
        #expect(previous.comparedPeriod?.identifier == "202512")
        #expect(previous.trend?.previous == nil)
        // A quarter's trend ends with its last month.
        let quarter = try w.dashboard(orgUnit: 0, period: try Period("2025Q4"), language: .en, today: Self.today)
        #expect(quarter.overview.trend?.months.last?.identifier == "202512")
        #expect(quarter.overview.trend?.months.first?.identifier == "202501")
        // The audit ran as of today.
        #expect(overview.audit != nil)
        #expect(content.campaigns.isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func aVillageRanksNothingAndTheDefaultPeriod(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // A village's dashboard ranks nothing (its forms are `entryChoices`, ReportingGridUseCaseTests).
        let village = try w.dashboard(
            orgUnit: try w.unit("A1"), period: try Period("202601"), language: .zh, today: Self.today)
        #expect(village.overview.children.isEmpty && village.overview.ranking.isEmpty)
        // The latest month with data that has begun; before any, the month before today's.
        #expect(w.defaultPeriod(today: Self.today).identifier == "202601")
        #expect(w.defaultPeriod(today: Day(year: 2025, month: 6, day: 15)!).identifier == "202506")
        #expect(w.defaultPeriod(today: Day(year: 2020, month: 1, day: 10)!).identifier == "201912")
    }

    /// The (month, value) pairs of a trend chart's description: this year's twelve, then last year's.
    static func described(_ svg: String) -> [(String, String)] {
        guard let start = svg.range(of: "<desc"),
            let end = svg.range(of: "</desc>", range: start.upperBound..<svg.endIndex)
        else { return [] }
        let text = String(svg[start.upperBound..<end.lowerBound])
        let pattern = try! Regex(#"(\d{1,2}月) (–|[0-9]+(?:\.[0-9]+)?)"#)
        return text.matches(of: pattern).map { match in
            (String(match.output[1].substring!), String(match.output[2].substring!))
        }
    }

    /// A whole count as the chart's description writes it, `–` for none.
    static func number(_ value: Double?) -> String {
        value.map { String(Int($0)) } ?? "–"
    }
}
