/// Horizontal bars of units ranked by value, highest first, with an optional dashed reference line.
///
/// The value axis starts at 0. Negative values are clamped to 0 (drawn as a bar of length 0 with the caller's
/// display text); NaN and infinite values are treated as missing, shown as "–" without a bar.
public struct RankedBars: Sendable {
    /// One unit's row.
    public struct Item: Hashable, Sendable {
        /// The unit name shown on the left.
        public var label: String
        /// The value; nil when missing.
        public var value: Double?
        /// The text printed at the end of the bar, such as "3.25‰"; ignored when the value is missing.
        public var display: String

        /// A row; `display` defaults to the value with at most two decimals.
        public init(label: String, value: Double?, display: String? = nil) {
            self.label = label
            self.value = value
            self.display = display ?? value.map { SVGWriter.number($0) } ?? "–"
        }
    }

    /// A value drawn as a dashed vertical line across all rows, such as the county's rate.
    public struct Reference: Hashable, Sendable {
        /// The value on the axis.
        public var value: Double
        /// The label printed above the line, such as "全县 3.2‰".
        public var label: String

        /// A reference line.
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// The computed geometry of one row.
    public struct Row: Hashable, Sendable {
        /// The unit name.
        public let label: String
        /// The estimated box of the label text; its right edge is the end of the label column.
        public let labelBox: ChartRect
        /// The bar, or nil for a missing value.
        public let bar: ChartRect?
        /// The text printed after the bar ("–" for a missing value).
        public let valueText: String
        /// The start of the value text.
        public let valueX: Double
    }

    /// The computed geometry of the whole chart.
    public struct Layout: Hashable, Sendable {
        /// The bar area: value 0 at `plot.x`, the scale maximum at `plot.maxX`, rows from `plot.y` to `plot.maxY`.
        public let plot: ChartRect
        /// The value axis.
        public let scale: NiceScale
        /// The x of each tick, in the order of `scale.ticks`.
        public let tickX: [Double]
        /// The rows, in the caller's order.
        public let rows: [Row]
        /// The height of one row.
        public let rowHeight: Double
        /// The x of the reference line, when there is one.
        public let referenceX: Double?
        /// The box of the reference label, when there is one.
        public let referenceLabelBox: ChartRect?

        /// The x of `value` on the axis.
        public func x(for value: Double) -> Double {
            plot.x + Swift.max(value, 0) / scale.max * plot.width
        }
    }

    /// The geometry, for tests and for callers that add their own marks.
    public let layout: Layout
    /// The finished chart.
    public let chart: SVGChart

    /// Lays out and draws the chart.
    ///
    /// - Parameters:
    ///   - title: The visible title and accessible name.
    ///   - items: The rows, already sorted by the caller (highest first).
    ///   - axisTitle: The value axis title with its unit, such as "发病率 (‰)".
    ///   - reference: An optional dashed reference line.
    ///   - description: The `<desc>` text; by default a summary listing every row.
    ///   - id: The prefix for element ids; by default derived from the title. Must differ between charts on a page.
    ///   - style: Sizes, fonts and colours.
    public init(
        title: String, items: [Item], axisTitle: String, reference: Reference? = nil, description: String? = nil,
        id: String? = nil, style: ChartStyle = ChartStyle()
    ) {
        let fs = style.fontSize
        let m = style.margin
        let gap = fs * 0.5
        let values: [Double?] = items.map { item in
            guard let value = item.value, value.isFinite else { return nil }
            return Swift.max(value, 0)
        }
        let texts = zip(items, values).map { $0.1 == nil ? "–" : $0.0.display }
        let labelWidth = items.map { textWidth($0.label, fontSize: fs) }.max() ?? 0
        let valueWidth = texts.map { textWidth($0, fontSize: fs) }.max() ?? 0
        let referenceValue = reference.flatMap { $0.value.isFinite ? Swift.max($0.value, 0) : nil }
        let scale = NiceScale(maxValue: (values.compactMap { $0 } + [referenceValue ?? 0]).max() ?? 0)
        let lastTickHalf = textWidth(SVGWriter.number(scale.max), fontSize: fs) / 2
        let rightReserve = Swift.max(valueWidth + gap, lastTickHalf)
        let plotX = m + labelWidth + gap
        let minPlotWidth = fs * 12
        let width = Swift.max(style.width, plotX + minPlotWidth + rightReserve + m)
        let plotWidth = width - m - rightReserve - plotX

        let titleLines = SVGWriter.titleLines(title, width: width, style: style)
        var top = SVGWriter.contentTop(titleLines: titleLines.count, style: style)
        let referenceLabelHeight = fs * 1.6
        if reference != nil { top += referenceLabelHeight }
        let rowHeight = fs * 1.8
        let plot = ChartRect(x: plotX, y: top, width: plotWidth, height: rowHeight * Double(items.count))
        func x(_ value: Double) -> Double { plot.x + value / scale.max * plot.width }

        var rows: [Row] = []
        for (index, item) in items.enumerated() {
            let rowTop = plot.y + Double(index) * rowHeight
            let center = rowTop + rowHeight / 2
            let w = textWidth(item.label, fontSize: fs)
            let bar = values[index].map {
                ChartRect(
                    x: plot.x, y: rowTop + rowHeight * 0.2, width: x($0) - plot.x,
                    height: rowHeight * 0.6)
            }
            rows.append(
                Row(
                    label: item.label,
                    labelBox: ChartRect(x: plotX - gap - w, y: center - fs / 2, width: w, height: fs),
                    bar: bar, valueText: texts[index], valueX: (bar?.maxX ?? plot.x) + fs * 0.3
                ))
        }
        let referenceX = referenceValue.map(x)
        let referenceLabelBox: ChartRect? = reference.flatMap { ref in
            guard let referenceX else { return nil }
            let w = textWidth(ref.label, fontSize: fs)
            let left = Swift.min(Swift.max(referenceX - w / 2, m), width - m - w)
            return ChartRect(x: left, y: plot.y - referenceLabelHeight + fs * 0.1, width: w, height: fs)
        }
        let tickX = scale.ticks.map(x)
        layout = Layout(
            plot: plot, scale: scale, tickX: tickX, rows: rows, rowHeight: rowHeight, referenceX: referenceX,
            referenceLabelBox: referenceLabelBox
        )
        let height = plot.maxY + fs * 1.4 + fs * 1.6 + m

        var svg = SVGWriter(kind: "ranked", title: title, id: id, style: style)
        svg.title(titleLines)
        let baseline = fs * 0.38
        for (tick, tx) in zip(scale.ticks, tickX) {
            svg.line(tx, plot.y, tx, plot.maxY, stroke: style.gridColor)
            svg.text(SVGWriter.number(tick), x: tx, y: plot.maxY + fs * 1.3, anchor: "middle")
        }
        svg.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: style.ink)
        svg.line(plot.x, plot.y, plot.x, plot.maxY, stroke: style.ink)
        svg.text(axisTitle, x: plot.midX, y: plot.maxY + fs * 2.8, anchor: "middle")
        for row in rows {
            svg.text(row.label, x: row.labelBox.maxX, y: row.labelBox.midY + baseline, anchor: "end")
            if let bar = row.bar { svg.rect(bar, fill: style.barColor) }
        }
        if let reference, let referenceX, let box = referenceLabelBox {
            svg.line(
                referenceX, plot.y - fs * 0.3, referenceX, plot.maxY, stroke: style.referenceColor, width: 1.5,
                dash: style.dash)
            svg.text(reference.label, x: box.x, y: box.midY + baseline)
        }
        // Values last, with a white halo, so that the reference line never strikes through them.
        for row in rows {
            svg.text(
                row.valueText, x: row.valueX, y: row.labelBox.midY + baseline,
                [("stroke", "#ffffff"), ("stroke-width", "3"), ("paint-order", "stroke")])
        }
        let summary = zip(items, texts).map { "\($0.0.label): \($0.1)" }.joined(separator: "; ")
        var generated = "Horizontal bar chart, \(axisTitle), axis from 0 to \(SVGWriter.number(scale.max))."
        if let reference { generated += " Reference \(reference.label) at \(SVGWriter.number(reference.value))." }
        generated += " " + summary
        chart = SVGChart(
            svg: svg.document(width: width, height: height, title: title, description: description ?? generated),
            width: width, height: height, title: title
        )
    }
}
