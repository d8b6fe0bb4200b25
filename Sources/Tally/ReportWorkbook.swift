internal import Foundation
public import TallyInterchange
public import TallyRender
internal import TallyText

/// Report rows as Excel workbooks: the sheets of `tally query`, `tally check` (`--format xlsx`) and the web's
/// downloads (the reporting grid), numbers as numbers at full precision.
public enum ReportWorkbook {
    /// A sheet named `name` of `records`.
    public static func sheet(_ name: String, _ records: (columns: [String], rows: [[JSONValue]])) -> WorkbookSheet {
        WorkbookSheet(name: name, header: records.columns, rows: records.rows.map { $0.map(value) })
    }

    /// A query's table as the analysis page downloads it: the first sheet is the table as shown (headers in its
    /// language, figures as numbers at full precision with their subject's decimals as the number format, missing
    /// figures empty); a pivot gets a second sheet with every column of the long table (ranks, numerators and
    /// denominators, comparisons).
    public static func querySheets(_ table: QueryTable) -> [WorkbookSheet] {
        func sheet(_ name: String, _ table: QueryTable) -> WorkbookSheet {
            let titled = table.titled
            return WorkbookSheet(
                name: name, header: titled.columns,
                rows: titled.rows.map { row in
                    row.map { cell in
                        if let places = cell.decimals, case .number(let v) = cell.value {
                            return .decimal(v, places: places)
                        }
                        return value(cell.value)
                    }
                })
        }
        let first = sheet(table.title, table)
        guard table.pivot != nil else { return [first] }
        let long = QueryTable(
            parts: table.parts, tree: table.tree, metadata: table.metadata, language: table.language)
        return [first, sheet(Label.sheetAllColumns.text(table.language), long)]
    }

    /// A JSON value as a workbook cell (arrays and objects as their JSON text).
    public static func value(_ json: JSONValue) -> WorkbookValue {
        switch json {
        case .null: .empty
        case .bool(let b): .bool(b)
        case .number(let v): .number(v)
        case .string(let s): .text(s)
        case .array, .object: .text(json.text)
        }
    }

    /// The bytes of a workbook of `sheets` (written to a temporary file by ``WorkbookWriter`` and read back).
    ///
    /// - Throws: ``WorkbookError`` as ``WorkbookWriter/write(_:to:)`` does.
    public static func bytes(_ sheets: [WorkbookSheet]) throws(WorkbookError) -> [UInt8] {
        let path = NSTemporaryDirectory() + "tally-workbook-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkbookWriter.write(sheets, to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkbookError(
                .unwritable, file: path,
                detail: Localized(zh: "无法读回刚写的工作簿", en: "cannot read back the workbook just written"))
        }
        return [UInt8](data)
    }
}
