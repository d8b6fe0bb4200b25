/// Campaign progress: one row per unit with a bar for the share of its target achieved, thin milestone marks
/// (such as 60% and 80%) across all rows, the real percentage and a status text per row.
///
/// Bars are capped at 100% (the printed percentage is not); negative shares draw no bar. A nil, NaN or
/// infinite share is shown as "–" without a bar.
public struct ProgressBars: Sendable {
    /// One unit's row.
    public struct Item: Hashable, Sendable {
        /// The unit name shown on the left.
        public var label: String
        /// The share of the target achieved: 1 is 100%; may exceed 1. Nil when unknown.
        public var achieved: Double?
        /// A short status glyph or text printed at the end of the row, such as "✓ 达标" or "落后".
        public var status: String

        /// A row.
        public init(label: String, achieved: Double?, status: String = "") {
            self.label = label
            self.achieved = achieved
            self.status = status
        }
    }

    /// A milestone mark.
    public struct Milestone: Hashable, Sendable {
        /// The share of the target at the milestone, in 0...1.
        public var share: Double
        /// The label at the top of the mark; by default the share as a percentage.
        public var label: String

        /// A milestone.
        public init(share: Double, label: String? = nil) {
            self.share = share
            self.label = label ?? SVGWriter.number(share * 100, decimals: 1) + "%"
        }
    }

    /// The computed geometry of one row.
    public struct Row: Hashable, Sendable {
        /// The unit name.
        public let label: String
        /// The estimated box of the label text.
        public let labelBox: ChartRect
        /// The full-length track (100%).
        public let track: ChartRect
        /// The achieved bar, or nil when the share is unknown.
        public let bar: ChartRect?
        /// The printed percentage, such as "112.5%", or "–".
        public let percentText: String
        /// The start of the percentage text.
        public let percentX: Double
        /// The status text.
        public let status: String
        /// The start of the status text.
        public let statusX: Double
    }

    /// The computed geometry of one milestone mark.
    public struct Mark: Hashable, Sendable {
        /// The milestone.
        public let milestone: Milestone
        /// The x of the mark.
        public let x: Double
        /// The estimated box of its label (labels too close to the previous one move up a line).
        public let labelBox: ChartRect
    }

    /// The computed geometry of the whole chart.
    public struct Layout: Hashable, Sendable {
        /// The bar area: 0% at `plot.x`, 100% at `plot.maxX`.
        public let plot: ChartRect
        /// The rows, in the caller's order.
        public let rows: [Row]
        /// The milestone marks.
        public let marks: [Mark]
        /// The height of one row.
        public let rowHeight: Double
    }

    /// The geometry, for tests and for callers that add their own marks.
    public let layout: Layout
    /// The finished chart.
    public let chart: SVGChart

    /// Lays out and draws the chart.
    ///
    /// - Parameters:
    ///   - title: The visible title and accessible name.
    ///   - items: The rows in the caller's order.
    ///   - milestones: Milestone marks; shares outside 0...1 are clamped.
    ///   - description: The `<desc>` text; by default a summary listing every row.
    ///   - id: The prefix for element ids; by default derived from the title. Must differ between charts on a page.
    ///   - style: Sizes, fonts and colours.
    public init(
        title: String, items: [Item], milestones: [Milestone] = [], description: String? = nil, id: String? = nil,
        style: ChartStyle = ChartStyle()
    ) {
        let fs = style.fontSize
        let m = style.margin
        let gap = fs * 0.5
        let shares: [Double?] = items.map { item in item.achieved.flatMap { $0.isFinite ? $0 : nil } }
        let percents = shares.map { $0.map { SVGWriter.number($0 * 100, decimals: 1) + "%" } ?? "–" }
        let labelWidth = items.map { textWidth($0.label, fontSize: fs) }.max() ?? 0
        let percentWidth = Swift.max(
            percents.map { textWidth($0, fontSize: fs) }.max() ?? 0,
            textWidth("100%", fontSize: fs))
        let statusWidth = items.map { textWidth($0.status, fontSize: fs) }.max() ?? 0
        let plotX = m + labelWidth + gap
        let rightReserve = gap + percentWidth + (statusWidth > 0 ? gap + statusWidth : 0)
        let width = Swift.max(style.width, plotX + fs * 12 + rightReserve + m)
        let plotWidth = width - m - rightReserve - plotX
        let titleLines = SVGWriter.titleLines(title, width: width, style: style)
        let contentTop = SVGWriter.contentTop(titleLines: titleLines.count, style: style)

        // Milestone labels: one line, or two when neighbours would overlap.
        let labelLine = fs * 1.4
        var placed: [(share: Double, milestone: Milestone, line: Int, left: Double, width: Double)] = []
        var lineEnds = [-Double.infinity, -Double.infinity]
        for milestone in milestones.sorted(by: { $0.share < $1.share }) {
            let share = Swift.min(Swift.max(milestone.share, 0), 1)
            let w = textWidth(milestone.label, fontSize: fs)
            let centre = plotX + share * plotWidth
            let left = Swift.min(Swift.max(centre - w / 2, m), width - m - w)
            let line = left >= lineEnds[0] + fs * 0.3 ? 0 : 1
            lineEnds[line] = left + w
            placed.append((share, milestone, line, left, w))
        }
        let labelLines = placed.contains { $0.line == 1 } ? 2 : (placed.isEmpty ? 0 : 1)
        let rowHeight = fs * 1.8
        let plot = ChartRect(
            x: plotX, y: contentTop + Double(labelLines) * labelLine + fs * 0.3,
            width: plotWidth, height: rowHeight * Double(items.count))
        let marks = placed.map { entry in
            Mark(
                milestone: entry.milestone, x: plot.x + entry.share * plot.width,
                labelBox: ChartRect(
                    x: entry.left, y: contentTop + Double(labelLines - 1 - entry.line) * labelLine, width: entry.width,
                    height: fs))
        }
        var rows: [Row] = []
        for (index, item) in items.enumerated() {
            let rowTop = plot.y + Double(index) * rowHeight
            let centre = rowTop + rowHeight / 2
            let w = textWidth(item.label, fontSize: fs)
            let track = ChartRect(x: plot.x, y: rowTop + rowHeight * 0.2, width: plot.width, height: rowHeight * 0.6)
            let bar = shares[index].map { share in
                ChartRect(
                    x: plot.x, y: track.y, width: Swift.min(Swift.max(share, 0), 1) * plot.width,
                    height: track.height)
            }
            let percentX = plot.maxX + gap
            rows.append(
                Row(
                    label: item.label,
                    labelBox: ChartRect(x: plotX - gap - w, y: centre - fs / 2, width: w, height: fs),
                    track: track, bar: bar, percentText: percents[index], percentX: percentX, status: item.status,
                    statusX: percentX + percentWidth + gap
                ))
        }
        layout = Layout(plot: plot, rows: rows, marks: marks, rowHeight: rowHeight)
        let height = plot.maxY + fs * 0.5 + m

        var svg = SVGWriter(kind: "progress", title: title, id: id, style: style)
        svg.title(titleLines)
        let baseline = fs * 0.38
        for row in rows {
            svg.text(row.label, x: row.labelBox.maxX, y: row.labelBox.midY + baseline, anchor: "end")
            svg.rect(row.track, fill: "#ffffff", [("stroke", style.gridColor)])
            if let bar = row.bar { svg.rect(bar, fill: style.barColor) }
            svg.text(row.percentText, x: row.percentX, y: row.labelBox.midY + baseline)
            if !row.status.isEmpty { svg.text(row.status, x: row.statusX, y: row.labelBox.midY + baseline) }
        }
        for mark in marks {
            // A white halo under the black mark keeps it visible over dark bars.
            svg.line(mark.x, plot.y - fs * 0.3, mark.x, plot.maxY, stroke: "#ffffff", width: 3)
            svg.line(mark.x, plot.y - fs * 0.3, mark.x, plot.maxY, stroke: style.referenceColor, width: 1)
            svg.text(mark.milestone.label, x: mark.labelBox.x, y: mark.labelBox.midY + baseline)
        }
        let marksText = marks.map { $0.milestone.label }.joined(separator: ", ")
        let summary = zip(items, percents).map { item, percent in
            "\(item.label): \(percent)" + (item.status.isEmpty ? "" : " " + item.status)
        }
        let generated =
            "Progress bars, share of target achieved"
            + (marks.isEmpty ? "." : ", milestones at \(marksText).") + " " + summary.joined(separator: "; ")
        chart = SVGChart(
            svg: svg.document(width: width, height: height, title: title, description: description ?? generated),
            width: width, height: height, title: title
        )
    }
}
