/// Sizes, fonts and colours shared by every chart; the defaults print legibly in black and white on A4.
public struct ChartStyle: Hashable, Sendable {
    /// The default font stack: CJK fonts first so Chinese unit names render on Linux, Windows and Apple devices.
    public static let defaultFontFamily =
        "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"

    /// The preferred chart width in SVG user units; a chart grows wider only when its labels need the room.
    public var width: Double
    /// The body font size; titles are 1.25 times larger and row heights are derived from it.
    public var fontSize: Double
    /// The CSS font-family list written on the root element.
    public var fontFamily: String
    /// The blank space around the drawing.
    public var margin: Double
    /// The colour of text, axes and the main data (bars, this year's line).
    public var ink: String
    /// The fill of the main bars.
    public var barColor: String
    /// The colour of comparison data such as last year's line.
    public var comparisonColor: String
    /// The colour of the dashed reference line.
    public var referenceColor: String
    /// The colour of grid lines and empty tracks.
    public var gridColor: String
    /// The dash pattern (SVG `stroke-dasharray`) of reference and comparison lines.
    public var dash: String

    /// A style; every parameter has a print-friendly default.
    public init(
        width: Double = 640,
        fontSize: Double = 12,
        fontFamily: String = ChartStyle.defaultFontFamily,
        margin: Double = 8,
        ink: String = "#1a1a1a",
        barColor: String = "#4d4d4d",
        comparisonColor: String = "#808080",
        referenceColor: String = "#000000",
        gridColor: String = "#d9d9d9",
        dash: String = "6 4"
    ) {
        self.width = width
        self.fontSize = fontSize
        self.fontFamily = fontFamily
        self.margin = margin
        self.ink = ink
        self.barColor = barColor
        self.comparisonColor = comparisonColor
        self.referenceColor = referenceColor
        self.gridColor = gridColor
        self.dash = dash
    }

    /// The font size of the visible title.
    var titleFontSize: Double { fontSize * 1.25 }
    /// The distance between two title lines.
    var titleLineHeight: Double { titleFontSize * 1.3 }
}
