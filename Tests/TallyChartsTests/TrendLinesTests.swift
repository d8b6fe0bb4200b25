import TallyCharts
import Testing

@Suite struct TrendLinesTests {
    let months = ["10月", "11月", "12月", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月"]

    func make(current: [Double?], previous: [Double?], months: [String]? = nil) -> TrendLines {
        TrendLines(
            title: "月度报告病例数", months: months ?? self.months,
            current: .init(name: "2025/26", values: current), previous: .init(name: "2024/25", values: previous),
            axisTitle: "病例数"
        )
    }

    @Test func missingMonthsLeaveGaps() {
        let chart = make(
            current: [5, 7, nil, 9, 12, nil, nil, 4, nil],
            previous: [3, 4, 6, 8, 10, 11, 13, 12, 9, 8, 6, 137]
        )
        let current = chart.layout.current
        #expect(current.points.count == 12)
        #expect(
            current.points.map { $0 != nil } == [true, true, false, true, true, false, false, true]
                + [false, false, false, false])
        #expect(current.segments.count == 2)
        #expect(current.segments[0].count == 2 && current.segments[1].count == 2)
        #expect(current.segments[0].last!.x == chart.layout.monthX[1])
        #expect(current.segments[1].first!.x == chart.layout.monthX[3])
        // The isolated May value keeps its marker but is on no segment.
        #expect(current.points[7] != nil)
        #expect(!current.segments.joined().contains { $0.x == chart.layout.monthX[7] })
        #expect(chart.layout.previous?.segments.count == 1)
        #expect(chart.layout.previous?.segments[0].count == 12)
        #expect(chart.chart.svg.ranges(of: "<polyline").count == 3)
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func yAxisStartsAtZeroWithNiceTicks() {
        let chart = make(current: [1, 2, 137], previous: [50])
        #expect(chart.layout.scale.ticks == [0, 50, 100, 150])
        #expect(chart.layout.tickY[0] == chart.layout.plot.maxY)
        #expect(abs(chart.layout.tickY.last! - chart.layout.plot.y) < 1e-9)
        let point = chart.layout.current.points[2]!
        #expect(abs(point.y - (chart.layout.plot.maxY - 137.0 / 150 * chart.layout.plot.height)) < 1e-9)
        #expect(abs(chart.layout.previous!.points[0]!.y - chart.layout.y(for: 50)) < 1e-9)
    }

    @Test func monthsAreEvenlySpacedInsideThePlot() {
        let chart = make(current: [], previous: [])
        let x = chart.layout.monthX
        let steps = zip(x, x.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 })
        #expect(x.first! > chart.layout.plot.x && x.last! < chart.layout.plot.maxX)
        #expect(chart.layout.monthLabelShown.allSatisfy { $0 })
        #expect(chart.layout.current.segments.isEmpty)
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func crowdedMonthLabelsAreThinned() {
        let long = (1...12).map { "Month number \($0)" }
        let chart = make(current: [1], previous: [2], months: long)
        #expect(chart.layout.monthLabelShown.contains(false))
        #expect(chart.layout.monthLabelShown[0])
    }

    @Test func legendReadsInBlackAndWhite() {
        let chart = make(current: [1, 2], previous: [2, 1])
        let svg = chart.chart.svg
        #expect(svg.contains(">2025/26</text>") && svg.contains(">2024/25</text>"))
        #expect(svg.contains("<circle") && svg.contains("stroke-dasharray"))
        // Dashed polyline for last year, solid for this year.
        let polylines = svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }
        #expect(polylines.count == 2)
        #expect(polylines.filter { $0.contains("stroke-dasharray") }.count == 1)
    }

    @Test func escapesMonthAndSeriesNames() {
        let chart = TrendLines(
            title: nastyName, months: ["<1>", "&2"], current: .init(name: "a&b", values: [1, nil]),
            previous: .init(name: "\"c\"", values: [nil, 2]), axisTitle: "<n>"
        )
        #expect(!chart.chart.svg.contains("<1>"))
        expectAccessibleAndWellFormed(chart.chart)
    }
}
