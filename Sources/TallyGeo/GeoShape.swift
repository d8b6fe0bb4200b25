/// One polygon: an exterior ring and any holes, each ring closed (its last point equals its first) with at least
/// four points.
///
/// The winding is not prescribed: files in the wild use both, and a drawing with the even-odd rule needs neither.
public struct GeoPolygon: Hashable, Sendable {
    /// The rings: the exterior first, then the holes.
    public var rings: [[GeoPoint]]

    /// A polygon from its rings, the exterior first.
    public init(rings: [[GeoPoint]]) {
        self.rings = rings
    }

    /// The exterior ring.
    public var exterior: [GeoPoint] { rings.first ?? [] }

    /// The holes.
    public var holes: ArraySlice<[GeoPoint]> { rings.dropFirst() }
}

/// The area of one org unit: one or more polygons (a GeoJSON Polygon or MultiPolygon).
public struct GeoShape: Hashable, Sendable {
    /// The polygons.
    public var polygons: [GeoPolygon]

    /// A shape from its polygons.
    public init(polygons: [GeoPolygon]) {
        self.polygons = polygons
    }

    /// Every ring of every polygon.
    public var rings: some Sequence<[GeoPoint]> { polygons.lazy.flatMap(\.rings) }

    /// The number of points, closing points included.
    public var pointCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }

    /// The bounding box, or `nil` for a shape without points.
    public var bounds: GeoBounds? { GeoBounds(rings.joined()) }

    /// The shape with every point projected (see ``GeoProjection``).
    public func projected(_ projection: GeoProjection) -> GeoShape {
        GeoShape(polygons: polygons.map { GeoPolygon(rings: $0.rings.map { $0.map(projection.project) }) })
    }

    /// The area in square metres: each polygon's exterior less its holes, on the plane of `projection`.
    public func area(_ projection: GeoProjection) -> Double {
        projected(projection).planarArea
    }

    /// The area in the squared units of the points themselves: each polygon's exterior less its holes.
    public var planarArea: Double {
        polygons.reduce(0) { total, polygon in
            let holes = polygon.holes.reduce(0) { $0 + abs(GeoShape.signedArea($1)) }
            return total + abs(GeoShape.signedArea(polygon.exterior)) - holes
        }
    }

    /// The signed area of a closed ring by the shoelace formula: positive when it runs anticlockwise (x east,
    /// y north). Coordinates are taken relative to the first point, so large offsets do not cost precision.
    public static func signedArea(_ ring: [GeoPoint]) -> Double {
        guard let origin = ring.first, ring.count > 2 else { return 0 }
        var twice = 0.0
        for index in 0..<(ring.count - 1) {
            let a = ring[index]
            let b = ring[index + 1]
            twice += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return twice / 2
    }
}

/// A unit's code, its name when the file gives one, and its area.
public struct GeoFeature: Hashable, Sendable {
    /// The unit's code (canonical, see TallyText's `Canonical`): the value of the reader's code key.
    public var code: String
    /// The unit's name as the file gives it, if it does; for messages and checks, never for lookups.
    public var name: String?
    /// The area.
    public var shape: GeoShape

    /// A feature from its parts.
    public init(code: String, name: String? = nil, shape: GeoShape) {
        self.code = code
        self.name = name
        self.shape = shape
    }
}
