/// An axis-aligned bounding box, in degrees or in projected metres like the points it was made from.
public struct GeoBounds: Hashable, Sendable {
    /// The smallest x (west edge).
    public var minX: Double
    /// The smallest y (south edge).
    public var minY: Double
    /// The largest x (east edge).
    public var maxX: Double
    /// The largest y (north edge).
    public var maxY: Double

    /// A box from its edges.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box around `points`, or `nil` when there are none.
    public init?(_ points: some Sequence<GeoPoint>) {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = GeoBounds(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let point = iterator.next() { box.add(point) }
        self = box
    }

    /// The box around every box in `boxes`, or `nil` when there are none.
    public init?(union boxes: some Sequence<GeoBounds>) {
        var iterator = boxes.makeIterator()
        guard var box = iterator.next() else { return nil }
        while let other = iterator.next() { box = box.union(other) }
        self = box
    }

    /// The width (east–west extent).
    public var width: Double { maxX - minX }
    /// The height (north–south extent).
    public var height: Double { maxY - minY }
    /// The centre.
    public var centre: GeoPoint { GeoPoint(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    /// Grows the box to hold `point`.
    public mutating func add(_ point: GeoPoint) {
        minX = Swift.min(minX, point.x)
        minY = Swift.min(minY, point.y)
        maxX = Swift.max(maxX, point.x)
        maxY = Swift.max(maxY, point.y)
    }

    /// The box around this one and `other`.
    public func union(_ other: GeoBounds) -> GeoBounds {
        GeoBounds(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY), maxX: Swift.max(maxX, other.maxX),
            maxY: Swift.max(maxY, other.maxY))
    }

    /// Whether `point` lies in the box or on its edge.
    public func contains(_ point: GeoPoint) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether the two boxes share at least one point.
    public func intersects(_ other: GeoBounds) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
}
