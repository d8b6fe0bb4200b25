import Foundation
import Testing

@testable import TallyGeo

/// A deterministic sequence in [-1, 1) for test shapes.
struct Wobble {
    var state: UInt64 = 0x1234_5678

    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}

/// Two squares side by side at the equator, 0.01° (1.1 km) wide, sharing a border from (0.01, 0) to (0.01, 0.01)
/// that bulges east by up to `bulge` degrees, with points every 0.0002° (22 m) moved up to `amplitude` degrees east
/// or west; both rings anticlockwise.
func neighbours(amplitude: Double, bulge: Double = 0) -> (left: GeoShape, right: GeoShape, border: [GeoPoint]) {
    var wobble = Wobble()
    let border =
        [GeoPoint(x: 0.01, y: 0)]
        + (1..<50).map {
            let t = Double($0) / 50
            let x = 0.01 + bulge * 4 * t * (1 - t) * (1 - t) + amplitude * wobble.next()
            return GeoPoint(x: x, y: Double($0) * 0.0002).snapped
        }
        + [GeoPoint(x: 0.01, y: 0.01)]
    let left = [GeoPoint(x: 0, y: 0)] + border + [GeoPoint(x: 0, y: 0.01), GeoPoint(x: 0, y: 0)]
    let right =
        [GeoPoint(x: 0.01, y: 0), GeoPoint(x: 0.02, y: 0), GeoPoint(x: 0.02, y: 0.01)] + border.reversed()
    return (
        GeoShape(polygons: [GeoPolygon(rings: [left])]), GeoShape(polygons: [GeoPolygon(rings: [Array(right)])]),
        border
    )
}

@Suite struct GeoSimplifierTests {
    @Test func douglasPeuckerKeepsPointsBeyondTheTolerance() {
        let points = [(0.0, 0.0), (2, 0.5), (5, 3), (8, 0.2), (10, 0)].map { GeoPoint(x: $0.0, y: $0.1) }
        // (5, 3) is 3 from the chord; then (2, 0.5) is 3.5/√34 = 0.600 from (0,0)–(5,3), and (8, 0.2) is
        // 5/√34 = 0.857 from (5,3)–(10,0).
        #expect(GeoSimplifier.douglasPeucker(points, tolerance: 1) == [true, false, true, false, true])
        #expect(GeoSimplifier.douglasPeucker(points, tolerance: 0.7) == [true, false, true, true, true])
        #expect(GeoSimplifier.douglasPeucker(points, tolerance: 0.5) == [true, true, true, true, true])
        #expect(GeoSimplifier.douglasPeucker(points, tolerance: 3) == [true, false, false, false, true])
        #expect(GeoSimplifier.douglasPeucker([], tolerance: 1) == [])
        #expect(
            abs(GeoSimplifier.squaredDistance(GeoPoint(x: 3, y: 4), GeoPoint(x: 0, y: 0), GeoPoint(x: 0, y: 0)) - 25)
                < 1e-12)
        #expect(
            abs(GeoSimplifier.squaredDistance(GeoPoint(x: -3, y: 4), GeoPoint(x: 0, y: 0), GeoPoint(x: 10, y: 0)) - 25)
                < 1e-12)
    }

    @Test func aSharedBorderIsSimplifiedOnceForBothSides() {
        // Wiggles of up to 0.0002° (22 m): a 10 m tolerance keeps some and drops others.
        let (left, right, _) = neighbours(amplitude: 0.0002)
        // A lopsided bulge of 0.002° (220 m): where each side would cut it on its own depends on its other corners.
        let (bulgingLeft, bulgingRight, _) = neighbours(amplitude: 0.00005, bulge: 0.002)
        for tolerance in [1.0, 4.0, 10.0, 30.0, 60.0, 100.0] {
            let bulging = GeoSimplifier(tolerance: tolerance).simplify([bulgingLeft, bulgingRight])
            #expect(
                Set(bulging[0].polygons[0].exterior.filter { $0.x > 0.005 })
                    == Set(bulging[1].polygons[0].exterior.filter { $0.x < 0.015 }), "bulge, tolerance \(tolerance)")
            let simplified = GeoSimplifier(tolerance: tolerance).simplify([left, right])
            let leftBorder = simplified[0].polygons[0].exterior.filter { $0.x > 0.005 }
            let rightBorder = simplified[1].polygons[0].exterior.filter { $0.x < 0.015 }
            #expect(Set(leftBorder) == Set(rightBorder), "tolerance \(tolerance)")
            // The same points in opposite directions.
            let leftOrder = leftBorder.sorted { $0.y < $1.y }
            #expect(leftOrder.first == GeoPoint(x: 0.01, y: 0) && leftOrder.last == GeoPoint(x: 0.01, y: 0.01))
            for shape in simplified {
                let ring = shape.polygons[0].exterior
                #expect(ring.first == ring.last && ring.count >= 4)
            }
        }
        let coarse = GeoSimplifier(tolerance: 10).simplify([left, right])
        let kept = coarse[0].polygons[0].exterior.filter { $0.x > 0.005 }.count
        #expect(kept > 2 && kept < 51, "\(kept) border points kept of 51")
        let all = GeoSimplifier(tolerance: 100).simplify([left, right])
        #expect(all[0].polygons[0].exterior.count == 5)
        #expect(Set(all[0].polygons[0].exterior) == Set(square(0, 0, 0.01)))
    }

    @Test func whereThreeUnitsMeetStaysAPointOfAll() {
        // One unit on the west, two on the east meeting it at (0.01, 0.005): a point on a straight line for the west
        // unit, which it would drop on its own, and a corner of both eastern units.
        var wobble = Wobble()
        let border = (0...50).map { index -> GeoPoint in
            let wiggle = index == 0 || index == 25 || index == 50 ? 0 : 0.00003 * wobble.next()
            return GeoPoint(x: 0.01 + wiggle, y: Double(index) * 0.0002).snapped
        }
        let west = [GeoPoint(x: 0, y: 0)] + border + [GeoPoint(x: 0, y: 0.01), GeoPoint(x: 0, y: 0)]
        let southEast =
            [GeoPoint(x: 0.01, y: 0), GeoPoint(x: 0.02, y: 0), GeoPoint(x: 0.02, y: 0.005)] + border[0...25].reversed()
        let northEast =
            [GeoPoint(x: 0.01, y: 0.005), GeoPoint(x: 0.02, y: 0.005), GeoPoint(x: 0.02, y: 0.01)]
            + border[25...50].reversed()
        let rings = [west, Array(southEast), Array(northEast)]
        let shapes = rings.map { GeoShape(polygons: [GeoPolygon(rings: [$0])]) }
        let junctions = GeoSimplifier.junctions(of: rings.map { Array($0.dropLast()) })
        // Where the three meet, where the border meets the outside, and where the eastern two meet the outside.
        #expect(
            junctions == [
                GeoPoint(x: 0.01, y: 0), GeoPoint(x: 0.01, y: 0.005), GeoPoint(x: 0.01, y: 0.01),
                GeoPoint(x: 0.02, y: 0.005),
            ])
        let projection = GeoProjection(centre: GeoPoint(x: 0.01, y: 0.005))
        for tolerance in [1.0, 10.0, 100.0] {
            let simplified = GeoSimplifier(tolerance: tolerance).simplify(shapes)
            // Each unit loses or gains at most the tolerance along its perimeter (about 3.3 km or 2.2 km).
            for (before, after) in zip(shapes, simplified) {
                let change = abs(after.area(projection) - before.area(projection))
                #expect(change <= tolerance * 3_400, "tolerance \(tolerance): \(change) m²")
            }
            let westBorder = Set(simplified[0].polygons[0].exterior.filter { $0.x > 0.005 })
            let eastBorder = Set(simplified[1...].flatMap { $0.polygons[0].exterior.filter { $0.x < 0.015 } })
            #expect(westBorder.contains(GeoPoint(x: 0.01, y: 0.005)), "tolerance \(tolerance)")
            #expect(westBorder == eastBorder, "tolerance \(tolerance)")
        }
        let coarse = GeoSimplifier(tolerance: 100).simplify(shapes)
        #expect(coarse[0].polygons[0].exterior.count == 6)
        #expect(coarse[1].polygons[0].exterior.count == 5)
    }

    @Test func anEnclaveAndItsHoleStayTheSame() {
        var wobble = Wobble()
        // A round enclave of 40 points (radius about 0.002°) inside a square; no junction on its ring.
        let ring =
            (0..<40).map { index -> GeoPoint in
                let angle = Double(index) / 40 * 2 * Double.pi
                let radius = 0.002 + 0.0002 * wobble.next()
                return GeoPoint(x: 0.005 + radius * cos(angle), y: 0.005 + radius * sin(angle)).snapped
            }
        let enclave = GeoShape(polygons: [GeoPolygon(rings: [ring + ring.prefix(1)])])
        let hole = Array((ring + ring.prefix(1)).reversed())
        let outer = GeoShape(polygons: [GeoPolygon(rings: [square(0, 0, 0.01), hole])])
        for tolerance in [5.0, 30.0, 1000.0] {
            let simplified = GeoSimplifier(tolerance: tolerance).simplify([outer, enclave])
            let simplifiedHole = simplified[0].polygons[0].rings[1]
            let simplifiedEnclave = simplified[1].polygons[0].exterior
            #expect(Set(simplifiedHole) == Set(simplifiedEnclave), "tolerance \(tolerance)")
            #expect(simplifiedEnclave.count >= 4 && GeoShape.signedArea(simplifiedEnclave) != 0)
        }
    }

    @Test func ringsNeverCollapse() {
        // A tiny island (a few metres across) and a thin strip (1 m tall), far below a 500 m tolerance.
        var wobble = Wobble()
        let island = (0..<12).map { index -> GeoPoint in
            let angle = Double(index) / 12 * 2 * Double.pi
            return GeoPoint(x: 0.5 + 0.00003 * cos(angle) + 0.000005 * wobble.next(), y: 0.5 + 0.00003 * sin(angle))
                .snapped
        }
        let strip =
            (0...20).map { GeoPoint(x: Double($0) * 0.001, y: 0) }
            + (0...20).reversed().map { GeoPoint(x: Double($0) * 0.001, y: 0.00001) } + [GeoPoint(x: 0, y: 0)]
        let shapes = [
            GeoShape(polygons: [GeoPolygon(rings: [island + island.prefix(1)])]),
            GeoShape(polygons: [GeoPolygon(rings: [strip])]),
        ]
        let simplified = GeoSimplifier(tolerance: 500).simplify(shapes)
        for shape in simplified {
            #expect(shape.polygons.count == 1)
            let ring = shape.polygons[0].exterior
            #expect(ring.count >= 4 && ring.first == ring.last && GeoShape.signedArea(ring) != 0, "\(ring)")
        }
        #expect(simplified[1].polygons[0].exterior.count == 4)
    }

    @Test func toleranceZeroDropsOnlyPointsOnAStraightLine() {
        let ring = [
            GeoPoint(x: 0, y: 0), GeoPoint(x: 0.5, y: 0), GeoPoint(x: 1, y: 0), GeoPoint(x: 1, y: 1),
            GeoPoint(x: 0.4, y: 0.9), GeoPoint(x: 0, y: 1), GeoPoint(x: 0, y: 0),
        ]
        let simplified = GeoSimplifier(tolerance: 0).simplify([GeoShape(polygons: [GeoPolygon(rings: [ring])])])
        #expect(Set(simplified[0].polygons[0].exterior) == Set(ring).subtracting([GeoPoint(x: 0.5, y: 0)]))
        #expect(GeoSimplifier(tolerance: -3).tolerance == 0)
        #expect(GeoSimplifier(tolerance: .nan).tolerance == 0)
        #expect(GeoSimplifier().tolerance == 10)
        #expect(GeoSimplifier().simplify([GeoShape]()) == [])
    }

    @Test func featuresKeepTheirCodesAndNames() {
        let (left, right, _) = neighbours(amplitude: 0.00005)
        let features = [GeoFeature(code: "L", name: "左", shape: left), GeoFeature(code: "R", shape: right)]
        let simplified = GeoSimplifier(tolerance: 100).simplify(features)
        #expect(simplified.map(\.code) == ["L", "R"] && simplified.map(\.name) == ["左", nil])
        #expect(simplified[0].shape.pointCount == 5)
    }

    @Test func displayToleranceIsHalfAPixel() {
        // 0.1° of longitude at the equator is 11,119.5 m; over 1,000 pixels half a pixel is 5.56 m.
        let bounds = GeoBounds(minX: 0, minY: -0.05, maxX: 0.1, maxY: 0.05)
        #expect(abs(GeoSimplifier.displayTolerance(for: bounds, width: 1000) - 5.559754) < 1e-5)
        #expect(GeoSimplifier.displayTolerance(for: bounds, width: 0) == 0)
    }
}
