internal import TallyText

/// Writes CSV text (RFC 4180) that `CSVReader` and spreadsheet programs read back unchanged.
public enum CSVWriter {
    /// `field` as a CSV field: quoted, with quotes doubled, if it contains a comma, a quote, CR or LF.
    public static func escape(_ field: String) -> String { Escape.csvField(field) }

    /// One CSV line ending with `"\n"`; a single empty field is written as `""` so the line is not read as empty.
    public static func line(_ fields: [String]) -> String {
        if fields.count == 1 && fields[0].isEmpty { return "\"\"\n" }
        return fields.map(escape).joined(separator: ",") + "\n"
    }
}
