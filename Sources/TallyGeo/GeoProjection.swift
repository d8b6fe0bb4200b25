internal import Foundation

/// The equirectangular projection used for measuring and drawing: metres east and north of a centre point.
///
/// `x = R·(λ − λ₀)·cos φ₀`, `y = R·(φ − φ₀)`, with λ the longitude, φ the latitude and R the mean Earth radius.
/// Distances along a parallel are exact only at the centre's latitude: at Δφ degrees north or south the east–west
/// scale is off by about `tan φ₀ · Δφ` (in radians), which for a county at 28° N (±0.3°) is 0.3 % and for a
/// province (±3°) about 3 % — invisible on a map of the county or province, which is what Tally draws. It is not
/// meant for a country or for areas crossing the antimeridian.
public struct GeoProjection: Hashable, Sendable {
    /// The mean Earth radius in metres (IUGG).
    public static let earthRadius = 6_371_008.8

    /// The centre: longitude and latitude in degrees.
    public let centre: GeoPoint
    /// Metres per degree of longitude at the centre's latitude.
    public let metresPerDegreeX: Double
    /// Metres per degree of latitude.
    public let metresPerDegreeY: Double

    /// A projection centred on `centre` (longitude, latitude in degrees).
    public init(centre: GeoPoint) {
        self.centre = centre
        metresPerDegreeY = GeoProjection.earthRadius * Double.pi / 180
        metresPerDegreeX = metresPerDegreeY * cos(centre.y * Double.pi / 180)
    }

    /// A projection centred on the middle of `bounds` (in degrees).
    public init(fitting bounds: GeoBounds) {
        self.init(centre: bounds.centre)
    }

    /// A point in metres east and north of the centre.
    public func project(_ point: GeoPoint) -> GeoPoint {
        GeoPoint(x: (point.x - centre.x) * metresPerDegreeX, y: (point.y - centre.y) * metresPerDegreeY)
    }

    /// The longitude and latitude of a point given in metres east and north of the centre.
    public func unproject(_ point: GeoPoint) -> GeoPoint {
        GeoPoint(x: centre.x + point.x / metresPerDegreeX, y: centre.y + point.y / metresPerDegreeY)
    }
}
