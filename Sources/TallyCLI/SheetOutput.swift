internal import ArgumentParser
internal import Tally
internal import TallyInterchange
internal import TallyRender

/// The output formats of `tally query` and `tally check`: the text formats, and Excel workbooks.
enum SheetOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, xlsx

    /// The text format, or `nil` for a workbook.
    var text: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

/// Writing report rows to a workbook.
enum SheetOutput {
    /// Writes a sheet of `records` (numbers as numbers, at full precision) to `path`.
    static func write(_ records: (columns: [String], rows: [[JSONValue]]), sheet: String, to path: String) throws {
        try WorkbookWriter.write([ReportWorkbook.sheet(sheet, records)], to: path)
    }

    /// Checks that `--out` is given with `--format xlsx` (a workbook is not written to the terminal).
    static func validate(format: SheetOutputFormat, out: String?) throws {
        if format == .xlsx && out == nil {
            throw usageError(
                zh: "--format xlsx 写出 Excel 工作簿：请用 --out 指定文件，如 --out result.xlsx",
                en: "--format xlsx writes a workbook: name the file with --out, e.g. --out result.xlsx")
        }
    }
}
