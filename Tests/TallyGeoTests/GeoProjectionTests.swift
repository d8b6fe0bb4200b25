import Testing

@testable import TallyGeo

@Suite struct GeoProjectionTests {
    @Test func metresPerDegree() {
        // R·π/180 = 6,371,008.8 × 0.017453293 = 111,195.08 m per degree of latitude; half that east at 60° N.
        let projection = GeoProjection(centre: GeoPoint(longitude: 10, latitude: 60))
        #expect(abs(projection.metresPerDegreeY - 111_195.08) < 0.01)
        let east = projection.project(GeoPoint(longitude: 11, latitude: 60))
        #expect(abs(east.x - 55_597.54) < 0.01 && east.y == 0)
        let north = projection.project(GeoPoint(longitude: 10, latitude: 61))
        #expect(abs(north.y - 111_195.08) < 0.01 && north.x == 0)
        let back = projection.unproject(projection.project(GeoPoint(longitude: 10.123456, latitude: 59.5)))
        #expect(abs(back.x - 10.123456) < 1e-12 && abs(back.y - 59.5) < 1e-12)
    }

    @Test func areasInSquareMetres() {
        // A 0.01° square at the equator: (1,111.9508 m)² = 1,236,434.6 m²; a hole of a quarter of it leaves 3/4.
        let shape = GeoShape(polygons: [
            GeoPolygon(rings: [square(0, -0.005, 0.01), square(0, -0.005, 0.005).reversed()])
        ])
        let projection = GeoProjection(centre: GeoPoint(x: 0, y: 0))
        #expect(abs(shape.area(projection) - 1_236_434.6 * 0.75) < 1)
        #expect(GeoShape.signedArea(square(0, 0, 2)) == 4)
        #expect(GeoShape.signedArea(square(0, 0, 2).reversed()) == -4)
        #expect(GeoShape.signedArea([]) == 0)
        let fitted = GeoProjection(fitting: GeoBounds(minX: 115, minY: 28, maxX: 117, maxY: 29))
        #expect(fitted.centre == GeoPoint(x: 116, y: 28.5))
    }

    @Test func boundingBoxes() {
        let box = GeoBounds(square(1, 2, 3))
        #expect(box == GeoBounds(minX: 1, minY: 2, maxX: 4, maxY: 5))
        #expect(box?.width == 3 && box?.height == 3 && box?.centre == GeoPoint(x: 2.5, y: 3.5))
        #expect(GeoBounds([GeoPoint]()) == nil)
        #expect(GeoBounds(union: [GeoBounds]()) == nil)
        let other = GeoBounds(minX: 4, minY: 5, maxX: 6, maxY: 9)
        #expect(box!.union(other) == GeoBounds(minX: 1, minY: 2, maxX: 6, maxY: 9))
        #expect(box!.intersects(other) && !box!.intersects(GeoBounds(minX: 4.1, minY: 0, maxX: 5, maxY: 1)))
        #expect(box!.contains(GeoPoint(x: 4, y: 5)) && !box!.contains(GeoPoint(x: 4.01, y: 5)))
        let shape = GeoShape(polygons: [GeoPolygon(rings: [square(1, 2, 3)]), GeoPolygon(rings: [square(-1, 0, 1)])])
        #expect(shape.bounds == GeoBounds(minX: -1, minY: 0, maxX: 4, maxY: 5))
        #expect(GeoShape(polygons: []).bounds == nil)
    }
}
