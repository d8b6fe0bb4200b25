/// A finished chart: standalone SVG markup that can be inlined in an HTML page or saved as a `.svg` file.
public struct SVGChart: Hashable, Sendable {
    /// The SVG markup, starting with `<svg` and ending with `</svg>`.
    public let svg: String
    /// The width in SVG user units (also written as the `width` attribute and in the `viewBox`).
    public let width: Double
    /// The height in SVG user units.
    public let height: Double
    /// The title, which is the accessible name of the image.
    public let title: String

    /// A chart from its parts.
    public init(svg: String, width: Double, height: Double, title: String) {
        self.svg = svg
        self.width = width
        self.height = height
        self.title = title
    }
}
