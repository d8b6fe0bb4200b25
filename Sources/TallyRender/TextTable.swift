/// An aligned plain-text table for the terminal.
///
/// Columns are padded by display width (see `displayWidth(_:)`), so Chinese and other wide text lines up.
/// The output is a header line, a line of `-` under each column, and one line per row; columns are separated by
/// two spaces, lines have no trailing spaces and end with `"\n"`. Line breaks and tabs inside cells become spaces.
///
/// ```
/// Town    Births
/// ------  ------
/// 青石镇      42
/// ```
public struct TextTable: Sendable {
    /// How the text of a column is placed within its width.
    public enum Alignment: Sendable {
        /// Text starts at the left edge (names, labels).
        case left
        /// Text ends at the right edge (numbers).
        case right
    }

    private var titles: [String]
    private var alignments: [Alignment]
    private var rows: [[String]] = []

    /// Creates a table with the given column titles and alignments.
    public init(columns: [(title: String, alignment: Alignment)]) {
        titles = columns.map { Self.clean($0.title) }
        alignments = columns.map(\.alignment)
    }

    /// The number of rows added so far.
    public var rowCount: Int { rows.count }

    /// Adds a row; missing cells at the end are blank. It is a programming error to pass more cells than columns.
    public mutating func addRow(_ cells: [String]) {
        precondition(
            cells.count <= titles.count, "row has \(cells.count) cells but the table has \(titles.count) columns"
        )
        var row = cells.map(Self.clean)
        row.append(contentsOf: repeatElement("", count: titles.count - row.count))
        rows.append(row)
    }

    /// The table as text, every line ending with `"\n"`; empty when the table has no columns.
    public func render() -> String {
        guard !titles.isEmpty else { return "" }
        var widths = titles.map(displayWidth)
        let rowWidths = rows.map { $0.map(displayWidth) }
        for cellWidths in rowWidths {
            for (column, width) in cellWidths.enumerated() where width > widths[column] {
                widths[column] = width
            }
        }
        var out = ""
        appendLine(titles, titles.map(displayWidth), widths, to: &out)
        appendLine(widths.map { String(repeating: "-", count: $0) }, widths, widths, to: &out)
        for (row, cellWidths) in zip(rows, rowWidths) {
            appendLine(row, cellWidths, widths, to: &out)
        }
        return out
    }

    /// Appends one padded line, without trailing spaces.
    private func appendLine(_ cells: [String], _ cellWidths: [Int], _ widths: [Int], to out: inout String) {
        var line = ""
        for (column, cell) in cells.enumerated() {
            if column > 0 { line += "  " }
            let padding = String(repeating: " ", count: widths[column] - cellWidths[column])
            switch alignments[column] {
            case .left: line += cell + padding
            case .right: line += padding + cell
            }
        }
        while line.unicodeScalars.last == " " { line.unicodeScalars.removeLast() }
        out += line
        out += "\n"
    }

    /// Replaces line breaks and tabs, which would break the layout, by spaces.
    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar)
        }
        return String(result)
    }
}
