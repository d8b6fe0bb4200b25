import Foundation
import TallyCharts
import TallyDemo
import Testing

@testable import TallyGeo

/// The whole way a map will take: the demo's boundaries as GeoJSON, read, simplified together, stored and read
/// back, projected, and drawn as choropleths of the towns and of the villages.
///
/// With `TALLY_MAP_OUTPUT=DIR` the maps are also written to DIR as SVG files, to look at.
@Suite struct MapPipelineTests {
    static let county = DemoCounty()
    static let read: [GeoFeature] = try! GeoJSONReader().read(county.boundaries().geoJSON()).features
    static let simplified = GeoSimplifier().simplify(read)

    /// The directed edges of every ring of `shapes` that no other ring of them runs back along.
    func outline(_ shapes: [GeoShape]) -> [[GeoPoint]: Int] {
        var all: [[GeoPoint]: Int] = [:]
        for shape in shapes {
            for ring in shape.rings {
                for (a, b) in zip(ring, ring.dropFirst()) { all[[a, b], default: 0] += 1 }
            }
        }
        return all.filter { all[[$0.key[1], $0.key[0]]] == nil }
    }

    func edgeSet(_ shape: GeoShape) -> [[GeoPoint]: Int] { outline([shape]) }

    @Test func simplifyingKeepsEveryBorderShared() {
        let before = Self.read.reduce(0) { $0 + $1.shape.pointCount }
        let after = Self.simplified.reduce(0) { $0 + $1.shape.pointCount }
        #expect(after < before)
        // A town is still exactly the union of its villages, the county of its towns.
        let byCode = Dictionary(uniqueKeysWithValues: Self.simplified.map { ($0.code, $0.shape) })
        for unit in Self.county.orgUnits {
            let parts = Self.county.orgUnits.filter { $0.parentCode == unit.code }.map { byCode[$0.code]! }
            guard !parts.isEmpty else { continue }
            #expect(outline(parts) == edgeSet(byCode[unit.code]!), "\(unit.name)")
        }
        for feature in Self.simplified {
            for ring in feature.shape.rings {
                #expect(ring.count >= 4 && ring.first == ring.last && GeoShape.signedArea(ring) != 0)
            }
        }
    }

    @Test func theStoredFormGivesBackEveryShape() throws {
        for feature in Self.simplified {
            let text = GeoShapeText.encode(feature.shape)
            #expect(try GeoShapeText.decode(text) == feature.shape, "\(feature.code)")
        }
        let stored = Self.simplified.reduce(0) { $0 + GeoShapeText.encode($1.shape).utf8.count }
        let points = Self.simplified.reduce(0) { $0 + $1.shape.pointCount }
        #expect(Double(stored) / Double(points) < 8, "\(stored) bytes for \(points) points")
    }

    /// A plausible birth rate per unit, from its code; nil for every seventh village (not reported).
    static func rate(_ code: String, index: Int) -> Double? {
        if index % 7 == 3 { return nil }
        let digits = code.unicodeScalars.reduce(0) { ($0 * 31 + Int($1.value)) % 1_000 }
        return 5 + Double(digits % 70) / 10
    }

    func areas(level: Int) -> [Choropleth.Area] {
        let projection = GeoProjection(centre: DemoBoundaries.centre)
        let units = Self.county.orgUnits.enumerated().filter { $0.element.level == level }
        return units.map { index, unit in
            let shape = Self.simplified[index].shape.projected(projection)
            let value = Self.rate(unit.code, index: index)
            return Choropleth.Area(
                id: unit.code, name: unit.name,
                rings: shape.rings.map { $0.map { ChartPoint(x: $0.x, y: $0.y) } }, value: value,
                display: value.map { String(format: "%.2f‰", $0) })
        }
    }

    @Test func townsAndVillagesMaps() throws {
        let towns = areas(level: 2)
        let villages = areas(level: 3)
        let townOutlines = towns.flatMap(\.rings)
        var maps: [(String, Choropleth)] = []
        for width in [360.0, 1366] {
            let maxHeight = width < 500 ? width : 640
            let style = ChartStyle(width: width)
            let townMap = Choropleth(
                title: "各乡镇出生率（2025年1—9月）", areas: towns, method: .naturalBreaks, classes: 5, unit: "‰",
                decimals: 2, legendTitle: "出生率（‰）", missingLabel: "无数据", labels: true, maxMapHeight: maxHeight,
                id: "towns", style: style)
            let villageMap = Choropleth(
                title: "各村出生率（2025年1—9月）", areas: villages, method: .quantiles, classes: 5, unit: "‰",
                decimals: 2, legendTitle: "出生率（‰）", missingLabel: "无数据", labels: width > 1000,
                outlines: townOutlines, maxMapHeight: maxHeight, id: "villages", style: style)
            // One path per town, one per village, the outlines in one more.
            #expect(townMap.chart.svg.components(separatedBy: "<path ").count - 1 == 12)
            #expect(villageMap.chart.svg.components(separatedBy: "<path ").count - 1 == 251)
            let missingTowns = towns.filter { $0.value == nil }.count
            #expect(missingTowns == 1)
            #expect(townMap.layout.legend.count == 5 + 1)
            #expect(villageMap.layout.legend.last?.text == "无数据 (\(villages.filter { $0.value == nil }.count))")
            #expect(townMap.layout.labels.count >= 10, "\(townMap.layout.labels.count) of 12 towns named at \(width)")
            maps += [("towns-\(Int(width))", townMap), ("villages-\(Int(width))", villageMap)]
        }
        if let directory = ProcessInfo.processInfo.environment["TALLY_MAP_OUTPUT"] {
            for (name, map) in maps {
                try map.chart.svg.write(toFile: directory + "/\(name).svg", atomically: true, encoding: .utf8)
            }
        }
    }
}
