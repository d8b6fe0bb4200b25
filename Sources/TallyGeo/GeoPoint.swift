/// A point of a boundary: longitude and latitude in degrees as read from a file, or east and north in metres after
/// ``GeoProjection/project(_:)-(GeoPoint)``.
public struct GeoPoint: Hashable, Sendable {
    /// Longitude in degrees (east positive), or metres east after projecting.
    public var x: Double
    /// Latitude in degrees (north positive), or metres north after projecting.
    public var y: Double

    /// A point from its coordinates.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// A point from its longitude and latitude in degrees.
    public init(longitude: Double, latitude: Double) {
        self.init(x: longitude, y: latitude)
    }

    /// Coordinates are kept to a millionth of a degree (about 0.1 m), the precision of the stored form.
    public static let unitsPerDegree = 1_000_000.0

    /// The point on the grid of millionths of a degree nearest to this one.
    ///
    /// The reader snaps every position it reads, so that every later step — simplifying, storing, reading the
    /// stored form back — works on values the stored form holds exactly, and a vertex two units share stays one
    /// vertex.
    public var snapped: GeoPoint {
        GeoPoint(x: GeoPoint.snap(x), y: GeoPoint.snap(y))
    }

    /// `value` on the grid of millionths.
    static func snap(_ value: Double) -> Double {
        Double(micro(value)) / unitsPerDegree
    }

    /// `value` in millionths of a degree, rounded half away from zero.
    static func micro(_ value: Double) -> Int64 {
        Int64((value * unitsPerDegree).rounded())
    }

    /// Whether the point comes before `other` by x, then y (the order the simplifier uses to pick a start).
    func precedes(_ other: GeoPoint) -> Bool {
        x != other.x ? x < other.x : y < other.y
    }
}
