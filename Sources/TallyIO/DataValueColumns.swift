internal import TallyText

/// The columns of a data-value row, as DHIS2's CSV names them: what every row source hands the importer.
///
/// Columns (case-insensitive header): `dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo,
/// value, storedby, lastupdated, comment, followup, deleted`; element, period, org unit and value are required.
/// Without a header the columns are taken in that (DHIS2) order.
public enum DataValueColumns {
    /// The columns in DHIS2's positional order.
    public static let names = [
        "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value", "storedby",
        "lastupdated", "comment", "followup", "deleted",
    ]
    static let required = ["dataelement", "period", "orgunit", "value"]
    /// Other names DHIS2 has used for the columns in its CSV headers.
    static let aliases = [
        "catoptcombo": "categoryoptioncombo", "attroptcombo": "attributeoptioncombo", "strby": "storedby",
        "lstupd": "lastupdated", "timestamp": "lastupdated", "cmt": "comment", "flwup": "followup",
    ]

    /// The index in ``names`` of the column called `name` (lowercase) in a header, allowing DHIS2's older names.
    public static func index(named name: String) -> Int? {
        names.firstIndex(of: name) ?? aliases[name].flatMap { names.firstIndex(of: $0) }
    }

    /// Where each column is in a CSV file's records, or why the file's first row names no usable columns.
    struct Layout {
        var columns: [Int]
        var problem: ImportIssue?
    }

    /// Whether a first row is a header: at least two of its fields, and at least half of those that are not
    /// empty, name columns. A row of data stays data when a field happens to equal a column's name (a comment
    /// "comment", as in DHIS2's own headerless files); a header with a mistyped title is still a header, and is
    /// refused naming the title.
    public static func isHeader(_ fields: [String]) -> Bool {
        let names = fields.map { $0.trimmed.lowercased().replacingBOM }.filter { !$0.isEmpty }
        let known = names.filter { index(named: $0) != nil }.count
        return known >= 2 && known * 2 >= names.count
    }

    /// Finds the columns: from a header, or DHIS2's positional order when the first row is data.
    static func layout(of record: CSVRecord, file: String) -> (Layout, header: Bool) {
        guard isHeader((0..<record.count).map { record.string($0) })
        else {
            if record.count < 6 {
                return (
                    Layout(
                        columns: [],
                        problem: ImportIssue(
                            .missingColumn, file: file, line: record.line, column: nil,
                            detail: Localized(
                                zh:
                                    "第一行有\(record.count)个字段且没有表头；应有列名表头（dataelement、period、orgunit、value 等），或按 DHIS2 的列顺序至少6个字段",
                                en:
                                    "the first row has \(record.count) fields and no header; expected a header naming the columns (dataelement, period, orgunit, value, …) or DHIS2's column order with at least 6 fields"
                            ))), false
                )
            }
            return (Layout(columns: names.indices.map { $0 < record.count ? $0 : -1 }), false)
        }
        var positions = [Int](repeating: -1, count: names.count)
        // Empty names after the last column (a trailing comma) are ignored.
        var named = record.count
        while named > 0 && record.string(named - 1).trimmed.isEmpty { named -= 1 }
        for i in 0..<named {
            let name = record.string(i).trimmed.lowercased().replacingBOM
            guard let c = index(named: name) else {
                let problem = ImportIssue(
                    .unknownColumn, file: file, line: record.line, column: nil,
                    detail: Localized(
                        zh:
                            "未知的列“\(record.string(i))”（表头第\(i + 1)个字段）；应为：\(names.joined(separator: "、"))",
                        en:
                            "unknown column '\(record.string(i))' (field \(i + 1) of the header); expected: \(names.joined(separator: ", "))"
                    ))
                return (Layout(columns: [], problem: problem), true)
            }
            if positions[c] >= 0 {
                let problem = ImportIssue(
                    .unknownColumn, file: file, line: record.line, column: name,
                    detail: Localized(zh: "表头中“\(name)”列出现了两次", en: "the column '\(name)' appears twice in the header"))
                return (Layout(columns: [], problem: problem), true)
            }
            positions[c] = i
        }
        for name in required where positions[names.firstIndex(of: name)!] < 0 {
            let problem = ImportIssue(
                .missingColumn, file: file, line: record.line, column: nil,
                detail: Localized(
                    zh: "表头中没有“\(name)”列；dataelement、period、orgunit、value 这几列是必需的",
                    en:
                        "the header has no '\(name)' column; the columns dataelement, period, orgunit and value are required"
                ))
            return (Layout(columns: [], problem: problem), true)
        }
        return (Layout(columns: positions), true)
    }
}
