/// A map of units shaded by a value: one `<path>` per unit, in the colour of its class, with the unit's name and
/// value as its tooltip (`<title>`), and a legend of the classes with their bounds and unit.
///
/// The areas come projected onto a plane (x to the east, y to the north, in any unit such as metres); the map is
/// scaled to fit the chart's width (and at most `maxMapHeight`) without distortion, north up. Classes are by
/// quantiles or natural breaks (``ChoroplethClasses``), 3 to 7 of them, coloured with ColorBrewer's sequential
/// YlGnBu scheme (yellow–green–blue, by Cynthia Brewer, Apache 2.0), whose lightness falls steadily from the lowest
/// to the highest class so that it reads for colour-blind readers and in black-and-white print. A unit without a
/// value (nil, NaN or infinite) is hatched grey and has its own legend entry — never a class colour, never zero.
/// Names can be written on the map: each in the unit's roomiest inside point, only where the whole label fits
/// inside the unit without touching a border or another label (larger units first); the rest rely on the tooltip.
/// The output depends only on the arguments.
public struct Choropleth: Sendable {
    /// One unit on the map.
    public struct Area: Hashable, Sendable {
        /// The unit's code, written as the path's `data-unit` attribute.
        public var id: String
        /// The unit's name, for the tooltip and the label.
        public var name: String
        /// The unit's rings (outer rings and holes, of every part), in plane coordinates with y to the north.
        public var rings: [[ChartPoint]]
        /// The value; nil when missing.
        public var value: Double?
        /// The value as the tooltip shows it, such as "9.41‰"; ignored when the value is missing.
        public var display: String

        /// A unit; `display` defaults to the value with at most two decimals.
        public init(id: String, name: String, rings: [[ChartPoint]], value: Double?, display: String? = nil) {
            self.id = id
            self.name = name
            self.rings = rings
            self.value = value
            self.display = display ?? value.map { SVGWriter.number($0) } ?? "–"
        }
    }

    /// One entry of the legend: a swatch and its text.
    public struct LegendEntry: Hashable, Sendable {
        /// The swatch.
        public let swatch: ChartRect
        /// The swatch's fill: a class colour, or the hatch for missing values.
        public let fill: String
        /// The text, such as "8.10–9.40‰ (3)" or "无数据 (2)".
        public let text: String
        /// The estimated box of the text.
        public let textBox: ChartRect
        /// The class, or nil for the entry of missing values.
        public let classIndex: Int?
    }

    /// A name written on the map.
    public struct Label: Hashable, Sendable {
        /// The index of the area in the caller's order.
        public let area: Int
        /// The text.
        public let text: String
        /// The estimated box of the text.
        public let box: ChartRect
    }

    /// The computed geometry of the whole chart.
    public struct Layout: Hashable, Sendable {
        /// Where the areas are drawn.
        public let map: ChartRect
        /// SVG units per plane unit.
        public let scale: Double
        /// The plane's bounding box: x, y its west and south edges.
        public let plane: ChartRect
        /// The classes.
        public let classes: ChoroplethClasses
        /// The colour of each class.
        public let colors: [String]
        /// Each area's class, nil when its value is missing.
        public let areaClasses: [Int?]
        /// Each area's fill: its class colour or the hatch.
        public let fills: [String]
        /// Each area's path data.
        public let paths: [String]
        /// The estimated box of the legend title, when there is one.
        public let legendTitleBox: ChartRect?
        /// The legend: the classes, lowest first, then missing values when any unit has none.
        public let legend: [LegendEntry]
        /// The names written on the map.
        public let labels: [Label]

        /// Where a plane point lands in the SVG.
        public func position(of point: ChartPoint) -> ChartPoint {
            ChartPoint(x: map.x + (point.x - plane.x) * scale, y: map.y + (plane.maxY - point.y) * scale)
        }
    }

    /// ColorBrewer's YlGnBu for 3 to 7 classes, lightest first.
    public static let palettes: [Int: [String]] = [
        3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
        4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
        5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
        6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
        7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    ]

    /// The colours for `count` classes: the palette of that size; for one or two classes (ties), the middle or the
    /// ends of the three-class palette.
    public static func colors(forClasses count: Int) -> [String] {
        let three = palettes[3]!
        switch count {
        case ...0: return []
        case 1: return [three[1]]
        case 2: return [three[0], three[2]]
        default: return palettes[Swift.min(count, 7)]!
        }
    }

    /// The colour of the lines of the hatch that marks missing values.
    public static let missingHatchColor = "#969696"
    /// The colour of the borders between units.
    public static let borderColor = "#6e6e6e"

    /// The geometry, for tests and for callers that add their own marks.
    public let layout: Layout
    /// The finished chart.
    public let chart: SVGChart

    /// Lays out and draws the map.
    ///
    /// - Parameters:
    ///   - title: The visible title and accessible name.
    ///   - areas: The units, each with its rings and value.
    ///   - method: Quantiles or natural breaks.
    ///   - classes: The number of classes, 3 to 7 (clamped); fewer are drawn when the values have fewer distinct
    ///     members.
    ///   - unit: The unit written after every class bound, such as "‰" or "%"; empty for counts.
    ///   - decimals: The decimals of the class bounds in the legend (0 to 2).
    ///   - legendTitle: A line above the legend, such as "出生率（‰）".
    ///   - missingLabel: The legend's text for units without a value, such as "无数据".
    ///   - labels: Whether to write unit names on the map where they fit.
    ///   - outlines: Rings drawn over the areas with a heavier line, such as the towns on a map of villages.
    ///   - maxMapHeight: The tallest the map may be; by default the chart's width.
    ///   - description: The `<desc>` text; by default a summary of the classes and every unit.
    ///   - id: The prefix for element ids; by default derived from the title. Must differ between charts on a page.
    ///   - style: Sizes, fonts and colours.
    public init(
        title: String, areas: [Area], method: ChoroplethClasses.Method = .quantiles, classes: Int = 5,
        unit: String = "", decimals: Int = 1, legendTitle: String? = nil, missingLabel: String,
        labels: Bool = false, outlines: [[ChartPoint]] = [], maxMapHeight: Double? = nil,
        description: String? = nil, id: String? = nil, style: ChartStyle = ChartStyle()
    ) {
        let fs = style.fontSize
        let m = style.margin
        let width = Swift.max(style.width, fs * 16 + 2 * m)
        let titleLines = SVGWriter.titleLines(title, width: width, style: style)
        let top = SVGWriter.contentTop(titleLines: titleLines.count, style: style)

        // Fit the plane into the map area.
        let all = areas.flatMap { $0.rings.joined() } + outlines.joined()
        var plane = ChartRect(x: 0, y: 0, width: 0, height: 0)
        if let first = all.first {
            var minX = first.x
            var maxX = first.x
            var minY = first.y
            var maxY = first.y
            for point in all where point.x.isFinite && point.y.isFinite {
                minX = Swift.min(minX, point.x)
                maxX = Swift.max(maxX, point.x)
                minY = Swift.min(minY, point.y)
                maxY = Swift.max(maxY, point.y)
            }
            plane = ChartRect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
        }
        // Classes and fills.
        let values = areas.map { area -> Double? in area.value.flatMap { $0.isFinite ? $0 : nil } }
        let classing = ChoroplethClasses(values: values.compactMap { $0 }, count: classes, method: method)
        let colors = Choropleth.colors(forClasses: classing.classes.count)
        var svg = SVGWriter(kind: "choropleth", title: title, id: id, style: style)
        let hatch = svg.defineHatch(stroke: Choropleth.missingHatchColor)
        let areaClasses = values.map { $0.flatMap(classing.classIndex(of:)) }
        let fills = areaClasses.map { $0.map { colors[$0] } ?? hatch }

        // The legend's entries.
        var texts: [(String, String, Int?)] = classing.classes.enumerated().map { index, entry in
            let lower = SVGWriter.fixed(entry.lower, decimals: decimals)
            let upper = SVGWriter.fixed(entry.upper, decimals: decimals)
            let range = lower == upper ? lower + unit : lower + "–" + upper + unit
            return (range + " (\(entry.count))", colors[index], index)
        }
        let missing = areaClasses.filter { $0 == nil }.count
        if missing > 0 { texts.append((missingLabel + " (\(missing))", hatch, nil)) }
        let swatchSize = fs * 1.1
        let rowHeight = fs * 1.6
        let gap = fs * 0.4
        let titleText = legendTitle.flatMap { $0.isEmpty ? nil : $0 }
        let titleWidth = titleText.map { textWidth($0, fontSize: fs) } ?? 0
        let columnWidth = Swift.max(
            titleWidth, (texts.map { textWidth($0.0, fontSize: fs) }.max() ?? 0) + swatchSize + gap)
        let columnHeight = (titleText == nil ? 0 : rowHeight) + Double(texts.count) * rowHeight

        // Fit the plane into the map area; the legend goes beside the map when there is room, else below it.
        let available = width - 2 * m
        let tallest = Swift.max(maxMapHeight ?? available, fs * 4)
        var scale = 1.0
        if plane.width > 0 || plane.height > 0 {
            scale = Swift.min(
                plane.width > 0 ? available / plane.width : .infinity,
                plane.height > 0 ? tallest / plane.height : .infinity)
        }
        let spacing = fs * 2
        let beside = !texts.isEmpty && available - plane.width * scale >= columnWidth + spacing
        let groupWidth = plane.width * scale + (beside ? spacing + columnWidth : 0)
        let map = ChartRect(
            x: m + (available - groupWidth) / 2, y: top, width: plane.width * scale, height: plane.height * scale)
        func position(_ point: ChartPoint) -> ChartPoint {
            ChartPoint(x: map.x + (point.x - plane.x) * scale, y: map.y + (plane.maxY - point.y) * scale)
        }

        // Paths, in SVG coordinates.
        let drawn = areas.map { $0.rings.map { $0.map(position) } }
        let paths = drawn.map(Choropleth.pathData)

        // Labels: larger units first, each only where it fits.
        var placed: [Label] = []
        if labels {
            let labelSize = Swift.max(fs * 0.85, 10)
            let order = drawn.indices.sorted { a, b in
                let areaA = drawn[a].map(MapGeometry.area).max() ?? 0
                let areaB = drawn[b].map(MapGeometry.area).max() ?? 0
                return areaA != areaB ? areaA > areaB : a < b
            }
            for index in order {
                let name = areas[index].name
                guard !name.isEmpty, let (point, clearance) = MapGeometry.interiorPoint(drawn[index]),
                    clearance >= labelSize * 0.6
                else { continue }
                let w = textWidth(name, fontSize: labelSize)
                let box = ChartRect(x: point.x - w / 2, y: point.y - labelSize / 2, width: w, height: labelSize)
                let corners = [
                    ChartPoint(x: box.x, y: box.y), ChartPoint(x: box.maxX, y: box.y),
                    ChartPoint(x: box.x, y: box.maxY), ChartPoint(x: box.maxX, y: box.maxY),
                ]
                let padded = ChartRect(x: box.x - 2, y: box.y - 1, width: box.width + 4, height: box.height + 2)
                guard corners.allSatisfy({ MapGeometry.contains(drawn[index], $0) }),
                    !MapGeometry.edgesCross(drawn[index], padded),
                    !placed.contains(where: { Choropleth.overlaps($0.box, padded) })
                else { continue }
                placed.append(Label(area: index, text: name, box: box))
            }
            placed.sort { $0.area < $1.area }
        }

        // The legend: a column at the foot of the map's right side, or rows below the map.
        let legendX = beside ? map.maxX + spacing : m
        var y = beside ? Swift.max(map.maxY - columnHeight, map.y) : map.maxY + fs
        var legendTitleBox: ChartRect?
        if titleText != nil {
            legendTitleBox = ChartRect(x: legendX, y: y, width: titleWidth, height: fs)
            y += rowHeight
        }
        var legend: [LegendEntry] = []
        var x = legendX
        for (index, (text, fill, classIndex)) in texts.enumerated() {
            let w = textWidth(text, fontSize: fs)
            if beside, index > 0 {
                y += rowHeight
            } else if x > legendX, x + swatchSize + gap + w > width - m {
                x = legendX
                y += rowHeight
            }
            let swatch = ChartRect(x: x, y: y, width: swatchSize, height: swatchSize)
            let textBox = ChartRect(x: swatch.maxX + gap, y: swatch.midY - fs / 2, width: w, height: fs)
            legend.append(
                LegendEntry(swatch: swatch, fill: fill, text: text, textBox: textBox, classIndex: classIndex))
            if !beside { x = textBox.maxX + fs * 1.2 }
        }
        let legendBottom = legend.isEmpty ? (legendTitleBox?.maxY ?? map.maxY) : y + rowHeight
        let height = Swift.max(map.maxY + fs * 0.5, legendBottom) + m

        layout = Layout(
            map: map, scale: scale, plane: plane, classes: classing, colors: colors, areaClasses: areaClasses,
            fills: fills, paths: paths, legendTitleBox: legendTitleBox, legend: legend, labels: placed)

        // Drawing.
        svg.title(titleLines)
        for (index, area) in areas.enumerated() {
            let classText = areaClasses[index].map { String($0 + 1) } ?? "missing"
            let shown = values[index] == nil ? missingLabel : area.display
            svg.element(
                "path",
                [
                    ("d", paths[index]), ("fill", fills[index]), ("fill-rule", "evenodd"),
                    ("stroke", Choropleth.borderColor), ("stroke-width", "0.5"), ("stroke-linejoin", "round"),
                    ("data-unit", area.id), ("data-class", classText),
                ], title: "\(area.name): \(shown)")
        }
        if !outlines.isEmpty {
            svg.element(
                "path",
                [
                    ("d", Choropleth.pathData(outlines.map { $0.map(position) })), ("fill", "none"),
                    ("stroke", style.ink), ("stroke-width", "1.25"), ("stroke-linejoin", "round"),
                ])
        }
        let baseline = fs * 0.38
        for label in placed {
            svg.text(
                label.text, x: label.box.midX, y: label.box.midY + label.box.height * 0.38, anchor: "middle",
                [
                    ("font-size", SVGWriter.number(label.box.height)), ("stroke", "#ffffff"), ("stroke-width", "3"),
                    ("stroke-opacity", "0.85"), ("paint-order", "stroke"),
                ])
        }
        if let legendTitle, let box = legendTitleBox {
            svg.text(legendTitle, x: box.x, y: box.midY + baseline, [("font-weight", "bold")])
        }
        for entry in legend {
            svg.rect(entry.swatch, fill: entry.fill, [("stroke", Choropleth.borderColor), ("stroke-width", "0.5")])
            svg.text(entry.text, x: entry.textBox.x, y: entry.textBox.midY + baseline)
        }

        let methodText = method == .quantiles ? "quantiles" : "natural breaks"
        var generated =
            "Map of \(areas.count) units in \(classing.classes.count) classes by \(methodText): "
            + legend.map(\.text).joined(separator: "; ") + "."
        let summary = areas.enumerated().map { index, area in
            "\(area.name): \(values[index] == nil ? missingLabel : area.display)"
        }
        if !summary.isEmpty { generated += " " + summary.joined(separator: "; ") }
        chart = SVGChart(
            svg: svg.document(width: width, height: height, title: title, description: description ?? generated),
            width: width, height: height, title: title)
    }

    /// Path data for rings in SVG coordinates: one decimal, repeated points dropped, each ring closed with `Z`.
    static func pathData(_ rings: [[ChartPoint]]) -> String {
        var d = ""
        for ring in rings {
            var points: [String] = []
            for point in ring {
                let text = SVGWriter.number(point.x, decimals: 1) + " " + SVGWriter.number(point.y, decimals: 1)
                if text != points.last { points.append(text) }
            }
            // A closing point that repeats the first is left to `Z`.
            if points.count > 1, points.last == points.first { points.removeLast() }
            guard let first = points.first else { continue }
            d += "M" + first
            if points.count > 1 { d += "L" + points.dropFirst().joined(separator: " ") }
            d += "Z"
        }
        return d
    }

    /// Whether two boxes share interior points.
    static func overlaps(_ a: ChartRect, _ b: ChartRect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }
}
