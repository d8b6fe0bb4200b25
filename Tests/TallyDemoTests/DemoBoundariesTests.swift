import Foundation
import TallyGeo
import Testing

@testable import TallyDemo

/// Whether `point` is strictly inside `shape` by the even-odd rule over all its rings (written here apart from
/// TallyGeo and TallyCharts, so the tests check the generator with code of their own).
func inside(_ shape: GeoShape, _ point: GeoPoint) -> Bool {
    var result = false
    for ring in shape.rings {
        for (a, b) in zip(ring, ring.dropFirst()) where (a.y > point.y) != (b.y > point.y) {
            if point.x < a.x + (point.y - a.y) / (b.y - a.y) * (b.x - a.x) { result.toggle() }
        }
    }
    return result
}

/// The sign of the turn a → b → c.
func turn(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint) -> Int {
    let cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    return cross > 0 ? 1 : cross < 0 ? -1 : 0
}

/// Whether two segments cross at a point inside both (touching at an end or running along each other does not
/// count: shared borders do that).
func properlyCross(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> Bool {
    let t1 = turn(a, b, c)
    let t2 = turn(a, b, d)
    let t3 = turn(c, d, a)
    let t4 = turn(c, d, b)
    return t1 * t2 < 0 && t3 * t4 < 0
}

/// A directed edge of a ring.
struct Edge: Hashable {
    var from: GeoPoint
    var to: GeoPoint
    var reversed: Edge { Edge(from: to, to: from) }
}

/// The directed edges of a shape's rings, with their counts.
func edges(_ shape: GeoShape) -> [Edge: Int] {
    var result: [Edge: Int] = [:]
    for ring in shape.rings {
        for (a, b) in zip(ring, ring.dropFirst()) { result[Edge(from: a, to: b), default: 0] += 1 }
    }
    return result
}

/// The edges of `children` that no other child runs back along: the outline of their union.
func outline(of children: [GeoShape]) -> [Edge: Int] {
    var all: [Edge: Int] = [:]
    for child in children {
        for (edge, count) in edges(child) { all[edge, default: 0] += count }
    }
    var result: [Edge: Int] = [:]
    for (edge, count) in all where all[edge.reversed] == nil { result[edge] = count }
    return result
}

@Suite struct DemoBoundariesTests {
    static let county = DemoCounty()
    static let boundaries = county.boundaries()
    static let projection = GeoProjection(centre: DemoBoundaries.centre)

    var features: [GeoFeature] { Self.boundaries.features }

    func children(of code: String) -> [GeoFeature] {
        let codes = Set(Self.county.orgUnits.filter { $0.parentCode == code }.map(\.code))
        return features.filter { codes.contains($0.code) }
    }

    @Test func everyUnitHasOnePolygon() {
        #expect(features.map(\.code) == Self.county.orgUnits.map(\.code))
        #expect(features.map(\.name) == Self.county.orgUnits.map(\.name))
        for feature in features {
            #expect(feature.shape.polygons.count == 1, "\(feature.code)")
            for ring in feature.shape.rings {
                #expect(ring.count >= 4 && ring.first == ring.last, "\(feature.code)")
                #expect(ring.allSatisfy { $0 == $0.snapped })
            }
            #expect(GeoShape.signedArea(feature.shape.polygons[0].exterior) > 0, "exterior anticlockwise")
        }
    }

    @Test func sameSeedSameBoundaries() {
        let again = DemoCounty().boundaries()
        #expect(again.features == features)
        #expect(again.geoJSON() == Self.boundaries.geoJSON())
        let other = DemoCounty(seed: 7).boundaries()
        #expect(other.features.map(\.shape) != features.map(\.shape))
    }

    @Test func areasAddUp() {
        let area = Dictionary(uniqueKeysWithValues: features.map { ($0.code, $0.shape.area(Self.projection)) })
        for unit in Self.county.orgUnits {
            let parts = children(of: unit.code)
            guard !parts.isEmpty else { continue }
            let sum = parts.reduce(0) { $0 + area[$1.code]! }
            #expect(
                abs(sum - area[unit.code]!) <= 1e-9 * area[unit.code]!, "\(unit.name): \(sum) vs \(area[unit.code]!)")
        }
        // Plausible sizes: a county of 1,000–2,500 km², villages of 1–40 km².
        let county = area[features[0].code]! / 1e6
        #expect(county > 1_000 && county < 2_500, "\(county) km²")
        let villages = Self.county.villages.map { area[$0]! / 1e6 }
        #expect(villages.min()! >= 0.4 && villages.max()! < 40, "\(villages.min()!)…\(villages.max()!) km²")
        // The urban sub-district is smaller than the median town.
        let towns = Self.county.orgUnits.filter { $0.level == 2 }
        let townAreas = towns.map { area[$0.code]! }.sorted()
        let seat = towns.first { $0.name.hasSuffix("街道") }!
        #expect(area[seat.code]! < townAreas[townAreas.count / 2])
    }

    @Test func bordersAreSharedExactly() {
        // Each unit's outline is exactly the outline of its children: every child edge not run back along by a
        // sibling is an edge of the parent, and the other way round.
        for unit in Self.county.orgUnits {
            let parts = children(of: unit.code)
            guard !parts.isEmpty else { continue }
            let parent = features.first { $0.code == unit.code }!.shape
            #expect(outline(of: parts.map(\.shape)) == edges(parent), "\(unit.name)")
        }
        // Two villages that share a border share its every vertex: each inner edge is run back along once.
        let villages = features.filter { Self.county.villages.contains($0.code) }
        var all: [Edge: Int] = [:]
        for village in villages {
            for (edge, count) in edges(village.shape) { all[edge, default: 0] += count }
        }
        #expect(all.values.allSatisfy { $0 == 1 })
        let inner = all.keys.filter { all[$0.reversed] != nil }
        #expect(inner.count > all.count / 2)
    }

    @Test func noTwoVillagesOverlap() {
        let villages = features.filter { Self.county.villages.contains($0.code) }
        // No two edges anywhere cross (edges bucketed on a grid of 0.01°).
        var buckets: [Int: [(GeoPoint, GeoPoint)]] = [:]
        var segments: [(GeoPoint, GeoPoint)] = []
        var seen: Set<Edge> = []
        for village in villages {
            for ring in village.shape.rings {
                for (a, b) in zip(ring, ring.dropFirst()) where !seen.contains(Edge(from: b, to: a)) {
                    seen.insert(Edge(from: a, to: b))
                    segments.append((a, b))
                }
            }
        }
        func cells(_ a: GeoPoint, _ b: GeoPoint) -> [Int] {
            let x0 = Int((min(a.x, b.x) * 100).rounded(.down))
            let x1 = Int((max(a.x, b.x) * 100).rounded(.down))
            let y0 = Int((min(a.y, b.y) * 100).rounded(.down))
            let y1 = Int((max(a.y, b.y) * 100).rounded(.down))
            return (x0...x1).flatMap { x in (y0...y1).map { y in x * 100_000 + y } }
        }
        var crossings = 0
        for (a, b) in segments {
            for cell in cells(a, b) {
                for (c, d) in buckets[cell, default: []] where properlyCross(a, b, c, d) { crossings += 1 }
                buckets[cell, default: []].append((a, b))
            }
        }
        #expect(crossings == 0)
        // Points on a grid over the county: inside the county exactly when inside one town and one village.
        let county = features[0].shape
        let townCodes = Set(Self.county.orgUnits.filter { $0.level == 2 }.map(\.code))
        let towns = features.filter { townCodes.contains($0.code) }.map { ($0.shape, $0.shape.bounds!) }
        let villageBoxes = villages.map { ($0.shape, $0.shape.bounds!) }
        let box = county.bounds!
        var covered = 0
        for i in 0..<50 {
            for j in 0..<50 {
                let point = GeoPoint(
                    x: box.minX + (Double(i) + 0.5137) / 50 * box.width,
                    y: box.minY + (Double(j) + 0.4871) / 50 * box.height)
                let inCounty = inside(county, point)
                let townCount = towns.filter { $0.1.contains(point) && inside($0.0, point) }.count
                let villageCount = villageBoxes.filter { $0.1.contains(point) && inside($0.0, point) }.count
                #expect(townCount == (inCounty ? 1 : 0) && villageCount == (inCounty ? 1 : 0), "\(point)")
                if inCounty { covered += 1 }
            }
        }
        #expect(covered > 1_000)
    }

    @Test func pairwiseOnASmallCounty() {
        // A county of 3 towns and 20 villages: every pair of units on one level is checked directly.
        let small = DemoCounty(
            scale: DemoScale(prefectures: 0, countiesPerPrefecture: 1, townsPerCounty: 3, villages: 20))
        let features = small.boundaries().features
        #expect(features.count == 24)
        for level in 2...3 {
            let units = zip(small.orgUnits, features).filter { $0.0.level == level }.map(\.1)
            for (i, a) in units.enumerated() {
                for b in units[(i + 1)...] {
                    let ringsA = Array(a.shape.rings)
                    let ringsB = Array(b.shape.rings)
                    // No vertex of one strictly inside the other, and no edges crossing.
                    let vertexInside =
                        ringsA.joined().contains { inside(b.shape, $0) && !ringsB.joined().contains($0) }
                        || ringsB.joined().contains { inside(a.shape, $0) && !ringsA.joined().contains($0) }
                    #expect(!vertexInside, "\(a.code) and \(b.code)")
                    var crossing = false
                    for ra in ringsA {
                        for rb in ringsB {
                            for (p, q) in zip(ra, ra.dropFirst()) {
                                for (r, s) in zip(rb, rb.dropFirst()) where properlyCross(p, q, r, s) {
                                    crossing = true
                                }
                            }
                        }
                    }
                    #expect(!crossing, "\(a.code) and \(b.code)")
                }
            }
        }
        let projection = GeoProjection(centre: DemoBoundaries.centre)
        let total = features[0].shape.area(projection)
        let towns = zip(small.orgUnits, features).filter { $0.0.level == 2 }.reduce(0) {
            $0 + $1.1.shape.area(projection)
        }
        #expect(abs(total - towns) <= 1e-9 * total)
    }

    @Test func geoJSONReadsBackWithCodes() throws {
        let text = Self.boundaries.geoJSON()
        let read = try GeoJSONReader().read(text)
        #expect(read.skipped.isEmpty)
        #expect(read.features == features)
        #expect(text.utf8.count < 2_000_000)
    }
}
