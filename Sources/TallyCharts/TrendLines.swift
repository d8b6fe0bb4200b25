/// A monthly trend of this reporting year against last year, with a legend that reads in black and white:
/// this year solid with filled circles, last year dashed with open squares; or this year's line alone.
///
/// Missing months (nil, NaN or infinite) leave a gap in the line; a month with no neighbour keeps its marker.
/// Negative values are clamped to 0 because the y axis starts at 0.
public struct TrendLines: Sendable {
    /// One line.
    public struct Series: Hashable, Sendable {
        /// The legend text, such as "2025/26".
        public var name: String
        /// One value per month, in the order of the month labels; may be shorter (the rest are missing).
        public var values: [Double?]

        /// A series.
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// The computed geometry of one series.
    public struct Line: Hashable, Sendable {
        /// The legend text.
        public let name: String
        /// One marker per month, nil for missing months.
        public let points: [ChartPoint?]
        /// The drawn polylines: runs of two or more consecutive months with values.
        public let segments: [[ChartPoint]]
    }

    /// The computed geometry of the whole chart.
    public struct Layout: Hashable, Sendable {
        /// The plot area: y = 0 at `plot.maxY`, the scale maximum at `plot.y`.
        public let plot: ChartRect
        /// The y axis.
        public let scale: NiceScale
        /// The y of each tick, in the order of `scale.ticks`.
        public let tickY: [Double]
        /// The x of each month (the centre of its band).
        public let monthX: [Double]
        /// Whether each month label is printed (every label when they fit, otherwise every second or third).
        public let monthLabelShown: [Bool]
        /// This year's line.
        public let current: Line
        /// Last year's line; `nil` when the chart draws this year's alone.
        public let previous: Line?

        /// The y of `value` on the axis.
        public func y(for value: Double) -> Double {
            plot.maxY - Swift.max(value, 0) / scale.max * plot.height
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
    ///   - months: The x labels, such as "10月" … "9月" for a reporting year from October.
    ///   - current: This year's series (solid, circles).
    ///   - previous: Last year's series (dashed, squares); `nil` for this year's line alone.
    ///   - axisTitle: The y axis title with its unit, printed above the axis.
    ///   - description: The `<desc>` text; by default a summary of the series.
    ///   - id: The prefix for element ids; by default derived from the title. Must differ between charts on a page.
    ///   - style: Sizes, fonts and colours.
    /// - Precondition: `months` is not empty and neither series has more values than there are months.
    public init(
        title: String, months: [String], current: Series, previous: Series?, axisTitle: String,
        description: String? = nil, id: String? = nil, style: ChartStyle = ChartStyle()
    ) {
        precondition(!months.isEmpty, "TrendLines needs at least one month")
        precondition(
            current.values.count <= months.count && (previous?.values.count ?? 0) <= months.count,
            "A series has more values than there are months")
        let fs = style.fontSize
        let m = style.margin
        func clean(_ values: [Double?]) -> [Double?] {
            (0..<months.count).map { index in
                guard index < values.count, let value = values[index], value.isFinite else { return nil }
                return Swift.max(value, 0)
            }
        }
        let currentValues = clean(current.values)
        let previousValues = previous.map { clean($0.values) } ?? []
        let scale = NiceScale(maxValue: (currentValues + previousValues).compactMap { $0 }.max() ?? 0)
        let tickLabelWidth = scale.ticks.map { textWidth(SVGWriter.number($0), fontSize: fs) }.max() ?? 0
        let width = style.width
        let titleLines = SVGWriter.titleLines(title, width: width, style: style)
        let legendY = SVGWriter.contentTop(titleLines: titleLines.count, style: style) + fs * 0.5
        let axisTitleY = legendY + fs * 2
        let plotX = m + tickLabelWidth + fs * 0.5
        let plot = ChartRect(x: plotX, y: axisTitleY + fs, width: width - m - fs * 0.5 - plotX, height: fs * 18)
        func y(_ value: Double) -> Double { plot.maxY - value / scale.max * plot.height }
        let band = plot.width / Double(months.count)
        let monthX = (0..<months.count).map { plot.x + (Double($0) + 0.5) * band }
        let widest = months.map { textWidth($0, fontSize: fs) }.max() ?? 0
        var stride = 1
        while Double(stride) * band < widest + fs * 0.5, stride < months.count { stride += 1 }
        let shown = (0..<months.count).map { $0 % stride == 0 }

        func line(_ name: String, _ values: [Double?]) -> Line {
            let points = values.enumerated().map { index, value in
                value.map { ChartPoint(x: monthX[index], y: y($0)) }
            }
            var segments: [[ChartPoint]] = []
            var run: [ChartPoint] = []
            for point in points + [nil] {
                if let point {
                    run.append(point)
                } else {
                    if run.count >= 2 { segments.append(run) }
                    run = []
                }
            }
            return Line(name: name, points: points, segments: segments)
        }
        let currentLine = line(current.name, currentValues)
        let previousLine = previous.map { line($0.name, previousValues) }
        let tickY = scale.ticks.map(y)
        layout = Layout(
            plot: plot, scale: scale, tickY: tickY, monthX: monthX, monthLabelShown: shown, current: currentLine,
            previous: previousLine
        )
        let height = plot.maxY + fs * 1.6 + m

        var svg = SVGWriter(kind: "trend", title: title, id: id, style: style)
        svg.title(titleLines)
        // Legend: this year first, as it is the subject.
        var legendX = m
        for (series, dashed) in [(current.name, false)] + (previous.map { [($0.name, true)] } ?? []) {
            let color = dashed ? style.comparisonColor : style.ink
            svg.line(
                legendX, legendY, legendX + fs * 2.4, legendY, stroke: color, width: 2,
                dash: dashed ? style.dash : nil)
            TrendLines.marker(&svg, ChartPoint(x: legendX + fs * 1.2, y: legendY), square: dashed, style: style)
            svg.text(series, x: legendX + fs * 2.9, y: legendY + fs * 0.38)
            legendX += fs * 2.9 + textWidth(series, fontSize: fs) + fs * 1.5
        }
        svg.text(axisTitle, x: m, y: axisTitleY + fs * 0.38)
        for (tick, ty) in zip(scale.ticks, tickY) {
            svg.line(plot.x, ty, plot.maxX, ty, stroke: style.gridColor)
            svg.text(SVGWriter.number(tick), x: plot.x - fs * 0.4, y: ty + fs * 0.38, anchor: "end")
        }
        svg.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: style.ink)
        svg.line(plot.x, plot.y, plot.x, plot.maxY, stroke: style.ink)
        for (index, label) in months.enumerated() where shown[index] {
            svg.line(monthX[index], plot.maxY, monthX[index], plot.maxY + fs * 0.3, stroke: style.ink)
            svg.text(label, x: monthX[index], y: plot.maxY + fs * 1.4, anchor: "middle")
        }
        for (seriesLine, dashed) in (previousLine.map { [($0, true)] } ?? []) + [(currentLine, false)] {
            let color = dashed ? style.comparisonColor : style.ink
            for segment in seriesLine.segments {
                let points = segment.map { "\(SVGWriter.number($0.x)),\(SVGWriter.number($0.y))" }
                var pairs = [
                    ("points", points.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                    ("stroke-width", "2"), ("stroke-linejoin", "round"),
                ]
                if dashed { pairs.append(("stroke-dasharray", style.dash)) }
                svg.element("polyline", pairs)
            }
            for point in seriesLine.points.compactMap({ $0 }) {
                TrendLines.marker(&svg, point, square: dashed, style: style)
            }
        }
        func summary(_ series: Series, _ values: [Double?]) -> String {
            let parts = zip(months, values).map { "\($0.0) \($0.1.map { SVGWriter.number($0) } ?? "–")" }
            return "\(series.name): " + parts.joined(separator: ", ") + "."
        }
        let generated =
            "Line chart of \(axisTitle) by month, axis from 0 to \(SVGWriter.number(scale.max)). "
            + summary(current, currentValues) + (previous.map { " " + summary($0, previousValues) } ?? "")
        chart = SVGChart(
            svg: svg.document(width: width, height: height, title: title, description: description ?? generated),
            width: width, height: height, title: title
        )
    }

    /// A filled circle (this year) or an open square (last year).
    private static func marker(_ svg: inout SVGWriter, _ point: ChartPoint, square: Bool, style: ChartStyle) {
        let r = style.fontSize * 0.3
        if square {
            svg.rect(
                ChartRect(x: point.x - r, y: point.y - r, width: 2 * r, height: 2 * r), fill: "#ffffff",
                [("stroke", style.comparisonColor), ("stroke-width", "1.5")])
        } else {
            svg.element(
                "circle",
                [
                    ("cx", SVGWriter.number(point.x)), ("cy", SVGWriter.number(point.y)),
                    ("r", SVGWriter.number(r)), ("fill", style.ink),
                ])
        }
    }
}
