/// A units × checks grid of data-quality scores: 1 (good) is white, 0 (bad) is dark grey, with the value printed
/// as a percentage in each cell (white text on dark cells). Missing cells are hatched and show "–".
///
/// Values are clamped to 0...1 for shading; the printed percentage is the clamped value. NaN and infinite values
/// are treated as missing. Column labels are wrapped to the cell width, so they never overlap.
public struct HeatMap: Sendable {
    /// The computed geometry of one cell.
    public struct Cell: Hashable, Sendable {
        /// The cell's rectangle.
        public let rect: ChartRect
        /// The clamped value, or nil when missing.
        public let value: Double?
        /// The fill, a grey `#rrggbb` (or the hatch pattern for a missing value).
        public let fill: String
        /// The text colour: white on dark cells, the ink colour otherwise.
        public let textColor: String
        /// The printed text, such as "87.5%" or "–".
        public let text: String
    }

    /// The computed geometry of one column header.
    public struct Column: Hashable, Sendable {
        /// The check's name.
        public let label: String
        /// The wrapped lines of the label.
        public let lines: [String]
        /// The estimated box of each line.
        public let lineBoxes: [ChartRect]
    }

    /// The computed geometry of the whole chart.
    public struct Layout: Hashable, Sendable {
        /// The grid area.
        public let grid: ChartRect
        /// The width of a cell.
        public let cellWidth: Double
        /// The height of a cell.
        public let cellHeight: Double
        /// The estimated box of each row label.
        public let rowLabelBoxes: [ChartRect]
        /// The column headers.
        public let columns: [Column]
        /// The cells, by row then column.
        public let cells: [[Cell]]
    }

    /// The value below which a cell is dark enough to need white text.
    public static let darkThreshold = 0.45

    /// The geometry, for tests and for callers that add their own marks.
    public let layout: Layout
    /// The finished chart.
    public let chart: SVGChart

    /// Lays out and draws the chart.
    ///
    /// - Parameters:
    ///   - title: The visible title and accessible name.
    ///   - rows: The unit names.
    ///   - columns: The check names.
    ///   - values: One array per row with one value per column, in 0...1 (1 = good); nil when missing.
    ///   - description: The `<desc>` text; by default a summary listing every row.
    ///   - id: The prefix for element ids; by default derived from the title. Must differ between charts on a page.
    ///   - style: Sizes, fonts and colours.
    /// - Precondition: `values` has one array per row, each with one value per column.
    public init(
        title: String, rows: [String], columns: [String], values: [[Double?]], description: String? = nil,
        id: String? = nil, style: ChartStyle = ChartStyle()
    ) {
        precondition(values.count == rows.count, "HeatMap needs one array of values per row")
        precondition(values.allSatisfy { $0.count == columns.count }, "HeatMap needs one value per column")
        let fs = style.fontSize
        let m = style.margin
        let gap = fs * 0.5
        let rowLabelWidth = rows.map { textWidth($0, fontSize: fs) }.max() ?? 0
        let gridX = m + rowLabelWidth + gap
        let count = Double(Swift.max(columns.count, 1))
        let minCell = fs * 4
        let cellWidth = Swift.min(Swift.max((style.width - m - gridX) / count, minCell), fs * 8)
        let width = Swift.max(style.width, gridX + cellWidth * count + m)
        let cellHeight = fs * 2
        let titleLines = SVGWriter.titleLines(title, width: width, style: style)
        let contentTop = SVGWriter.contentTop(titleLines: titleLines.count, style: style)
        let lineHeight = fs * 1.2
        let wrapped = columns.map { TextMetrics.wrap($0, maxWidth: cellWidth - fs * 0.4, fontSize: fs) }
        let headerLines = wrapped.map(\.count).max() ?? 0
        let grid = ChartRect(
            x: gridX, y: contentTop + Double(headerLines) * lineHeight + fs * 0.3,
            width: cellWidth * Double(columns.count), height: cellHeight * Double(rows.count))
        let headers = zip(columns, wrapped).enumerated().map { index, pair in
            let centre = grid.x + (Double(index) + 0.5) * cellWidth
            // Bottom-aligned so every label ends just above its column.
            let first = grid.y - fs * 0.3 - Double(pair.1.count) * lineHeight
            let boxes = pair.1.enumerated().map { lineIndex, line in
                let w = textWidth(line, fontSize: fs)
                return ChartRect(
                    x: centre - w / 2, y: first + Double(lineIndex) * lineHeight + (lineHeight - fs) / 2,
                    width: w, height: fs)
            }
            return Column(label: pair.0, lines: pair.1, lineBoxes: boxes)
        }
        var svg = SVGWriter(kind: "heatmap", title: title, id: id, style: style)
        let hatch = svg.defineHatch()
        var cells: [[Cell]] = []
        for (rowIndex, rowValues) in values.enumerated() {
            cells.append(
                rowValues.enumerated().map { columnIndex, raw in
                    let rect = ChartRect(
                        x: grid.x + Double(columnIndex) * cellWidth,
                        y: grid.y + Double(rowIndex) * cellHeight, width: cellWidth, height: cellHeight)
                    guard let raw, raw.isFinite else {
                        return Cell(rect: rect, value: nil, fill: hatch, textColor: style.ink, text: "–")
                    }
                    let value = Swift.min(Swift.max(raw, 0), 1)
                    return Cell(
                        rect: rect, value: value, fill: HeatMap.shade(value),
                        textColor: value < HeatMap.darkThreshold ? "#ffffff" : style.ink,
                        text: SVGWriter.number(value * 100, decimals: 1) + "%")
                })
        }
        let rowLabelBoxes = rows.enumerated().map { index, label in
            let w = textWidth(label, fontSize: fs)
            return ChartRect(
                x: gridX - gap - w, y: grid.y + (Double(index) + 0.5) * cellHeight - fs / 2, width: w,
                height: fs)
        }
        layout = Layout(
            grid: grid, cellWidth: cellWidth, cellHeight: cellHeight, rowLabelBoxes: rowLabelBoxes,
            columns: headers, cells: cells)
        let height = grid.maxY + m

        svg.title(titleLines)
        let baseline = fs * 0.38
        for column in headers {
            for (line, box) in zip(column.lines, column.lineBoxes) {
                svg.text(line, x: box.midX, y: box.midY + baseline, anchor: "middle")
            }
        }
        for (label, box) in zip(rows, rowLabelBoxes) {
            svg.text(label, x: box.maxX, y: box.midY + baseline, anchor: "end")
        }
        for cell in cells.joined() {
            svg.rect(cell.rect, fill: cell.fill, [("stroke", "#ffffff"), ("stroke-width", "1")])
            svg.text(
                cell.text, x: cell.rect.midX, y: cell.rect.midY + baseline, anchor: "middle",
                [("fill", cell.textColor)])
        }
        let summary = zip(rows, cells).map { row, rowCells in
            "\(row): " + zip(columns, rowCells).map { "\($0.0) \($0.1.text)" }.joined(separator: ", ")
        }
        let generated =
            "Data-quality grid, 100% is good and shown white, 0% dark, missing hatched. "
            + summary.joined(separator: "; ")
        chart = SVGChart(
            svg: svg.document(width: width, height: height, title: title, description: description ?? generated),
            width: width, height: height, title: title
        )
    }

    /// The grey for `value` in 0...1: white at 1, #262626 at 0.
    static func shade(_ value: Double) -> String {
        let level = Int((38 + (255 - 38) * value).rounded())
        let hex = String(level, radix: 16)
        let byte = hex.count < 2 ? "0" + hex : hex
        return "#" + byte + byte + byte
    }
}
