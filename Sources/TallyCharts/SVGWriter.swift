internal import TallyText

/// Collects SVG elements with escaped text and numbers of at most two decimals, then wraps them in a document.
struct SVGWriter {
    /// The prefix of every `id` in the document, unique per chart so several charts can share one HTML page.
    let id: String
    let style: ChartStyle
    private(set) var body = ""
    private(set) var defs = ""

    init(kind: String, title: String, id: String?, style: ChartStyle) {
        self.style = style
        if let id, !id.isEmpty {
            self.id = String(
                id.unicodeScalars.map { scalar -> Character in
                    let ok =
                        scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
                        || scalar == "-" || scalar == "_"
                    return ok ? Character(scalar) : "-"
                })
        } else {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in (kind + "\u{0}" + title).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            self.id = kind + "-" + String(hash, radix: 16)
        }
    }

    /// `value` rounded to at most `decimals` (0...2) decimals without trailing zeros; non-finite values print 0.
    static func number(_ value: Double, decimals: Int = 2) -> String {
        format(value, decimals: decimals, keepZeros: false)
    }

    /// `value` rounded half away from zero to exactly `decimals` (0...2) decimals, as a legend prints class bounds
    /// (`8.10`); non-finite values print 0.
    static func fixed(_ value: Double, decimals: Int) -> String {
        format(value, decimals: decimals, keepZeros: true)
    }

    private static func format(_ value: Double, decimals: Int, keepZeros: Bool) -> String {
        let decimals = Swift.min(Swift.max(decimals, 0), 2)
        let scale = decimals == 0 ? 1.0 : decimals == 1 ? 10.0 : 100.0
        guard value.isFinite else { return "0" }
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9e15 else { return String(Int64(clamping: Int64(value.rounded()))) }
        let units = Int64(scaled)
        if units == 0, !keepZeros || decimals == 0 { return "0" }
        let magnitude = units.magnitude
        let divisor = UInt64(scale)
        var text = (units < 0 ? "-" : "") + String(magnitude / divisor)
        var fraction = magnitude % divisor
        if keepZeros, decimals > 0 {
            let raw = String(fraction)
            text += "." + String(repeating: "0", count: decimals - raw.count) + raw
        } else if fraction != 0 {
            var digits = decimals
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let raw = String(fraction)
            text += "." + String(repeating: "0", count: digits - raw.count) + raw
        }
        return text
    }

    private func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(Escape.xmlAttribute($0.1))\"" }.joined()
    }

    mutating func element(_ name: String, _ pairs: [(String, String)]) {
        body += "<\(name)\(attributes(pairs))/>\n"
    }

    /// An element whose only content is a `<title>` (the tooltip of a map's area).
    mutating func element(_ name: String, _ pairs: [(String, String)], title: String) {
        body += "<\(name)\(attributes(pairs))><title>\(Escape.xmlText(title))</title></\(name)>\n"
    }

    mutating func open(_ name: String, _ pairs: [(String, String)] = []) {
        body += "<\(name)\(attributes(pairs))>\n"
    }

    mutating func close(_ name: String) {
        body += "</\(name)>\n"
    }

    mutating func rect(_ rect: ChartRect, fill: String, _ extra: [(String, String)] = []) {
        element(
            "rect",
            [
                ("x", SVGWriter.number(rect.x)), ("y", SVGWriter.number(rect.y)),
                ("width", SVGWriter.number(rect.width)), ("height", SVGWriter.number(rect.height)), ("fill", fill),
            ] + extra)
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) {
        var pairs = [
            ("x1", SVGWriter.number(x1)), ("y1", SVGWriter.number(y1)), ("x2", SVGWriter.number(x2)),
            ("y2", SVGWriter.number(y2)), ("stroke", stroke), ("stroke-width", SVGWriter.number(width)),
        ]
        if let dash { pairs.append(("stroke-dasharray", dash)) }
        element("line", pairs)
    }

    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", _ extra: [(String, String)] = []
    ) {
        var pairs = [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y))]
        if anchor != "start" { pairs.append(("text-anchor", anchor)) }
        body += "<text\(attributes(pairs + extra))>\(Escape.xmlText(content))</text>\n"
    }

    /// A diagonal hatch pattern for missing data (and anything else that must read without colour); the lines are
    /// `stroke`, by default the style's grid colour.
    mutating func defineHatch(stroke: String? = nil) -> String {
        let name = id + "-hatch"
        defs +=
            "<pattern id=\"\(name)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
            + "stroke=\"\(Escape.xmlAttribute(stroke ?? style.gridColor))\" stroke-width=\"2\"/></pattern>\n"
        return "url(#\(name))"
    }

    /// Wraps the title to the chart width; returns the lines.
    static func titleLines(_ title: String, width: Double, style: ChartStyle) -> [String] {
        let lines = TextMetrics.wrap(title, maxWidth: width - 2 * style.margin, fontSize: style.titleFontSize)
        return lines.isEmpty ? [""] : lines
    }

    /// The y just below a title of `lines` lines, where the chart's content begins.
    static func contentTop(titleLines lines: Int, style: ChartStyle) -> Double {
        style.margin + Double(lines) * style.titleLineHeight + style.fontSize * 0.5
    }

    /// Draws the visible title lines at the top left.
    mutating func title(_ lines: [String]) {
        for (index, line) in lines.enumerated() {
            text(
                line, x: style.margin, y: style.margin + style.titleFontSize + Double(index) * style.titleLineHeight,
                [("font-size", SVGWriter.number(style.titleFontSize)), ("font-weight", "bold")]
            )
        }
    }

    /// The complete document.
    func document(width: Double, height: Double, title: String, description: String) -> String {
        let w = SVGWriter.number(width)
        let h = SVGWriter.number(height)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        svg += " role=\"img\" aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\""
        svg += " font-family=\"\(Escape.xmlAttribute(style.fontFamily))\""
        svg += " font-size=\"\(SVGWriter.number(style.fontSize))\""
        svg += " fill=\"\(Escape.xmlAttribute(style.ink))\">\n"
        svg += "<title id=\"\(id)-title\">\(Escape.xmlText(title))</title>\n"
        svg += "<desc id=\"\(id)-desc\">\(Escape.xmlText(description))</desc>\n"
        if !defs.isEmpty { svg += "<defs>\n\(defs)</defs>\n" }
        svg += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        return svg + body + "</svg>\n"
    }
}
