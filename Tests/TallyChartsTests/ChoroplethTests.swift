import Foundation
import TallyText
import Testing

@testable import TallyCharts

/// An anticlockwise square in plane coordinates (y north).
func planeSquare(_ x: Double, _ y: Double, _ side: Double) -> [ChartPoint] {
    [
        ChartPoint(x: x, y: y), ChartPoint(x: x + side, y: y), ChartPoint(x: x + side, y: y + side),
        ChartPoint(x: x, y: y + side), ChartPoint(x: x, y: y),
    ]
}

/// The attribute `name` of the `<path>` whose `data-unit` is `unit`.
func pathAttribute(_ name: String, unit: String, in svg: String) -> String? {
    guard let marker = svg.firstRange(of: "data-unit=\"\(unit)\"") else { return nil }
    let start = svg[..<marker.lowerBound].range(of: "<path", options: .backwards)!.lowerBound
    let tag = svg[start...].prefix { $0 != ">" }
    guard let found = tag.firstRange(of: " \(name)=\"") else { return nil }
    return String(tag[found.upperBound...].prefix { $0 != "\"" })
}

@Suite struct ChoroplethTests {
    /// Six 100 × 100 squares, three over three:
    ///
    ///     a 2.0   b 4.0   c 9.0
    ///     d 5.0   e  –    f 10.5
    static let areas = [
        Choropleth.Area(id: "a", name: "甲镇", rings: [planeSquare(0, 100, 100)], value: 2, display: "2.0‰"),
        Choropleth.Area(id: "b", name: "乙镇", rings: [planeSquare(100, 100, 100)], value: 4, display: "4.0‰"),
        Choropleth.Area(id: "c", name: "丙镇", rings: [planeSquare(200, 100, 100)], value: 9, display: "9.0‰"),
        Choropleth.Area(id: "d", name: "丁乡", rings: [planeSquare(0, 0, 100)], value: 5, display: "5.0‰"),
        Choropleth.Area(id: "e", name: "戊乡", rings: [planeSquare(100, 0, 100)], value: nil),
        Choropleth.Area(id: "f", name: "己乡", rings: [planeSquare(200, 0, 100)], value: 10.5, display: "10.5‰"),
    ]

    func map(_ method: ChoroplethClasses.Method, labels: Bool = false) -> Choropleth {
        Choropleth(
            title: "出生率", areas: Self.areas, method: method, classes: 4, unit: "‰", decimals: 1,
            legendTitle: "出生率（‰）", missingLabel: "无数据", labels: labels, id: "m")
    }

    @Test func goldenQuantiles() {
        let map = map(.quantiles)
        // [2, 4, 5, 9, 10.5] in 4: ⌈5i/4⌉ = 2, 3, 4, 5.
        #expect(bounds(map.layout.classes) == [[2, 4, 2], [5, 5, 1], [9, 9, 1], [10.5, 10.5, 1]])
        #expect(map.layout.colors == ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"])
        #expect(map.layout.areaClasses == [0, 0, 2, 1, nil, 3])
        #expect(map.layout.fills == ["#ffffcc", "#ffffcc", "#41b6c4", "#a1dab4", "url(#m-hatch)", "#225ea8"])
        for (unit, fill, classText) in [
            ("a", "#ffffcc", "1"), ("b", "#ffffcc", "1"), ("c", "#41b6c4", "3"), ("d", "#a1dab4", "2"),
            ("e", "url(#m-hatch)", "missing"), ("f", "#225ea8", "4"),
        ] {
            #expect(pathAttribute("fill", unit: unit, in: map.chart.svg) == fill, "\(unit)")
            #expect(pathAttribute("data-class", unit: unit, in: map.chart.svg) == classText, "\(unit)")
        }
        #expect(
            map.layout.legend.map(\.text) == ["2.0–4.0‰ (2)", "5.0‰ (1)", "9.0‰ (1)", "10.5‰ (1)", "无数据 (1)"])
        #expect(map.layout.legend.map(\.fill) == ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8", "url(#m-hatch)"])
        #expect(map.layout.legend.map(\.classIndex) == [0, 1, 2, 3, nil])
        for entry in map.layout.legend {
            #expect(map.chart.svg.contains(">\(entry.text)</text>"))
        }
        #expect(map.chart.svg.contains(">出生率（‰）</text>"))
        // Tooltips: name and value, or the missing label.
        #expect(map.chart.svg.contains("<title>甲镇: 2.0‰</title></path>"))
        #expect(map.chart.svg.contains("<title>戊乡: 无数据</title></path>"))
        // 624 units across 300 plane units: 2.08 per unit; the map starts below the one-line title at 33.5.
        #expect(map.layout.scale == 2.08)
        #expect(map.layout.map == ChartRect(x: 8, y: 33.5, width: 624, height: 416))
        #expect(pathAttribute("d", unit: "a", in: map.chart.svg) == "M8 241.5L216 241.5 216 33.5 8 33.5Z")
        #expect(pathAttribute("d", unit: "f", in: map.chart.svg) == "M424 449.5L632 449.5 632 241.5 424 241.5Z")
        #expect(map.chart.svg.components(separatedBy: "<path ").count - 1 == 6)
        expectAccessibleAndWellFormed(map.chart)
    }

    @Test func goldenNaturalBreaks() {
        let map = map(.naturalBreaks)
        // Merging 4 and 5 costs least (0.5, against 1.125 for 9 and 10.5 and 2 for 2 and 4).
        #expect(bounds(map.layout.classes) == [[2, 2, 1], [4, 5, 2], [9, 9, 1], [10.5, 10.5, 1]])
        #expect(map.layout.fills == ["#ffffcc", "#a1dab4", "#41b6c4", "#a1dab4", "url(#m-hatch)", "#225ea8"])
        #expect(
            map.layout.legend.map(\.text) == ["2.0‰ (1)", "4.0–5.0‰ (2)", "9.0‰ (1)", "10.5‰ (1)", "无数据 (1)"])
        #expect(
            elementText("desc", in: map.chart.svg)?.hasPrefix(
                "Map of 6 units in 4 classes by natural breaks: 2.0‰ (1); 4.0–5.0‰ (2);") == true)
    }

    @Test func missingIsNeverAClassColour() {
        var areas = Self.areas
        areas[0].value = .nan
        areas[1].value = .infinity
        let map = Choropleth(title: "t", areas: areas, missingLabel: "No data", id: "x")
        #expect(
            map.layout.areaClasses[0] == nil && map.layout.areaClasses[1] == nil && map.layout.areaClasses[4] == nil)
        #expect(map.layout.fills[0] == "url(#x-hatch)")
        #expect(!map.layout.colors.contains("url(#x-hatch)"))
        #expect(map.layout.legend.last?.text == "No data (3)")
        let complete = Choropleth(title: "t", areas: Self.areas.filter { $0.value != nil }, missingLabel: "No data")
        #expect(!complete.layout.legend.contains { $0.classIndex == nil })
        let empty = Choropleth(
            title: "t",
            areas: Self.areas.map {
                var a = $0; a.value = nil; return a
            }, missingLabel: "无")
        #expect(empty.layout.classes.classes.isEmpty && empty.layout.legend.map(\.text) == ["无 (6)"])
        expectAccessibleAndWellFormed(empty.chart)
        let nothing = Choropleth(title: "t", areas: [], missingLabel: "无")
        #expect(nothing.layout.legend.isEmpty)
        expectAccessibleAndWellFormed(nothing.chart)
    }

    @Test func paletteIsSequentialAndDarkens() {
        for count in 1...7 {
            let colors = Choropleth.colors(forClasses: count)
            #expect(colors.count == count)
            // Relative luminance falls from each class to the next.
            let luminance = colors.map { hex -> Double in
                let value = Int(hex.dropFirst(), radix: 16)!
                return 0.2126 * Double(value >> 16) + 0.7152 * Double(value >> 8 & 0xFF) + 0.0722 * Double(value & 0xFF)
            }
            #expect(zip(luminance, luminance.dropFirst()).allSatisfy { $0.0 > $0.1 + 20 }, "\(count): \(luminance)")
        }
        #expect(Choropleth.colors(forClasses: 0).isEmpty)
    }

    @Test func labelsFitInsideTheirUnitsAndNeverOverlap() {
        let map = map(.quantiles, labels: true)
        #expect(map.layout.labels.map(\.text) == ["甲镇", "乙镇", "丙镇", "丁乡", "戊乡", "己乡"])
        for label in map.layout.labels {
            let cell = Self.areas[label.area].rings[0].map(map.layout.position(of:))
            let xs = cell.map(\.x)
            let ys = cell.map(\.y)
            #expect(
                label.box.x > xs.min()! && label.box.maxX < xs.max()! && label.box.y > ys.min()!
                    && label.box.maxY < ys.max()!)
            #expect(label.box.height >= 10)
        }
        // Names too long for their unit are left to the tooltip.
        var long = Self.areas
        long[0].name = String(repeating: "很长的名字", count: 10)
        let crowded = Choropleth(
            title: "t", areas: long, missingLabel: "–", labels: true, style: ChartStyle(width: 300))
        #expect(!crowded.layout.labels.contains { $0.area == 0 })
        let boxes = crowded.layout.labels.map(\.box)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] { #expect(disjoint(a, b)) }
        }
        expectAccessibleAndWellFormed(map.chart)
    }

    @Test func holesAndPartsAreDrawnWithTheEvenOddRule() {
        let ring = planeSquare(0, 0, 300)
        let hole = Array(planeSquare(100, 100, 100).reversed())
        let island = planeSquare(400, 0, 50)
        let area = Choropleth.Area(id: "u", name: "u", rings: [ring, hole, island], value: 1)
        let map = Choropleth(title: "t", areas: [area], missingLabel: "–", labels: true, id: "h")
        #expect(pathAttribute("fill-rule", unit: "u", in: map.chart.svg) == "evenodd")
        #expect(pathAttribute("d", unit: "u", in: map.chart.svg)?.components(separatedBy: "Z").count == 4)
        // The label avoids the hole.
        if let label = map.layout.labels.first {
            let holeBox = hole.map(map.layout.position(of:))
            let inHole =
                label.box.midX > holeBox.map(\.x).min()! && label.box.midX < holeBox.map(\.x).max()!
                && label.box.midY > holeBox.map(\.y).min()! && label.box.midY < holeBox.map(\.y).max()!
            #expect(!inHole)
        }
    }

    @Test func outlinesAreDrawnOverTheAreas() {
        let map = Choropleth(
            title: "t", areas: Self.areas, missingLabel: "–", outlines: [planeSquare(0, 0, 300)], id: "o")
        #expect(map.chart.svg.contains("fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.25\""))
    }

    @Test func escapesTextAndIsDeterministic() {
        var areas = Self.areas
        areas[0].name = nastyName
        areas[0].id = "<id>"
        let a = Choropleth(title: "<&>", areas: areas, unit: "<u>", missingLabel: "\"–\"", labels: true)
        let b = Choropleth(title: "<&>", areas: areas, unit: "<u>", missingLabel: "\"–\"", labels: true)
        #expect(a.chart == b.chart)
        #expect(!a.chart.svg.contains("<id>") && !a.chart.svg.contains("<u>") && !a.chart.svg.contains("<county>"))
        expectAccessibleAndWellFormed(a.chart)
    }

    @Test func fitsNarrowAndWideWidths() {
        for width in [360.0, 1366] {
            let map = Choropleth(
                title: "各镇出生率", areas: Self.areas, missingLabel: "无数据", labels: true,
                style: ChartStyle(width: width))
            #expect(map.chart.width == width)
            #expect(map.layout.map.maxX <= width - 8 + 1e-9 && map.layout.map.x >= 8 - 1e-9)
            for entry in map.layout.legend { #expect(entry.textBox.maxX <= width - 8 + 1e-9) }
            let boxes = map.layout.legend.map(\.textBox) + map.layout.legend.map(\.swatch)
            for (i, a) in boxes.enumerated() {
                for b in boxes[(i + 1)...] { #expect(disjoint(a, b)) }
            }
        }
        let short = Choropleth(title: "t", areas: Self.areas, missingLabel: "–", maxMapHeight: 200)
        #expect(short.layout.map.height == 200 && short.layout.map.width == 300)
        // With room to spare the legend stands beside the map, one entry a row, at the foot of the map, and the two
        // are centred together.
        let legend = short.layout.legend
        #expect(legend.allSatisfy { $0.swatch.x == short.layout.map.maxX + 24 })
        #expect(zip(legend, legend.dropFirst()).allSatisfy { abs($0.1.swatch.y - $0.0.swatch.y - 19.2) < 1e-9 })
        #expect(abs(legend.last!.swatch.maxY + 19.2 - 13.2 - short.layout.map.maxY) < 1e-9)
        let right = legend.map(\.textBox.maxX).max()!
        #expect(abs((short.layout.map.x - 8) - (632 - right)) < 1e-9)
        // A legend taller than the map starts at the map's top.
        let flat = Choropleth(title: "t", areas: Self.areas, missingLabel: "–", maxMapHeight: 100)
        #expect(flat.layout.map.height == 100 && flat.layout.legend.first?.swatch.y == flat.layout.map.y)
        #expect(flat.chart.height >= flat.layout.legend.last!.swatch.maxY + 8)
    }

    @Test func legendBoundsUseFixedDecimals() {
        #expect(SVGWriter.fixed(8.1, decimals: 2) == "8.10")
        #expect(SVGWriter.fixed(0, decimals: 1) == "0.0")
        #expect(SVGWriter.fixed(-0.04, decimals: 1) == "0.0")
        #expect(SVGWriter.fixed(2.25, decimals: 1) == "2.3")
        #expect(SVGWriter.fixed(7, decimals: 0) == "7")
        #expect(SVGWriter.fixed(1.005, decimals: 5) == "1.00")
        #expect(SVGWriter.number(8.10) == "8.1")
    }
}
