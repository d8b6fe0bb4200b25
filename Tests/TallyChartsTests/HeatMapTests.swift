import TallyCharts
import Testing

@Suite struct HeatMapTests {
    let rows = ["城关镇", "河西乡", "新华社区卫生服务中心"]
    let columns = ["完整性", "及时性", "Consistency of monthly totals", "异常值检查（Z 分数）"]
    let values: [[Double?]] = [[1, 0.95, 0.875, nil], [0.1, 0, 0.5, 0.44], [0.3, 1.2, -0.1, .nan]]

    var chart: HeatMap { HeatMap(title: "数据质量", rows: rows, columns: columns, values: values) }

    @Test func darkCellsSwitchToWhiteText() {
        let cells = chart.layout.cells
        #expect(cells[0][0].fill == "#ffffff")
        #expect(cells[1][1].fill == "#262626")
        #expect(cells[0][0].textColor != "#ffffff")
        #expect(cells[1][0].textColor == "#ffffff")
        #expect(cells[1][1].textColor == "#ffffff")
        #expect(cells[1][3].textColor == "#ffffff")
        #expect(cells[1][2].textColor != "#ffffff")
        #expect(cells[0][2].text == "87.5%")
        #expect(cells[1][1].text == "0%")
        #expect(cells[2][1].value == 1 && cells[2][1].text == "100%")
        #expect(cells[2][2].value == 0)
        #expect(chart.chart.svg.contains("fill=\"#ffffff\">10%</text>"))
        // Shading gets darker as the value falls.
        let grey = { (cell: HeatMap.Cell) in Int(cell.fill.dropFirst().prefix(2), radix: 16)! }
        #expect(grey(cells[0][1]) > grey(cells[1][2]) && grey(cells[1][2]) > grey(cells[1][0]))
    }

    @Test func missingCellsAreHatchedWithADash() {
        let cells = chart.layout.cells
        for cell in [cells[0][3], cells[2][3]] {
            #expect(cell.value == nil && cell.text == "–")
            #expect(cell.fill.hasPrefix("url(#"))
        }
        #expect(chart.chart.svg.contains("<pattern"))
        expectAccessibleAndWellFormed(chart.chart)
    }

    @Test func gridGeometry() {
        let layout = chart.layout
        for (r, row) in layout.cells.enumerated() {
            for (c, cell) in row.enumerated() {
                #expect(abs(cell.rect.x - (layout.grid.x + Double(c) * layout.cellWidth)) < 1e-9)
                #expect(abs(cell.rect.y - (layout.grid.y + Double(r) * layout.cellHeight)) < 1e-9)
            }
        }
        #expect(layout.rowLabelBoxes.allSatisfy { $0.x >= 0 && $0.maxX < layout.grid.x })
        #expect(layout.grid.maxX <= chart.chart.width)
        #expect(textWidth("100%", fontSize: 12) < layout.cellWidth)
    }

    @Test func columnLabelsDoNotOverlap() {
        let many = (0..<14).map { "Check number \($0) with a long name" }
        let heat = HeatMap(title: "t", rows: ["a"], columns: many, values: [Array(repeating: 0.5, count: 14)])
        let boxes = heat.layout.columns.flatMap(\.lineBoxes)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] { #expect(disjoint(a, b)) }
            #expect(a.maxY <= heat.layout.grid.y && a.y >= 0)
        }
        for (index, column) in heat.layout.columns.enumerated() {
            let cellX = heat.layout.grid.x + Double(index) * heat.layout.cellWidth
            #expect(column.lineBoxes.allSatisfy { $0.x >= cellX && $0.maxX <= cellX + heat.layout.cellWidth })
            #expect(column.lines.joined(separator: " ") == column.label)
        }
        expectAccessibleAndWellFormed(heat.chart)
    }

    @Test func escapesText() {
        let heat = HeatMap(title: "<&>", rows: [nastyName], columns: ["<check>"], values: [[0.2]])
        #expect(!heat.chart.svg.contains("<check>"))
        expectAccessibleAndWellFormed(heat.chart)
    }
}
