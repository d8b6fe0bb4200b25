internal import Foundation
public import TallyCore
public import TallyIO
internal import TallyText
internal import ZIPFoundation

/// A value of a cell to write.
public enum WorkbookValue: Equatable, Sendable {
    /// An empty cell.
    case empty
    /// Text (an inline string).
    case text(String)
    /// A number, written at full precision (the shortest form that reads back as the same `Double`).
    case number(Double)
    /// A number at full precision, shown with `places` decimals (0 to ``WorkbookWriter/maximumPlaces``; clamped):
    /// Excel's number format `0.0…`, so the cell keeps every digit and displays it rounded.
    case decimal(Double, places: Int)
    /// `TRUE` or `FALSE`.
    case bool(Bool)
}

/// One sheet to write: a header row, then the rows.
public struct WorkbookSheet: Equatable, Sendable {
    /// The sheet's name (at most 31 characters; `[]:*?/\` are replaced).
    public var name: String
    /// The column titles, written in bold with the row frozen.
    public var header: [String]
    /// The rows.
    public var rows: [[WorkbookValue]]

    /// A sheet.
    public init(name: String, header: [String], rows: [[WorkbookValue]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

/// Writes minimal SpreadsheetML workbooks (`.xlsx`) that Excel and LibreOffice open: content types,
/// relationships, a workbook, a style sheet (bold header) and one worksheet per sheet with inline strings.
public enum WorkbookWriter {
    /// Writes `sheets` to `path`, replacing the file: the workbook is built beside it and moved into place.
    ///
    /// - Throws: ``WorkbookError`` (`tooLarge` beyond Excel's 1,048,576 rows, `unwritable`).
    public static func write(_ sheets: [WorkbookSheet], to path: String) throws(WorkbookError) {
        for sheet in sheets where sheet.rows.count + 1 > WorksheetReader.maxRows {
            throw WorkbookError(
                .tooLarge, file: path, place: Localized(zh: "工作表“\(sheet.name)”", en: "sheet \(sheet.name)"),
                detail:
                    Localized(
                        zh:
                            "一个工作表放不下\(sheet.rows.count)行（Excel 表头以下最多\(WorksheetReader.maxRows - 1)行）；请导出较少的期间或较小的单位范围，或改用 CSV",
                        en:
                            "\(sheet.rows.count) rows do not fit in a sheet (Excel holds \(WorksheetReader.maxRows - 1) below the header); export fewer periods or a smaller subtree, or use CSV"
                    )
            )
        }
        let temporary = path + ".tally-tmp"
        let manager = FileManager.default
        try? manager.removeItem(atPath: temporary)
        do {
            let archive = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
            func add(_ name: String, _ bytes: [UInt8]) throws {
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
                ) { position, size in
                    let start = Int(position)
                    return Data(bytes[start..<min(start + size, bytes.count)])
                }
            }
            let names = uniqueNames(sheets.map(\.name))
            try add("[Content_Types].xml", Array(contentTypes(sheets.count).utf8))
            try add("_rels/.rels", Array(rootRelationships.utf8))
            try add("xl/workbook.xml", Array(workbook(names).utf8))
            try add("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheets.count).utf8))
            try add("xl/styles.xml", Array(styles.utf8))
            for (i, sheet) in sheets.enumerated() {
                try add("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))
            }
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw WorkbookError(
                .unwritable, file: path,
                detail: Localized(zh: "无法写入工作簿：\(error)", en: "cannot write the workbook: \(error)"))
        }
        do {
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw WorkbookError(
                .unwritable, file: path,
                detail: Localized(zh: "无法写入工作簿：\(error)", en: "cannot write the workbook: \(error)"))
        }
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func contentTypes(_ count: Int) -> String {
        var out = declaration
        out += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        out +=
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        out += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        out +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        out +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in 1...max(count, 1) where i <= count {
            out +=
                "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return out + "</Types>"
    }

    static let rootRelationships =
        declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static func workbook(_ names: [String]) -> String {
        var out = declaration + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
        for (i, name) in names.enumerated() {
            out += "<sheet name=\"\(Escape.xmlAttribute(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return out + "</sheets></workbook>"
    }

    static func workbookRelationships(_ count: Int) -> String {
        var out = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 0..<count {
            out +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        out += "<Relationship Id=\"rId\(count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>"
        return out + "</Relationships>"
    }

    /// The most decimals a ``WorkbookValue/decimal(_:places:)`` cell is shown with.
    public static let maximumPlaces = 6

    /// The style sheet: style 0 plain, 1 bold (the header), 2 + p a number shown with p decimals (number formats
    /// 164 + p, `0`, `0.0`, `0.00`, …).
    static let styles =
        declaration
        + "<styleSheet xmlns=\"\(main)\">"
        + "<numFmts count=\"\(maximumPlaces + 1)\">"
        + (0...maximumPlaces).map { p in
            "<numFmt numFmtId=\"\(164 + p)\" formatCode=\"\(p == 0 ? "0" : "0." + String(repeating: "0", count: p))\"/>"
        }.joined()
        + "</numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"\(maximumPlaces + 3)\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + (0...maximumPlaces).map { p in
            "<xf numFmtId=\"\(164 + p)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        }.joined()
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    static func worksheet(_ sheet: WorkbookSheet) -> [UInt8] {
        var out = Array(declaration.utf8)
        out.reserveCapacity(64 * (sheet.rows.count + 1) * max(sheet.header.count, 1))
        func append(_ s: String) { out.append(contentsOf: s.utf8) }
        append("<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">")
        append(
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        )
        append("<sheetData>")
        func row(_ number: Int, _ values: [WorkbookValue], style: String) {
            append("<row r=\"\(number)\">")
            for (c, value) in values.enumerated() {
                let reference = CellReference.name(column: c, row: number)
                switch value {
                case .empty:
                    continue
                case .text(let text):
                    let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true
                    append(
                        "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t\(space ? " xml:space=\"preserve\"" : "")>\(Escape.xmlText(cellText(text)))</t></is></c>"
                    )
                case .number(let v):
                    guard v.isFinite else { continue }
                    append("<c r=\"\(reference)\"\(style)><v>\(NumberText.exact(v))</v></c>")
                case .decimal(let v, let places):
                    guard v.isFinite else { continue }
                    let s = 2 + min(max(places, 0), maximumPlaces)
                    append("<c r=\"\(reference)\" s=\"\(s)\"><v>\(NumberText.exact(v))</v></c>")
                case .bool(let b):
                    append("<c r=\"\(reference)\"\(style) t=\"b\"><v>\(b ? 1 : 0)</v></c>")
                }
            }
            append("</row>")
        }
        row(1, sheet.header.map(WorkbookValue.text), style: " s=\"1\"")
        for (i, values) in sheet.rows.enumerated() { row(i + 2, values, style: "") }
        append("</sheetData></worksheet>")
        return out
    }

    /// A cell's text with control characters and a literal `_xHHHH_` written as Excel writes them, ready for
    /// ``Escape/xmlText(_:)``.
    static func cellText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var scalars = Array(text.unicodeScalars)[...]
        while let u = scalars.first {
            scalars = scalars.dropFirst()
            switch u {
            case "_":
                // A literal _xHHHH_ would read back as an escape: escape its underscore.
                let next = scalars.prefix(6).map(Character.init)
                if next.count == 6, next[0] == "x", next[5] == "_", next[1...4].allSatisfy(\.isHexDigit) {
                    out += "_x005F_"
                } else {
                    out += "_"
                }
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Sheet names Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty, distinct.
    static func uniqueNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.enumerated().map { i, raw in
            var name = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if name.isEmpty { name = "Sheet\(i + 1)" }
            var candidate = name
            var k = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(name.prefix(31 - "\(k)".count - 1)) + " \(k)"
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}

extension DataValueExport {
    /// A value's cell: a number, or a text value as text.
    static func cell(_ datum: ExportedDatum) -> WorkbookValue {
        switch datum {
        case .number(let v): .number(v)
        case .text(let text): .text(text)
        }
    }

    /// The stored values as one sheet in the columns of the CSV export (codes mapped back to DHIS2 identifiers
    /// when `mapping` says so); values are numbers, everything else text. With `metadata`, the combo of an element
    /// whose data set has attribute categories is written as its category option combo and attribute option combo.
    public static func sheet(
        _ values: [ExportedValue], mapping: IdentifierMapping? = nil, metadata: Metadata? = nil
    ) -> WorkbookSheet {
        let mapping = mapping ?? IdentifierMapping()
        let combos = metadata.map { ComboSplitter(metadata: $0, mapping: mapping) }
        let rows: [[WorkbookValue]] = values.map { v in
            let (category, attribute) = combos?.identifiers(v) ?? (comboID(v.combo, mapping), nil)
            return [
                .text(mapping.toDHIS2(.element, v.element)), .text(v.period.identifier),
                .text(mapping.toDHIS2(.orgUnit, v.orgUnit)),
                category.map(WorkbookValue.text) ?? .empty,
                attribute.map(WorkbookValue.text) ?? .empty, Self.cell(v.datum),
                v.storedBy.map(WorkbookValue.text) ?? .empty,
                .text(Timestamp.format(v.lastUpdated)), v.comment.map(WorkbookValue.text) ?? .empty,
                .bool(v.followUp),
            ]
        }
        return WorkbookSheet(
            name: "data values",
            header: [
                "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value", "storedby",
                "lastupdated", "comment", "followup",
            ], rows: rows)
    }
}
