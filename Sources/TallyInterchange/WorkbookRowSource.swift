internal import TallyCore
public import TallyIO
internal import TallyText

/// How a sheet of data values is laid out, and which sheet.
public struct WorkbookOptions: Sendable {
    /// The two layouts of a data sheet.
    public enum Layout: String, Sendable, CaseIterable {
        /// One value per row, in the columns of the DHIS2 CSV (a header row naming them).
        case long
        /// One row per org unit, one column per element (or element and option): the sheets offices keep.
        case wide
    }

    /// The sheet's name; the first sheet when `nil`.
    public var sheet: String?
    /// The layout.
    public var layout: Layout
    /// For the wide layout: the period of every value, unless the sheet has a `period` column.
    public var period: String?
    /// For the wide layout: what the column titles mean, beyond element references and names.
    public var columns: WideColumns?
    /// Limits against hostile workbooks.
    public var limits: WorkbookLimits

    /// Options.
    public init(
        sheet: String? = nil, layout: Layout = .long, period: String? = nil, columns: WideColumns? = nil,
        limits: WorkbookLimits = WorkbookLimits()
    ) {
        self.sheet = sheet
        self.layout = layout
        self.period = period
        self.columns = columns
        self.limits = limits
    }
}

/// Rows for the importer from a sheet of an Excel workbook, in the long or the wide layout, or from a CSV file in the
/// wide layout (the same shape as a wide sheet: units down, elements across, read as one sheet).
///
/// Every problem names the workbook, the sheet and the cell (`births.xlsx, sheet 出生, cell C12: 'abc' is not a
/// number; …`). Numbers in code columns (org units such as 360121100201, periods such as 202510) are taken as
/// the whole numbers they show; a number in `lastupdated` is an Excel date and time.
public final class WorkbookRowSource: DataValueRowSource {
    public let name: String
    public let fieldNames = DataValueColumns.names
    public var fieldKind: ImportIssue.FieldKind { .cell }
    public var bytesRead: Int { reader?.bytesRead ?? csv?.bytesRead ?? 0 }
    public var fileSize: Int? { reader?.size ?? csv?.size }
    public var sheet: String? { reader?.sheet }

    /// The worksheet read, for a workbook.
    private let reader: WorksheetReader?
    /// The CSV file read as a sheet, for a wide CSV file.
    private let csv: CSVSheet?
    private let options: WorkbookOptions
    private let context: InterchangeContext
    /// Long layout: for each importer column, the sheet column (or -1).
    private var longLayout: [Int]?
    /// Wide layout: the header.
    private var wide: WideHeader?
    /// Wide layout: rows still to hand out from the current sheet row.
    private var pending: [([String?], [String], [Int], Int, ImportIssue?)] = []
    /// Wide layout: totals rows and the values of totals columns, left out, where they are.
    private var totalsRows: [Localized<String>] = []
    private var totalsValues: [Localized<String>] = []

    public var skipped: [SkippedRows] {
        var out: [SkippedRows] = []
        if !totalsRows.isEmpty {
            out.append(
                SkippedRows(
                    reason: Localized(
                        zh: "合计行（合计、总计、小计、total），Tally 会由各单位的行自行相加",
                        en: "totals rows (合计, 总计, 小计, total), which Tally adds up itself from the units' rows"),
                    places: totalsRows))
        }
        if !totalsValues.isEmpty {
            out.append(
                SkippedRows(
                    reason: Localized(
                        zh: "合计列（合计、总计、小计、total）的数值，Tally 会自行相加",
                        en: "values of totals columns (合计, 总计, 小计, total), which Tally adds up itself"),
                    places: totalsValues, noun: "value"))
        }
        return out
    }

    static let codeColumns: Set<Int> = [0, 1, 2, 3, 4, 6]

    /// Opens a sheet of a workbook.
    ///
    /// - Throws: ``WorkbookError`` when the workbook is unsafe or unreadable, the sheet does not exist, or the
    ///   wide layout's period is not a single period.
    public init(
        path: String, options: WorkbookOptions = WorkbookOptions(), context: InterchangeContext
    )
        throws(WorkbookError)
    {
        let workbook = try Workbook(path: path, limits: options.limits)
        name = workbook.file
        reader = try workbook.sheet(options.sheet)
        csv = nil
        self.options = options
        self.context = context
        try Self.checkPeriod(options, file: path)
    }

    /// Opens a CSV file in the wide layout (`options.layout` is taken as wide; the sheet is ignored), in
    /// `encoding`.
    ///
    /// - Throws: ``WorkbookError`` when the file cannot be opened, or the period is not a single period.
    public init(
        csvPath path: String, encoding: TextEncoding, options: WorkbookOptions, context: InterchangeContext
    ) throws(WorkbookError) {
        do {
            csv = CSVSheet(try CSVReader(path: path, encoding: encoding))
        } catch {
            throw WorkbookError(.unreadable, file: path, detail: error.sentence)
        }
        name = path
        reader = nil
        var options = options
        options.layout = .wide
        self.options = options
        self.context = context
        try Self.checkPeriod(options, file: path)
    }

    /// Refuses a wide layout's period that is not a single period.
    private static func checkPeriod(_ options: WorkbookOptions, file path: String) throws(WorkbookError) {
        if let period = options.period {
            guard let p = try? Period(period), p.count == 1 else {
                throw WorkbookError(
                    .layout, file: path,
                    detail: Localized(
                        zh: "--period “\(period)”不是单个期间；应为如 202510、2025Q4、2025Oct",
                        en: "--period '\(period)' is not a single period; expected e.g. 202510, 2025Q4, 2025Oct"))
            }
        }
    }

    private func issue(_ code: ImportIssue.Code, cell: String?, row: Int, _ detail: Localized<String>) -> ImportIssue {
        var issue = ImportIssue(code, file: name, line: row, column: cell, detail: detail, fieldKind: .cell)
        issue.sheet = reader?.sheet
        return issue
    }

    /// Where a row is, and a cell: `工作表 出生 第12行` / `sheet 出生 row 12` in a workbook, `第12行` / `line 12` in a
    /// CSV file.
    private func place(row: Int, cell: String? = nil) -> Localized<String> {
        switch (reader?.sheet, cell) {
        case (let sheet?, let cell?): Localized(zh: "工作表 \(sheet) 单元格 \(cell)", en: "sheet \(sheet) cell \(cell)")
        case (let sheet?, nil): Localized(zh: "工作表 \(sheet) 第\(row)行", en: "sheet \(sheet) row \(row)")
        case (nil, let cell?): Localized(zh: "第\(row)行 \(cell)", en: "line \(row) \(cell)")
        case (nil, nil): Localized(zh: "第\(row)行", en: "line \(row)")
        }
    }

    private func nextSheetRow() throws(ImportIssue) -> WorksheetRow? {
        if let csv {
            do {
                return try csv.next()
            } catch {
                throw ImportIssue(
                    error.code == .invalidUTF8 ? .encoding : .unreadable, file: name, line: error.line ?? 0,
                    column: nil,
                    detail: error.sentence)
            }
        }
        guard let reader else { return nil }
        do {
            return try reader.next()
        } catch {
            let code: ImportIssue.Code =
                switch error.code {
                case .forbiddenDeclaration: .forbiddenDeclaration
                case .syntax: .syntax
                default: .unreadable
                }
            var issue = ImportIssue(
                code, file: name, line: 0, column: nil, detail: .placed(error.places, error.details))
            issue.sheet = reader.sheet
            throw issue
        }
    }

    public func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        switch options.layout {
        case .long: return try nextLong(into: &row)
        case .wide: return try nextWide(into: &row)
        }
    }

    // MARK: Long layout

    private func nextLong(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        while let sheetRow = try nextSheetRow() {
            guard let layout = longLayout else {
                longLayout = try header(sheetRow)
                if longLayout == nil {
                    // No header: DHIS2's column order.
                    longLayout = DataValueColumns.names.indices.map { $0 }
                } else {
                    continue
                }
                return fillLong(sheetRow, layout: longLayout!, into: &row)
            }
            return fillLong(sheetRow, layout: layout, into: &row)
        }
        return false
    }

    /// The layout a header row gives, or `nil` when the row is data (at least six values and no column title).
    private func header(_ sheetRow: WorksheetRow) throws(ImportIssue) -> [Int]? {
        let titles = sheetRow.cells.map { ($0, $0.text.trimmingSpaces.lowercased()) }
        if !DataValueColumns.isHeader(sheetRow.cells.map(\.text)) {
            guard sheetRow.cells.count >= 6 else {
                throw issue(
                    .missingColumn, cell: nil, row: sheetRow.number,
                    Localized(
                        zh:
                            "第一行有\(sheetRow.cells.count)个值且没有表头；应有列名表头（dataelement、period、orgunit、value 等），或按 DHIS2 的列顺序",
                        en:
                            "the first row has \(sheetRow.cells.count) values and no header; expected a header naming the columns (dataelement, period, orgunit, value, …) or DHIS2's column order"
                    )
                )
            }
            return nil
        }
        var positions = [Int](repeating: -1, count: DataValueColumns.names.count)
        for (cell, title) in titles {
            let reference = CellReference.name(column: cell.column, row: sheetRow.number)
            guard let c = DataValueColumns.index(named: title) else {
                throw issue(
                    .unknownColumn, cell: reference, row: sheetRow.number,
                    Localized(
                        zh: "未知的列“\(cell.text)”；应为：\(DataValueColumns.names.joined(separator: "、"))",
                        en: "unknown column '\(cell.text)'; expected: \(DataValueColumns.names.joined(separator: ", "))"
                    ))
            }
            guard positions[c] < 0 else {
                throw issue(
                    .unknownColumn, cell: reference, row: sheetRow.number,
                    Localized(zh: "表头中“\(title)”列出现了两次", en: "the column '\(title)' appears twice in the header"))
            }
            positions[c] = cell.column
        }
        for name in ["dataelement", "period", "orgunit", "value"]
        where positions[DataValueColumns.index(named: name)!] < 0 {
            throw issue(
                .missingColumn, cell: nil, row: sheetRow.number,
                Localized(
                    zh: "表头中没有“\(name)”列；dataelement、period、orgunit、value 这几列是必需的",
                    en:
                        "the header has no '\(name)' column; the columns dataelement, period, orgunit and value are required"
                ))
        }
        return positions
    }

    private func fillLong(_ sheetRow: WorksheetRow, layout: [Int], into row: inout DataValueRow) -> Bool {
        var fields: [String?] = []
        var names: [String] = []
        var problem: ImportIssue?
        for (c, column) in layout.enumerated() {
            guard column >= 0 else {
                fields.append(nil)
                names.append("")
                continue
            }
            names.append(CellReference.name(column: column, row: sheetRow.number))
            guard let cell = sheetRow.cell(column) else {
                fields.append("")
                continue
            }
            if problem == nil { problem = unreadable(cell, row: sheetRow.number) }
            fields.append(Self.text(cell, column: c))
        }
        row.set(fields, line: sheetRow.number, source: name)
        row.fieldNames = names
        row.issue = problem
        return true
    }

    /// The issue for a cell Tally cannot read: a formula without a computed value. `nil` for other cells.
    private func unreadable(_ cell: WorksheetCell, row: Int) -> ImportIssue? {
        guard cell.kind == .formula else { return nil }
        let what =
            cell.text.isEmpty
            ? Localized(zh: "公式", en: "a formula") : Localized(zh: "公式 =\(cell.text)", en: "the formula =\(cell.text)")
        return issue(
            .formulaWithoutValue, cell: CellReference.name(column: cell.column, row: row), row: row,
            Localized(
                zh: "是没有计算结果的\(what.zh)（openpyxl 等不做计算的程序会这样保存）；请在 Excel 或 LibreOffice 中打开工作簿，让它计算后保存，或直接填入数值",
                en:
                    "holds \(what.en) without a computed value (as openpyxl and other programs that do not calculate save them); open the workbook in Excel or LibreOffice, let it calculate and save it, or type the value"
            )
        )
    }

    /// The text the importer gets for a cell of importer column `c`.
    static func text(_ cell: WorksheetCell, column c: Int) -> String {
        guard cell.kind == .number else { return cell.text }
        if c == 7, let serial = Double(cell.text) { return excelTime(serial) ?? cell.text }
        if c == 1, let shape = cell.date, let serial = Double(cell.text), let period = excelPeriod(serial, shape) {
            return period
        }
        return codeColumns.contains(c) ? WorkbookNumber.code(cell.text) : cell.text
    }

    /// The period a date cell shows: the day (`20251001`), the month (`202510`, for a cell formatted `yyyy-mm`)
    /// or the year, as its number format shows the date.
    static func excelPeriod(_ serial: Double, _ shape: DateShape) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let day = Day(year: 1899, month: 12, day: 30)! + Int(serial.rounded(.down))
        let period: Period =
            switch shape {
            case .day: Period.containing(day, type: .daily)
            case .month: Period.containing(day, type: .monthly)
            case .year: Period.containing(day, type: .yearly)
            }
        return period.identifier
    }

    /// An Excel date-time serial (days since 1899-12-30) as `2025-11-08T09:30:00Z`.
    static func excelTime(_ serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let seconds = Int64((serial * 86_400).rounded())
        let days = Int(seconds / 86_400)
        let rest = Int(seconds % 86_400)
        let day = Day(year: 1899, month: 12, day: 30)! + days
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    // MARK: Wide layout

    private func nextWide(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        while true {
            if !pending.isEmpty {
                let (fields, names, lines, line, problem) = pending.removeFirst()
                row.set(fields, line: line, fieldLines: lines, source: name)
                row.fieldNames = names
                row.issue = problem
                return true
            }
            guard let sheetRow = try nextSheetRow() else {
                if wide == nil {
                    throw issue(
                        .missingColumn, cell: nil, row: 0,
                        Localized(
                            zh: "没有带单位列的表头行；宽表格式需要在数据上方有一行标题，其中有“orgunit”（或“code”），或写单位名称的“单位”（或“name”）",
                            en:
                                "no header row with an org-unit column; the wide layout needs a row of titles with 'orgunit' (or 'code'), or '单位' (or 'name') for units named by name, above the data"
                        )
                    )
                }
                if let header = wide, let group = header.groups.first {
                    throw disaggregated(group, row: header.row)
                }
                return false
            }
            guard var header = wide else {
                wide = try wideHeader(sheetRow, above: titleRow)
                if wide == nil { titleRow = sheetRow }
                continue
            }
            if !header.groups.isEmpty {
                // The row under a header with disaggregated titles (出生数 over 男 and 女) names their options.
                try resolveSubtitles(sheetRow, into: &header)
                wide = header
                continue
            }
            expand(sheetRow, header)
        }
    }

    /// What a column of a wide sheet holds.
    enum WideColumn {
        case orgUnit, period, ignored
        case value(element: String, combo: String)
        /// A disaggregated element's title over the columns of its options, named in the row below.
        case group(element: String, title: String)
        /// A totals column (合计): its values are left out, and counted in the summary.
        case totals
    }

    struct WideHeader {
        var row: Int
        var columns: [Int: WideColumn]
        var orgUnit: Int
        var period: Int?
        /// Columns whose title is a disaggregated element still waiting for the row of option titles below.
        var groups: [Int] {
            columns.keys.sorted().filter { if case .group? = columns[$0] { return true } else { return false } }
        }
    }

    /// The last title row seen above the header (a sheet's title, or the row of group titles over it).
    private var titleRow: WorksheetRow?

    /// The header, when `sheetRow` has an org-unit title; `nil` for the title rows above it. A title that is not
    /// an element is read as an option of a group title in the row `above` (出生数 over 男 and 女).
    private func wideHeader(_ sheetRow: WorksheetRow, above: WorksheetRow?) throws(ImportIssue) -> WideHeader? {
        let resolved = sheetRow.cells.map { ($0, WideColumns.resolve($0.text, in: options.columns)) }
        guard
            resolved.contains(where: {
                switch $0.1 {
                case .orgUnit?, .unitName?: true
                default: false
                }
            })
        else {
            return nil
        }
        var columns: [Int: WideColumn] = [:]
        var orgUnit = -1
        // The first column of unit names is the unit column when no column holds codes.
        var names: [Int] = []
        var period: Int?
        var aboveGroups: [Int: WideColumn]?
        for (cell, target) in resolved {
            let reference = CellReference.name(column: cell.column, row: sheetRow.number)
            switch target {
            case .orgUnit?:
                guard orgUnit < 0 else {
                    throw issue(
                        .unknownColumn, cell: reference, row: sheetRow.number,
                        Localized(zh: "第二个单位列", en: "a second org-unit column"))
                }
                orgUnit = cell.column
                columns[cell.column] = .orgUnit
            case .period?:
                period = cell.column
                columns[cell.column] = .period
            case .ignored?:
                columns[cell.column] = .ignored
            case .unitName?:
                names.append(cell.column)
                columns[cell.column] = .ignored
            case .element(let reference)?:
                columns[cell.column] = try wideValueColumn(
                    reference, title: cell.text, cell: cell, row: sheetRow.number)
            case nil where Self.isTotals(cell.text):
                columns[cell.column] = .totals
            case nil:
                if let code = elementNamed(cell.text) {
                    columns[cell.column] = try wideValueColumn(
                        code, title: cell.text, cell: cell, row: sheetRow.number)
                    continue
                }
                if let above {
                    if aboveGroups == nil { aboveGroups = try groupTitles(above) }
                    if let column = try option(cell, row: sheetRow.number, groups: aboveGroups ?? [:]) {
                        columns[cell.column] = column
                        continue
                    }
                }
                let file =
                    options.columns.map {
                        Localized(zh: "、列文件 \($0.file) 中的标题", en: " or a title in the columns file \($0.file)")
                    } ?? .empty
                throw issue(
                    .unknownColumn, cell: reference, row: sheetRow.number,
                    Localized(
                        zh:
                            "“\(cell.text)”不是数据项引用（如 births 或 births.male）、数据项名称\(file.zh)、“orgunit”、“period”或“name”；请把它加到列文件（--columns）中，或改正标题",
                        en:
                            "'\(cell.text)' is not an element reference (such as births or births.male), an element's name\(file.en), 'orgunit', 'period' or 'name'; add it to a columns file (--columns) or correct the title"
                    )
                )
            }
        }
        if orgUnit < 0, let first = names.first {
            orgUnit = first
            columns[first] = .orgUnit
        }
        if period == nil && options.period == nil {
            throw issue(
                .missingColumn, cell: nil, row: sheetRow.number,
                Localized(
                    zh: "宽表格式需要期间：请给出 --period（如 202510）或“period”列",
                    en: "the wide layout needs the period: give --period (e.g. 202510) or a 'period' column"))
        }
        return WideHeader(row: sheetRow.number, columns: columns, orgUnit: orgUnit, period: period)
    }

    /// The code of the one element whose name, in any language, is `title`.
    private func elementNamed(_ title: String) -> String? {
        let byName = context.metadata.elements.filter { element in
            element.name.translations.values.contains(title.trimmingSpaces)
        }
        return byName.count == 1 ? byName[0].code : nil
    }

    /// The group titles of a row above the header: the columns whose title is a disaggregated element.
    private func groupTitles(_ row: WorksheetRow) throws(ImportIssue) -> [Int: WideColumn] {
        var groups: [Int: WideColumn] = [:]
        for cell in row.cells {
            let code: String?
            switch WideColumns.resolve(cell.text, in: options.columns) {
            case .element(let reference)?: code = reference.contains(".") ? nil : reference
            case nil: code = elementNamed(cell.text)
            default: code = nil
            }
            guard let code else { continue }
            if case .group? = try? wideValueColumn(code, title: cell.text, cell: cell, row: row.number) {
                groups[cell.column] = .group(element: context.mapping.toTally(.element, code), title: cell.text)
            }
        }
        return groups
    }

    /// The value column of an option title under a group title: the group is the title of its column, or the
    /// nearest one to its left (a title merged over several columns stands in the first). `nil` when there is no
    /// group or the title is not one of its options.
    private func option(
        _ cell: WorksheetCell, row: Int, groups: [Int: WideColumn]
    ) throws(ImportIssue) -> WideColumn? {
        guard let start = groups.keys.filter({ $0 <= cell.column }).max(),
            case .group(let code, let title)? = groups[start], let element = context.metadata.element(code)
        else { return nil }
        let text = cell.text.trimmingSpaces
        guard element.categories.count == 1, let category = context.metadata.category(element.categories[0]) else {
            throw issue(
                .unknownCombo, cell: CellReference.name(column: cell.column, row: row), row: row,
                Localized(
                    zh:
                        "“\(title)”按 \(element.categories.joined(separator: " 和 ")) 分类；它下面的标题行只能写一个分类的选项，所以请用分类组合作这些列的标题，如 \(code).\(context.metadata.combos(of: element).first?.code ?? "")，或在列文件（--columns）中映射",
                    en:
                        "'\(title)' is disaggregated by \(element.categories.joined(separator: " and ")); a title row under it can name the option of one category only, so title these columns with combos such as \(code).\(context.metadata.combos(of: element).first?.code ?? "") or map them in a columns file (--columns)"
                )
            )
        }
        let found = category.options.first { option in
            option.code.lowercased() == text.lowercased() || option.name.translations.values.contains(text)
                || context.mapping.toTally(.option, text) == option.code
        }
        guard let found else {
            // An option's Chinese name follows its code when it has one of its own.
            let options = category.options.map { option in
                option.name.text(.zh) == option.code ? option.code : "\(option.code) (\(option.name.text(.zh)))"
            }
            throw issue(
                .unknownCombo, cell: CellReference.name(column: cell.column, row: row), row: row,
                Localized(
                    zh: "“\(title)”下的“\(text)”不是 \(category.code) 的选项；应为以下之一：\(options.joined(separator: "、"))",
                    en:
                        "'\(text)' under '\(title)' is not an option of \(category.code); expected one of: \(options.joined(separator: ", "))"
                )
            )
        }
        return .value(element: code, combo: found.code)
    }

    /// Reads the row of option titles under a header's group titles into value columns.
    private func resolveSubtitles(_ sheetRow: WorksheetRow, into header: inout WideHeader) throws(ImportIssue) {
        var groups: [Int: WideColumn] = [:]
        for column in header.groups { groups[column] = header.columns[column] }
        let isTitles =
            sheetRow.cells.allSatisfy { $0.kind == .text }
            && sheetRow.cell(header.orgUnit).map { $0.text.allSatisfy(\.isWhitespace) } != false
        guard isTitles else { throw disaggregated(header.groups[0], row: header.row, header: header) }
        for cell in sheetRow.cells where !cell.text.allSatisfy(\.isWhitespace) {
            // Only cells under a group or under no title; titles of other columns keep their meaning.
            let above = header.columns[cell.column]
            if let above, case .group = above {} else if above != nil { continue }
            if Self.isTotals(cell.text) {
                header.columns[cell.column] = .totals
                continue
            }
            guard let column = try option(cell, row: sheetRow.number, groups: groups) else {
                throw issue(
                    .unknownColumn, cell: CellReference.name(column: cell.column, row: sheetRow.number),
                    row: sheetRow.number,
                    Localized(
                        zh: "“\(cell.text)”上方没有标题；标题下面一行写的是上方分类标题的选项",
                        en:
                            "'\(cell.text)' stands under no title; the row under the titles names the options of the disaggregated titles above it"
                    )
                )
            }
            header.columns[cell.column] = column
        }
        if let left = header.groups.first { throw disaggregated(left, row: header.row, header: header) }
    }

    /// The issue for a disaggregated title with no option titles under it.
    private func disaggregated(_ column: Int, row: Int, header: WideHeader? = nil) -> ImportIssue {
        let header = header ?? wide
        var code = ""
        if case .group(let element, _)? = header?.columns[column] { code = element }
        let combos = context.metadata.element(code).map { context.metadata.combos(of: $0).map(\.code) } ?? []
        let expected = combos.filter { !$0.isEmpty }.map { "\(code).\($0)" }.joined(separator: ", ")
        return issue(
            .unknownCombo, cell: CellReference.name(column: column, row: row), row: row,
            Localized(
                zh: "“\(code)”是分类的：每个分类组合一列，如 \(expected)，或在它下面加一行选项标题",
                en:
                    "'\(code)' is disaggregated: one column per option combo, such as \(expected), or a row of option titles under it"
            )
        )
    }

    private func wideValueColumn(
        _ reference: String, title: String, cell: WorksheetCell, row: Int
    ) throws(ImportIssue) -> WideColumn {
        let place = CellReference.name(column: cell.column, row: row)
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let elementID = parts[0]
        let code = context.mapping.toTally(.element, elementID)
        guard let element = context.metadata.element(code) else {
            throw issue(
                .unknownElement, cell: place, row: row,
                Localized(
                    zh:
                        "“\(title)”指的数据项“\(code)”不是数据项；应为以下之一：\(context.metadata.elements.map(\.code).joined(separator: "、"))",
                    en:
                        "'\(title)' names the element '\(code)', which is not a data element; expected one of: \(context.metadata.elements.map(\.code).joined(separator: ", "))"
                )
            )
        }
        let comboID = parts.dropFirst().joined(separator: "_")
        let combo = context.mapping.toTally(.combo, comboID)
        let combos = context.metadata.combos(of: element).map(\.code)
        if combo.isEmpty && !combos.contains("") {
            // A disaggregated element's title: its options are named in the row below.
            return .group(element: code, title: title)
        }
        guard combos.contains(combo) || combo == "default" && combos.contains("") else {
            let expected = combos.filter { !$0.isEmpty }.map { "\(code).\($0)" }.joined(separator: ", ")
            throw issue(
                .unknownCombo, cell: place, row: row,
                Localized(
                    zh: "“\(combo)”不是“\(code)”的分类组合；应为以下之一：\(expected.isEmpty ? code : expected)",
                    en:
                        "'\(combo)' is not a category option combo of '\(code)'; expected one of: \(expected.isEmpty ? code : expected)"
                )
            )
        }
        return .value(element: code, combo: combo == "default" ? "" : combo)
    }

    /// The words of a totals row (合计 and the like), without spaces, in lower case.
    static let totalsWords: Set<String> = [
        "合计", "总计", "小计", "共计", "总数", "total", "totals", "subtotal", "grand total", "sum",
    ]

    /// Whether a cell's text marks a totals row: a totals word, or a text ending in 合计, 总计 or 小计 (全县合计).
    static func isTotals(_ text: String) -> Bool {
        let compact = String(text.filter { !$0.isWhitespace && $0 != "\u{3000}" }).lowercased()
        let spaced = text.trimmingSpaces.lowercased()
        return totalsWords.contains(compact) || totalsWords.contains(spaced) || compact.hasSuffix("合计")
            || compact.hasSuffix("总计") || compact.hasSuffix("小计")
    }

    private func expand(_ sheetRow: WorksheetRow, _ header: WideHeader) {
        let unitCell = sheetRow.cell(header.orgUnit)
        // A cell cleared with a space is as empty as one never filled.
        let values = sheetRow.cells.filter {
            // A formula without a value has no text, but is no empty cell: it is reported.
            guard $0.kind == .formula || !$0.text.allSatisfy(\.isWhitespace) else { return false }
            if case .value? = header.columns[$0.column] { return true } else { return false }
        }
        let totals = sheetRow.cells.filter {
            guard !$0.text.allSatisfy(\.isWhitespace) else { return false }
            if case .totals? = header.columns[$0.column] { return true } else { return false }
        }
        guard !values.isEmpty || !totals.isEmpty else { return }
        // A totals row (合计) adds up the rows above: Tally adds the units itself, so it is left out, and said so.
        let labels = sheetRow.cells.filter { cell in
            if case .value? = header.columns[cell.column] { return false } else { return cell.kind == .text }
        }
        if labels.contains(where: { Self.isTotals($0.text) }) {
            totalsRows.append(place(row: sheetRow.number))
            return
        }
        for cell in totals {
            let place = CellReference.name(column: cell.column, row: sheetRow.number)
            totalsValues.append(self.place(row: sheetRow.number, cell: place))
        }
        let unit = unitCell.map { Self.text($0, column: 2) } ?? ""
        let unitName = CellReference.name(column: header.orgUnit, row: sheetRow.number)
        var periodText = options.period ?? ""
        var periodName = ""
        var periodLine = header.row
        var periodCell: WorksheetCell?
        if let p = header.period {
            periodCell = sheetRow.cell(p)
            periodText = periodCell.map { Self.text($0, column: 1) } ?? ""
            periodName = CellReference.name(column: p, row: sheetRow.number)
            periodLine = sheetRow.number
        }
        let rowProblem =
            unitCell.flatMap { unreadable($0, row: sheetRow.number) }
            ?? periodCell.flatMap { unreadable($0, row: sheetRow.number) }
        for cell in values {
            guard case .value(let element, let combo)? = header.columns[cell.column] else { continue }
            let headerName = CellReference.name(column: cell.column, row: header.row)
            var fields = [String?](repeating: nil, count: DataValueColumns.names.count)
            var names = [String](repeating: "", count: DataValueColumns.names.count)
            var lines = [Int](repeating: 0, count: DataValueColumns.names.count)
            fields[0] = element
            names[0] = headerName
            lines[0] = header.row
            fields[1] = periodText
            names[1] = periodName.isEmpty ? headerName : periodName
            lines[1] = periodLine
            fields[2] = unit
            names[2] = unitName
            fields[3] = combo
            names[3] = headerName
            lines[3] = header.row
            fields[5] = Self.text(cell, column: 5)
            names[5] = CellReference.name(column: cell.column, row: sheetRow.number)
            pending.append(
                (fields, names, lines, sheetRow.number, unreadable(cell, row: sheetRow.number) ?? rowProblem))
        }
    }
}

/// What the column titles of a wide sheet mean: a CSV file `title,element` whose rows map a title as it stands
/// in the header to an element reference (`births.male`), to `orgunit` or `period`, or to nothing (an empty
/// element: the column is ignored, such as a unit's name or a total).
///
/// ```csv
/// title,element
/// 单位代码,orgunit
/// 单位名称,
/// 出生数（男）,births.male
/// 出生数（女）,births.female
/// 合计,
/// ```
///
/// Without a row, a title is taken as an element reference (`births`, `births.male`, `births.male.p1` for a
/// combo of two options), then as an element's name in any language; `orgunit` (or `code`) and `period` are
/// understood in any case, and a column of unit names (`name`, `单位`, `单位名称`, `村名`, …; a row mapped to `name`)
/// is the unit column when no column holds codes (else it is ignored).
public struct WideColumns: Sendable, Equatable {
    /// The file, for messages.
    public let file: String
    /// Title → what it means (empty: ignored).
    public let titles: [String: String]

    /// A mapping of titles.
    public init(file: String = "<columns>", titles: [String: String]) {
        self.file = file
        self.titles = titles
    }

    /// Reads a `title,element` CSV file.
    ///
    /// - Throws: ``WorkbookError`` (code `layout`) naming the file and line.
    public static func read(path: String) throws(WorkbookError) -> WideColumns {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw WorkbookError(.unreadable, file: path, detail: error.sentence)
        }
        var record = CSVRecord()
        var titles: [String: String] = [:]
        var first = true
        do {
            while try reader.next(into: &record) {
                let fields = (0..<record.count).map { record.string($0).trimmingSpaces }
                if first {
                    first = false
                    let header = fields.map { $0.lowercased().filter { $0 != "\u{FEFF}" } }
                    guard header.count >= 2, header[0] == "title", header[1] == "element" else {
                        throw WorkbookError(
                            .layout, file: path, place: Localized(zh: "第\(record.line)行", en: "line \(record.line)"),
                            detail: Localized(
                                zh: "表头应为 title,element，实际为“\(fields.joined(separator: ","))”",
                                en: "expected the header title,element but found '\(fields.joined(separator: ","))'"))
                    }
                    continue
                }
                guard fields.count <= 2, let title = fields.first, !title.isEmpty else {
                    throw WorkbookError(
                        .layout, file: path, place: Localized(zh: "第\(record.line)行", en: "line \(record.line)"),
                        detail: Localized(
                            zh: "应为标题和数据项引用（留空则忽略该列）",
                            en: "expected a title and an element reference (or nothing, to ignore the column)"))
                }
                guard titles[title] == nil else {
                    throw WorkbookError(
                        .layout, file: path, place: Localized(zh: "第\(record.line)行", en: "line \(record.line)"),
                        detail: Localized(zh: "标题“\(title)”出现了两次", en: "the title '\(title)' appears twice"))
                }
                titles[title] = fields.count > 1 ? fields[1] : ""
            }
        } catch let error as WorkbookError {
            throw error
        } catch let error as CSVError {
            throw WorkbookError(.unreadable, file: path, detail: error.sentence)
        } catch {
            throw WorkbookError(.unreadable, file: path, detail: Localized(verbatim: "\(error)"))
        }
        return WideColumns(file: path, titles: titles)
    }

    /// What a header title means.
    enum Target: Equatable {
        case orgUnit, period, ignored
        /// Units named by name: the unit column when no column holds codes.
        case unitName
        case element(String)
    }

    /// The titles of a column of unit names (compared without spaces, in lower case).
    static let unitNameTitles: Set<String> = [
        "name", "unit", "单位", "单位名称", "名称", "村", "村名", "村名称", "村（居）", "村(居)", "村居", "乡镇", "镇", "地区",
    ]

    static func resolve(_ rawTitle: String, in columns: WideColumns?) -> Target? {
        let title = rawTitle.trimmingSpaces
        if let mapped = columns?.titles[title] {
            switch mapped.lowercased() {
            case "": return .ignored
            case "orgunit", "code": return .orgUnit
            case "period": return .period
            case "name": return .unitName
            default: return .element(mapped)
            }
        }
        switch title.lowercased() {
        case "orgunit", "code": return .orgUnit
        case "period": return .period
        default: break
        }
        if unitNameTitles.contains(String(title.lowercased().filter { !$0.isWhitespace })) { return .unitName }
        let parts = title.split(separator: ".", omittingEmptySubsequences: false)
        let isCode = parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
        return isCode && parts[0].first?.isLetter == true ? .element(title) : nil
    }
}

/// A CSV file read as one sheet: each record a row numbered by its line, each non-empty field a cell — a number
/// (as written) when it reads as one and is not a code with a leading zero, else text.
final class CSVSheet {
    private var reader: CSVReader
    private var record = CSVRecord()

    init(_ reader: consuming CSVReader) {
        self.reader = reader
    }

    var bytesRead: Int { reader.bytesRead }
    var size: Int? { reader.fileSize }

    func next() throws(CSVError) -> WorksheetRow? {
        guard try reader.next(into: &record) else { return nil }
        var cells: [WorksheetCell] = []
        for i in 0..<record.count {
            var text = record.string(i)
            if i == 0, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            guard !text.isEmpty else { continue }
            let leadingZero = text.count > 1 && text.hasPrefix("0") && !text.hasPrefix("0.")
            let number = !leadingZero && Double(text) != nil && text.allSatisfy { $0.isASCII && !$0.isWhitespace }
            cells.append(WorksheetCell(column: i, text: text, kind: number ? .number : .text))
        }
        return WorksheetRow(number: record.line, cells: cells)
    }
}
