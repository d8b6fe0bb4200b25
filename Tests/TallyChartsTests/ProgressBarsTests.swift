import TallyCharts
import Testing

@Suite struct ProgressBarsTests {
    let items = [
        ProgressBars.Item(label: "城关镇", achieved: 1.125, status: "✓ 达标"),
        ProgressBars.Item(label: "河西乡", achieved: 0.734, status: "进行中"),
        ProgressBars.Item(label: "东山", achieved: 0.2, status: "✗ 落后"),
        ProgressBars.Item(label: "北关", achieved: nil, status: "未报"),
        ProgressBars.Item(label: "南岗", achieved: -0.1),
    ]
    let milestones = [ProgressBars.Milestone(share: 0.6), ProgressBars.Milestone(share: 0.8, label: "80% (11月)")]

    @Test func barsCapAtFullWithTheRealPercentPrinted() {
        let chart = ProgressBars(title: "免疫接种进度", items: items, milestones: milestones)
        let plot = chart.layout.plot
        let rows = chart.layout.rows
        #expect(rows[0].bar?.width == plot.width)
        #expect(rows[0].percentText == "112.5%")
        #expect(abs(rows[1].bar!.width - 0.734 * plot.width) < 1e-9)
        #expect(rows[1].percentText == "73.4%")
        #expect(rows[3].bar == nil && rows[3].percentText == "–")
        #expect(rows[4].bar?.width == 0)
        #expect(rows.allSatisfy { $0.track.width == plot.width && $0.track.x == plot.x })
        #expect(chart.chart.svg.contains(">112.5%</text>"))
        #expect(chart.chart.svg.contains(">✓ 达标</text>"))
        for row in rows {
            #expect(row.labelBox.maxX < plot.x)
            #expect(row.percentX > plot.maxX)
            #expect(row.statusX >= row.percentX + textWidth(row.percentText, fontSize: 12))
            #expect(row.statusX + textWidth(row.status, fontSize: 12) <= chart.chart.width)
        }
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func milestoneMarksSitAtTheirShare() {
        let chart = ProgressBars(title: "进度", items: items, milestones: milestones)
        let plot = chart.layout.plot
        #expect(chart.layout.marks.count == 2)
        for mark in chart.layout.marks {
            #expect(abs(mark.x - (plot.x + mark.milestone.share * plot.width)) < 1e-9)
            #expect(mark.labelBox.maxY <= plot.y)
        }
        #expect(chart.layout.marks[0].milestone.label == "60%")
        #expect(chart.chart.svg.contains(">80% (11月)</text>"))
    }

    @Test func closeMilestoneLabelsDoNotOverlap() {
        let close = [0.9, 0.95, 1].map { ProgressBars.Milestone(share: $0) }
        let chart = ProgressBars(title: "进度", items: items, milestones: close)
        let boxes = chart.layout.marks.map(\.labelBox)
        for (a, b) in zip(boxes, boxes.dropFirst()) { #expect(disjoint(a, b)) }
        #expect(boxes.allSatisfy { $0.x >= 0 && $0.maxX <= chart.chart.width && $0.maxY <= chart.layout.plot.y })
    }

    @Test func rowsDoNotOverlap() {
        let many = (0..<40).map { ProgressBars.Item(label: "单位\($0)", achieved: Double($0) / 40, status: "") }
        let chart = ProgressBars(title: "进度", items: many)
        for (a, b) in zip(chart.layout.rows, chart.layout.rows.dropFirst()) {
            #expect(a.labelBox.maxY < b.labelBox.y)
            #expect(a.track.maxY < b.track.y)
        }
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func escapesText() {
        let chart = ProgressBars(
            title: "<p>", items: [.init(label: nastyName, achieved: 0.5, status: "<ok>")],
            milestones: [.init(share: 0.5, label: "a&b")]
        )
        #expect(!chart.chart.svg.contains("<ok>"))
        expectAccessibleAndWellFormed(chart.chart)
    }
}
