import TallyCharts
import Testing

@Suite struct RankedBarsTests {
    let items = [
        RankedBars.Item(label: "城关镇卫生院", value: 9.83, display: "9.83‰"),
        RankedBars.Item(label: "河西乡", value: 6.5, display: "6.50‰"),
        RankedBars.Item(label: "新华社区卫生服务中心", value: 3.25, display: "3.25‰"),
        RankedBars.Item(label: "东山", value: nil),
        RankedBars.Item(label: "北关", value: 0, display: "0‰"),
    ]

    func make(_ items: [RankedBars.Item], reference: RankedBars.Reference? = nil) -> RankedBars {
        RankedBars(title: "各乡镇发病率", items: items, axisTitle: "发病率 (‰)", reference: reference)
    }

    @Test func barLengthsAreProportionalAndStartAtZero() throws {
        let chart = make(items)
        let bars = chart.layout.rows.map(\.bar)
        let first = try #require(bars[0])
        for (item, bar) in zip(items, bars) {
            guard let value = item.value, let bar else { continue }
            #expect(bar.x == chart.layout.plot.x)
            if value > 0 { #expect(abs(bar.width / first.width - value / 9.83) < 1e-9) }
        }
        #expect(bars[4]?.width == 0)
        #expect(chart.layout.scale.ticks == [0, 2, 4, 6, 8, 10])
        #expect(chart.layout.tickX[0] == chart.layout.plot.x)
        #expect(abs(chart.layout.tickX.last! - chart.layout.plot.maxX) < 1e-9)
        #expect(abs(first.width - chart.layout.plot.width * 0.983) < 1e-9)
    }

    @Test func missingValuesShowADashWithoutABar() {
        let chart = make(items)
        #expect(chart.layout.rows[3].bar == nil)
        #expect(chart.layout.rows[3].valueText == "–")
        #expect(chart.chart.svg.contains(">–</text>"))
        #expect(chart.layout.rows[0].valueText == "9.83‰")
        #expect(chart.chart.svg.contains(">9.83‰</text>"))
    }

    @Test func negativeValuesClampToZero() {
        let chart = make([.init(label: "a", value: -3), .init(label: "b", value: 137)])
        #expect(chart.layout.rows[0].bar?.width == 0)
        #expect(chart.layout.scale.ticks == [0, 50, 100, 150])
    }

    @Test func referenceLineSitsAtItsValue() throws {
        let chart = make(items, reference: .init(value: 4.2, label: "全县 4.2‰"))
        let x = try #require(chart.layout.referenceX)
        let plot = chart.layout.plot
        #expect(abs(x - (plot.x + 4.2 / 10 * plot.width)) < 1e-9)
        #expect(abs(x - chart.layout.x(for: 4.2)) < 1e-9)
        let box = try #require(chart.layout.referenceLabelBox)
        #expect(box.maxY <= plot.y)
        #expect(box.x >= 0 && box.maxX <= chart.chart.width)
        #expect(chart.chart.svg.contains("stroke-dasharray"))
        #expect(chart.chart.svg.contains(">全县 4.2‰</text>"))
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func referenceAboveEveryValueExtendsTheAxis() {
        let chart = make([.init(label: "a", value: 3)], reference: .init(value: 12, label: "省"))
        #expect(chart.layout.scale.max >= 12)
        #expect(chart.layout.referenceX! <= chart.layout.plot.maxX + 1e-9)
    }

    @Test func thirtyUnitsDoNotOverlapAndLongNamesFit() {
        let long = "某某县第一人民医院妇幼保健分院社区卫生服务站"
        var many: [RankedBars.Item] = []
        for index in 0..<34 {
            let value = Double(34 - index) * 0.7
            let label = index == 7 ? long : "乡镇\(index)"
            many.append(RankedBars.Item(label: label, value: value, display: SVGFormatForTest.permille(value)))
        }
        let chart = make(many)
        let rows = chart.layout.rows
        #expect(chart.layout.rowHeight >= 12 * 1.6)
        for (a, b) in zip(rows, rows.dropFirst()) {
            #expect(a.labelBox.maxY < b.labelBox.y)
        }
        let widest = rows.map { $0.labelBox.width }.max()!
        #expect(abs(widest - textWidth(long, fontSize: 12)) < 1e-9)
        for row in rows {
            #expect(row.labelBox.x >= 0)
            #expect(row.labelBox.maxX < chart.layout.plot.x)
            #expect(row.bar!.maxX <= chart.layout.plot.maxX + 1e-9)
            #expect(row.valueX + textWidth(row.valueText, fontSize: 12) <= chart.chart.width)
        }
        #expect(chart.chart.height > rows.last!.labelBox.maxY)
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func labelsTooLongForTheWidthWidenTheChart() {
        let label = String(repeating: "长", count: 60)
        let chart = make([.init(label: label, value: 1)])
        #expect(chart.chart.width > 640)
        #expect(chart.layout.plot.width >= 12 * 12 - 1e-9)
        #expect(chart.layout.rows[0].labelBox.maxX < chart.layout.plot.x)
    }

    @Test func textIsEscaped() {
        let chart = RankedBars(
            title: "Rates <&> \"quoted\"", items: [.init(label: nastyName, value: 2, display: "2 <&>")],
            axisTitle: "‰ & more", reference: .init(value: 1, label: "ref <1>")
        )
        #expect(!chart.chart.svg.contains(nastyName))
        #expect(chart.chart.svg.contains("A&amp;B &lt;county&gt; &quot;x&quot; &#39;y&#39;"))
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func emptyAndAllMissingStillDraw() {
        expectAccessibleAndWellFormed(make([]).chart)
        let missing = make([.init(label: "a", value: nil), .init(label: "b", value: .nan)])
        #expect(missing.layout.rows.allSatisfy { $0.bar == nil && $0.valueText == "–" })
        #expect(missing.layout.scale.ticks.first == 0)
        expectAccessibleAndWellFormed(missing.chart)
    }

    @Test func defaultIDsDifferBetweenCharts() {
        let a = RankedBars(title: "A", items: items, axisTitle: "‰")
        let b = RankedBars(title: "B", items: items, axisTitle: "‰")
        #expect(rootAttribute("aria-labelledby", in: a.chart.svg) != rootAttribute("aria-labelledby", in: b.chart.svg))
        let custom = RankedBars(title: "A", items: items, axisTitle: "‰", id: "fig 1\"")
        #expect(rootAttribute("aria-labelledby", in: custom.chart.svg) == "fig-1--title")
        expectAccessibleAndWellFormed(custom.chart)
    }
}

enum SVGFormatForTest {
    static func permille(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)‰"
    }
}
