import Foundation
import TallyBulletin
import TallyCharts
import TallyCore
import TallyEngine
import TallyRender
import TallyText
import Testing

/// The analysis page's chart of a query's table, on hand-made rows of the bulletin's fixture county (甲镇 A and
/// 乙镇 B): the figures drawn are the table's, missing stays missing.
@Suite struct QueryChartTests {
    static let tree = BulletinFixture.tree
    static let october = try! Period("202510")
    static let november = try! Period("202511")

    /// The birth rate of A and B over two months; B has no figure in November. With `compare`, last year's.
    static func table(compare: Bool = false) -> QueryTable {
        let a = tree.index["A"]!
        let b = tree.index["B"]!
        func row(_ unit: Int, _ period: Period, _ value: Double?, _ before: Double?) -> QueryRow {
            var row = QueryRow(unit: unit, period: period, figure: Figure(value: value))
            if compare {
                row.comparison = ComparisonFigure(
                    period: period.sameLastYear, figure: Figure(value: before), current: value)
            }
            return row
        }
        return QueryTable(
            parts: [
                (.indicator("cbr"), [row(a, october, 28.4, 18.9), row(b, october, 32.9, 21.8)]),
                (.indicator("cbr"), [row(a, november, 20, 19), row(b, november, nil, 20)]),
            ], tree: tree, metadata: BulletinFixture.metadata, language: .en,
            pivot: PivotLayout(rows: .unit, columns: .period))
    }

    @Test func barsRankTheUnitsOfTheFirstPeriodHighestFirst() throws {
        let chart = try #require(QueryChart.chart(Self.table(), kind: .bars))
        #expect(chart.title == "Crude birth rate ‰ · 202510")
        let yi = try #require(chart.svg.range(of: "Yi Town"))
        let jia = try #require(chart.svg.range(of: "Jia Town"))
        #expect(yi.lowerBound < jia.lowerBound)
        #expect(chart.svg.contains("32.90‰") && chart.svg.contains("28.40‰"))
    }

    @Test func linesFollowTheFirstUnitAgainstItsComparison() throws {
        let chart = try #require(QueryChart.chart(Self.table(compare: true), kind: .lines))
        #expect(chart.svg.contains("Jia Town") && chart.svg.contains("Same period last year"))
        #expect(chart.svg.contains(">202510<") && chart.svg.contains(">202511<"))
        // Without a comparison the second line is the second unit, which has a gap in November.
        let two = try #require(QueryChart.chart(Self.table(), kind: .lines))
        #expect(two.svg.contains("Yi Town"))
    }

    @Test func aMapNeedsOneSubjectOnePeriodAndBoundaries() throws {
        #expect(QueryChart.chart(Self.table(), kind: .map) == nil)
        let two = Self.table()
        let one = QueryTable(
            parts: Array(two.parts.suffix(1)), tree: two.tree, metadata: two.metadata, language: .en, pivot: two.pivot)
        let square: [[ChartPoint]] = [[.init(x: 0, y: 0), .init(x: 0, y: 10), .init(x: 10, y: 10), .init(x: 10, y: 0)]]
        let shifted = square.map { $0.map { ChartPoint(x: $0.x + 10, y: $0.y) } }
        #expect(QueryChart.chart(one, kind: .map, areas: [:]) == nil)
        let areas = [Self.tree.index["A"]!: square, Self.tree.index["B"]!: shifted]
        let map = try #require(QueryChart.chart(one, kind: .map, areas: areas))
        #expect(map.svg.components(separatedBy: "<path").count - 1 >= 2)
        #expect(map.svg.contains("data-unit=\"A\"") && map.svg.contains("data-unit=\"B\""))
        // B has no figure in November: hatched as missing, with its own legend entry, not a class of zero.
        #expect(map.svg.contains("no data"))
    }
}
