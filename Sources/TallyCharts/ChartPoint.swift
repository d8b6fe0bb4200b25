/// A point in SVG user units (y grows downwards).
public struct ChartPoint: Hashable, Sendable {
    /// The horizontal position.
    public var x: Double
    /// The vertical position.
    public var y: Double

    /// A point from its coordinates.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
