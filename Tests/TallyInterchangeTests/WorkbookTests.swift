import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyText
import TallyTransfer
import Testing
import ZIPFoundation

@testable import TallyInterchange

/// Workbooks written by the tests themselves, part by part, with ZIPFoundation.
enum TestWorkbook {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A fresh file path in the temporary directory.
    static func path(_ name: String = "book.xlsx") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-xlsx-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// Writes a workbook with `sheets` (name and the XML inside `<sheetData>`), shared strings and extra entries.
    @discardableResult
    static func write(
        _ path: String, sheets: [(String, String)], sharedStrings: [String]? = nil,
        extra: [(String, [UInt8])] = [], sheetPrefix: String = "", declaredStrings: Int? = nil
    ) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        func add(_ name: String, _ bytes: [UInt8]) throws {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<min(Int(position) + size, bytes.count)])
            }
        }
        var types =
            #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for i in sheets.indices {
            types +=
                #"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        try add("[Content_Types].xml", Array((types + "</Types>").utf8))
        var workbook = #"<?xml version="1.0"?><workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets>"#
        var rels =
            #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (i, sheet) in sheets.enumerated() {
            workbook += #"<sheet name="\#(sheet.0)" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
            rels +=
                #"<Relationship Id="rId\#(i + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
        }
        if sharedStrings != nil {
            rels += #"<Relationship Id="rIdS" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        try add("xl/workbook.xml", Array((workbook + "</sheets></workbook>").utf8))
        try add("xl/_rels/workbook.xml.rels", Array((rels + "</Relationships>").utf8))
        for (i, sheet) in sheets.enumerated() {
            try add(
                "xl/worksheets/sheet\(i + 1).xml",
                Array(
                    #"\#(sheetPrefix)<worksheet xmlns="\#(main)"><sheetData>\#(sheet.1)</sheetData></worksheet>"#.utf8))
        }
        if let sharedStrings {
            var sst =
                #"<?xml version="1.0"?><sst xmlns="\#(main)" count="\#(sharedStrings.count)" uniqueCount="\#(declaredStrings ?? sharedStrings.count)">"#
            for s in sharedStrings { sst += "<si><t>\(s)</t></si>" }
            try add("xl/sharedStrings.xml", Array((sst + "</sst>").utf8))
        }
        for (name, bytes) in extra { try add(name, bytes) }
        return path
    }

    /// A row of inline strings and numbers: text cells for strings, numbers for `Double`s.
    static func row(_ number: Int, _ cells: [Any?]) -> String {
        var out = #"<row r="\#(number)">"#
        for (c, cell) in cells.enumerated() {
            let ref = CellReference.name(column: c, row: number)
            switch cell {
            case let s as String: out += #"<c r="\#(ref)" t="inlineStr"><is><t>\#(s)</t></is></c>"#
            case let n as Double: out += #"<c r="\#(ref)"><v>\#(n)</v></c>"#
            case let n as Int: out += #"<c r="\#(ref)"><v>\#(n)</v></c>"#
            default: break
            }
        }
        return out + "</row>"
    }
}

extension Harness {
    /// Imports a workbook.
    @discardableResult
    func run(
        workbook path: String, options: WorkbookOptions = WorkbookOptions(), mapping: IdentifierMapping? = nil
    )
        throws -> ImportSummary
    {
        let source = try WorkbookRowSource(
            path: path, options: options, context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importer(mapping).importRows(from: source, into: store, user: "tester", time: 1_700_000_000)
    }

    /// Imports a workbook and returns the refusal.
    func refusal(workbook path: String, options: WorkbookOptions = WorkbookOptions()) throws -> ImportError {
        do {
            try run(workbook: path, options: options)
        } catch let error as ImportError {
            #expect(try values().isEmpty, "a refused workbook changes nothing")
            return error
        }
        Issue.record("expected the workbook to be refused")
        throw CancellationError()
    }
}

/// The workbook error of opening `path`.
func workbookError(_ path: String, limits: WorkbookLimits = WorkbookLimits(), sheet: String? = nil) -> WorkbookError? {
    do {
        _ = try Workbook(path: path, limits: limits).sheet(sheet)
    } catch {
        return error
    }
    return nil
}

@Suite struct WorkbookImportTests {
    @Test func longSheetWithEveryKindOfCellAndGaps() throws {
        let h = try Harness.small()
        // Shared strings, inline strings, a formula's text, numbers, booleans, empty and missing cells, a gap row.
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c>\
            <c r="G1" t="inlineStr"><is><t>followup</t></is></c><c r="H1" t="inlineStr"><is><r><t>last</t></r><r><t>updated</t></r></is></c></row>
            <row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3"><v>202510</v></c><c r="C3" t="str"><f>"a"&amp;"1"</f><v>a1</v></c>\
            <c r="D3" t="s"><v>7</v></c><c r="E3"><v>12</v></c><c r="F3" t="inlineStr"><is><t>早产 2 例</t></is></c>\
            <c r="G3" t="b"><v>1</v></c><c r="H3"><v>45962.5</v></c></row>
            <row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4"><v>202510</v></c><c r="C4" t="inlineStr"><is><t>a1</t></is></c>\
            <c r="D4" t="inlineStr"><is><t>female</t></is></c><c r="E4"><v>1.0E1</v></c><c r="F4"/></row>
            <row r="7"><c t="s"><v>8</v></c><c><v>2025Q1</v></c><c t="inlineStr"><is><t>a2</t></is></c><c/><c><v>-0.25</v></c></row>
            """
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("出生", sheet)],
            sharedStrings: [
                "dataelement", "period", "orgunit", "categoryoptioncombo", "value", "comment", "births", "male",
                "weight",
            ])
        let summary = try h.run(workbook: path)
        #expect(summary.new == 3)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=10.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=12.0 by tester at 1761998400 follow-up true: 早产 2 例",
                "weight.@a2/2025Q1=-0.25 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test func errorsNameTheWorkbookSheetAndCell() throws {
        let h = try Harness.small()
        let sheet = [
            TestWorkbook.row(1, ["dataelement", "period", "orgunit", "categoryoptioncombo", "value"]),
            TestWorkbook.row(2, ["births", 202510, "a1", "male", 3]),
            TestWorkbook.row(12, ["births", 202510, "a1", "female", "abc"]),
            TestWorkbook.row(13, ["births", "2025/10", "zz", "boys", 1.5]),
            TestWorkbook.row(14, ["births", 202510, "a1", "male", 4]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path("births.xlsx"), sheets: [("出生", sheet)])
        let error = try h.refusal(workbook: path)
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("\(path), sheet 出生, cell E12: 'abc' is not a number"))
        #expect(lines[1].hasPrefix("\(path), sheet 出生, cell B13: '2025/10' is not a period"))
        #expect(lines[2].hasPrefix("\(path), sheet 出生, row 14: births.male for a1 in 202510 appears more than once"))
        #expect(error.total == 3)
        #expect(error.errorCode == "import.notNumeric")
    }

    @Test func chosenSheetAndMissingSheet() throws {
        let h = try Harness.small()
        let data = [
            TestWorkbook.row(1, ["dataelement", "period", "orgunit", "value"]),
            TestWorkbook.row(2, ["visits", 20251001, "b1", 5]),
        ].joined()
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("说明", TestWorkbook.row(1, ["read me"])), ("数据", data)])
        #expect(try h.run(workbook: path, options: WorkbookOptions(sheet: "数据")).new == 1)
        let error = workbookError(path, sheet: "Data")
        #expect(error?.code == .noSuchSheet)
        #expect(error?.message == "\(path): there is no sheet 'Data'; the sheets are: '说明', '数据'")
        // The first sheet is no data sheet: its header names no column.
        let refused = try Harness.small().refusal(workbook: path)
        #expect(refused.issues[0].code == .missingColumn)
    }

    @Test func headerProblems() throws {
        let h = try Harness.small()
        for (row, code, cell) in [
            (["dataelement", "period", "orgunit", "amount"], ImportIssue.Code.unknownColumn, "D1"),
            (["dataelement", "period", "orgunit", "period"], .unknownColumn, "D1"),
            (["dataelement", "period", "orgunit"], .missingColumn, nil),
        ] as [([String], ImportIssue.Code, String?)] {
            let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, row))])
            let error = try h.refusal(workbook: path)
            #expect(error.issues[0].code == code)
            #expect(error.issues[0].column == cell)
        }
    }

    @Test func wideSheetWithTitleRowsAndAColumnsFile() throws {
        let h = try Harness.small()
        let sheet = [
            TestWorkbook.row(1, ["2025年10月出生统计表"]),
            TestWorkbook.row(3, ["单位代码", "单位名称", "出生数（男）", "出生数（女）", "Home visits", "合计"]),
            TestWorkbook.row(4, ["a1", "石桥村", 3, 2, nil, 5]),
            TestWorkbook.row(5, ["a2", "下溪村", " ", 4, 7, 4]),  // cleared with a space: empty
            TestWorkbook.row(6, [nil, "小计", nil, nil, nil, 9]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", sheet)])
        let columns = WideColumns(
            titles: ["单位代码": "orgunit", "单位名称": "", "出生数（男）": "births.male", "出生数（女）": "births.female", "合计": ""])
        var options = WorkbookOptions(layout: .wide, period: "202510", columns: columns)
        // Home visits are daily: a monthly period is refused at the header cell of the column.
        let refused = try h.refusal(workbook: path, options: options)
        #expect(
            refused.issues.map(\.description) == [
                "\(path), sheet 出生, cell E3: '202510' is a monthly period, but 'visits' is reported daily (its dataset's period type)"
            ])
        options.columns = WideColumns(titles: columns.titles.merging(["Home visits": ""]) { a, _ in a })
        #expect(try h.run(workbook: path, options: options).new == 3)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=2.0 by tester at 1700000000 follow-up false: -",
                "births.female@a2/202510=4.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test func wideSheetWithReferencesNamesAndAPeriodColumn() throws {
        let h = try Harness.small()
        let sheet = [
            TestWorkbook.row(1, ["orgunit", "period", "births.male", "births.female", "Mean weight change"]),
            TestWorkbook.row(2, ["a1", 202510, 1, 2, nil]),
            TestWorkbook.row(3, ["b1", "2025Q4", nil, nil, 0.5]),
            TestWorkbook.row(4, ["b2", 202511, "x", nil, nil]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("wide", sheet)])
        let error = try h.refusal(workbook: path, options: WorkbookOptions(layout: .wide))
        #expect(
            error.issues.map(\.description) == [
                "\(path), sheet wide, cell C4: 'x' is not a number; expected digits such as 42 or 3.5 (no thousands separators or units)"
            ])
        let fixed = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("wide", sheet.replacingOccurrences(of: "<t>x</t>", with: "<t>6</t>"))])
        #expect(try h.run(workbook: fixed, options: WorkbookOptions(layout: .wide)).new == 4)
    }

    @Test func wideHeaderProblems() throws {
        let h = try Harness.small()
        func refusal(_ titles: [String], period: String? = "202510") throws -> ImportIssue {
            var cells: [Any?] = ["a1"]
            cells += titles.dropFirst().map { _ in 1 }
            let sheet = TestWorkbook.row(1, titles) + TestWorkbook.row(2, cells)
            let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", sheet)])
            return try h.refusal(workbook: path, options: WorkbookOptions(layout: .wide, period: period)).issues[0]
        }
        #expect(try refusal(["orgunit", "出生"]).code == .unknownColumn)
        #expect(try refusal(["orgunit", "deaths"]).code == .unknownElement)
        #expect(try refusal(["orgunit", "births"]).code == .unknownCombo)
        #expect(try refusal(["orgunit", "births.boys"]).column == "B1")
        #expect(try refusal(["orgunit", "births.male"], period: nil).code == .missingColumn)
        #expect(try refusal(["code", "births.male", "orgunit"]).code == .unknownColumn)
        // No org-unit column at all.
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, ["births.male"]))])
        #expect(
            try h.refusal(workbook: path, options: WorkbookOptions(layout: .wide, period: "202510")).issues[0].code
                == .missingColumn)
        // A period that is not one.
        #expect(throws: WorkbookError.self) {
            try h.run(workbook: path, options: WorkbookOptions(layout: .wide, period: "202510..202512"))
        }
    }

    @Test func columnsFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-cols-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let good = dir.appendingPathComponent("columns.csv")
        try "title,element\n单位代码,orgunit\n单位名称,\n出生数（男）,births.male\n".write(
            to: good, atomically: true, encoding: .utf8)
        let columns = try WideColumns.read(path: good.path)
        #expect(columns.titles == ["单位代码": "orgunit", "单位名称": "", "出生数（男）": "births.male"])
        for (text, place) in [
            ("name,element\n", "line 1"), ("title,element\na,births\na,births.male\n", "line 3"),
            ("title,element\n,births\n", "line 2"),
        ] {
            let bad = dir.appendingPathComponent("bad.csv")
            try text.write(to: bad, atomically: true, encoding: .utf8)
            #expect(throws: WorkbookError.self) { try WideColumns.read(path: bad.path) }
            do { _ = try WideColumns.read(path: bad.path) } catch {
                #expect(error.code == .layout && error.place == place)
            }
        }
    }

    @Test("import → export xlsx → import keeps every value, comment, clerk, time and mark", arguments: [false, true])
    func roundTrip(mapped: Bool) throws {
        let mapping = mapped ? try RoundTripData.mapping : nil
        let first = try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units)
        try first.run(RoundTripData.csv, format: .csv)
        let path = TestWorkbook.path("export.xlsx")
        try WorkbookWriter.write([DataValueExport.sheet(try first.values(), mapping: mapping)], to: path)
        let second = try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units)
        #expect(try second.run(workbook: path, mapping: mapping).new == 300)
        #expect(try second.snapshot() == (try first.snapshot()))
        #expect(try second.run(workbook: path, mapping: mapping).unchanged == 300)
    }
}

@Suite struct WorkbookSafetyTests {
    @Test func zipBombByCompressionRatio() throws {
        // 4 MB of zeros deflate to a few kilobytes: far beyond any spreadsheet's ratio.
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", "")],
            extra: [("xl/media/padding.bin", [UInt8](repeating: 0, count: 4 << 20))])
        let error = workbookError(path)
        #expect(error?.code == .compressionRatio)
        #expect(error?.errorCode == "xlsx.compressionRatio")
        #expect(error?.message.contains("looks like a zip bomb") == true)
    }

    @Test func totalUncompressedSize() throws {
        var limits = WorkbookLimits()
        limits.maxUncompressedBytes = 100_000
        let noise = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", "")], extra: [("xl/media/a.bin", noise)])
        #expect(workbookError(path, limits: limits)?.code == .tooLarge)
        #expect(workbookError(path) == nil)
    }

    @Test func aSheetBeyondTheLimit() throws {
        var limits = WorkbookLimits()
        let rows = (1...2000).map { TestWorkbook.row($0, ["births", 202510, "a1", "male", $0]) }.joined()
        limits.maxUncompressedBytes = 200_000
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", rows)])
        #expect(workbookError(path, limits: limits)?.code == .tooLarge)
    }

    @Test(arguments: ["../evil.xml", "/etc/passwd", "xl/../../evil.xml", "xl\\worksheets\\sheet9.xml", "C:/evil.xml"])
    func entriesThatLeaveTheArchive(name: String) throws {
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", "")], extra: [(name, Array("x".utf8))])
        let error = workbookError(path)
        #expect(error?.code == .unsafePath)
        #expect(error?.place == "entry '\(name)'")
    }

    @Test func doctypeInTheSheet() throws {
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, ["&lol;"]))],
            sheetPrefix: #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>"#)
        let error = workbookError(path)
        #expect(error?.code == .forbiddenDeclaration)
        #expect(error?.place == "xl/worksheets/sheet1.xml")
    }

    @Test func doctypeInAPartTallyDoesNotRead() throws {
        let part = Array(#"<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><Properties/>"#.utf8)
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", "")], extra: [("docProps/app.xml", part)])
        #expect(workbookError(path)?.code == .forbiddenDeclaration)
    }

    @Test func anUndeclaredEntityInACellIsRefusedWhileReading() throws {
        let h = try Harness.small()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, ["&xxe;"]))])
        let error = try h.refusal(workbook: path)
        #expect(error.issues[0].code == .forbiddenDeclaration)
    }

    @Test func sharedStringCount() throws {
        var limits = WorkbookLimits()
        limits.maxSharedStrings = 3
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", "")], sharedStrings: ["a", "b", "c", "d", "e"])
        let error = workbookError(path, limits: limits)
        #expect(error?.code == .tooManyStrings)
        #expect(error?.place == "xl/sharedStrings.xml")
        // Counted, not only declared.
        let lying = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", "")], sharedStrings: ["a", "b", "c", "d"], declaredStrings: 1)
        #expect(workbookError(lying, limits: limits)?.code == .tooManyStrings)
    }

    @Test func aSharedStringThatDoesNotExist() throws {
        let h = try Harness.small()
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", #"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#)],
            sharedStrings: ["a"])
        let error = try h.refusal(workbook: path)
        #expect(error.issues[0].code == .syntax)
        #expect(error.issues[0].description.contains("cell A1 refers to shared string 7, but the workbook has 1"))
    }

    @Test func badCellReferences() throws {
        let h = try Harness.small()
        for xml in [
            #"<row r="1"><c r="A2"><v>1</v></c></row>"#, #"<row r="0"><c><v>1</v></c></row>"#,
            #"<row r="1"><c r="1A"><v>1</v></c></row>"#,
        ] {
            let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", xml)])
            #expect(try h.refusal(workbook: path).issues[0].code == .syntax)
        }
    }

    @Test func notAWorkbook() throws {
        let path = TestWorkbook.path("data.xlsx")
        try "dataelement,period\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(workbookError(path)?.code == .unreadable)
        #expect(workbookError(path + ".missing")?.code == .unreadable)
        // A zip archive without a workbook part.
        let zip = TestWorkbook.path("other.xlsx")
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
        try archive.addEntry(
            with: "readme.txt", type: .file, uncompressedSize: Int64(2), compressionMethod: .none,
            provider: { (_: Int64, _: Int) -> Data in Data("hi".utf8) })
        #expect(workbookError(zip)?.code == .missingPart)
    }

    @Test func tooManyEntries() throws {
        var limits = WorkbookLimits()
        limits.maxEntries = 8
        let extra = (1...10).map { ("xl/media/\($0).bin", [UInt8]([1])) }
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", "")], extra: extra)
        #expect(workbookError(path, limits: limits)?.code == .tooManyEntries)
    }
}

@Suite struct WorkbookWriterTests {
    @Test func textNumbersAndBooleansReadBackExactly() throws {
        let path = TestWorkbook.path("out.xlsx")
        let texts = ["a & <b>", "_x0041_ stays", "bell\u{07}", " padded ", "两行\n文字", "\"quoted\"", " ", "\t\n"]
        let numbers = [0.1 + 0.2, 1e-05, 123_456_789_012, -2.5, 1.7976931348623157e308, 7, 8]
        try WorkbookWriter.write(
            [
                WorkbookSheet(
                    name: "a/b:c[d]*?", header: ["text", "number", "flag"],
                    rows: zip(texts, numbers + [0]).map { [.text($0), .number($1), .bool($1 > 0)] } + [
                        [.empty, .number(.nan), .text("")]
                    ])
            ], to: path)
        let workbook = try Workbook(path: path)
        #expect(workbook.sheets.map(\.name) == ["a_b_c_d___"])
        let reader = try workbook.sheet()
        #expect(try reader.next()?.texts() == ["text", "number", "flag"])
        for (text, number) in zip(texts, numbers + [0]) {
            let row = try #require(try reader.next())
            #expect(row.cells[0] == WorksheetCell(column: 0, text: text, kind: .text))
            #expect(Double(row.cells[1].text) == number && row.cells[1].kind == .number)
            #expect(row.cells[2].kind == .bool && row.cells[2].text == (number > 0 ? "true" : "false"))
        }
        #expect(try reader.next() == nil)
    }

    /// A cell holding only spaces keeps them, and so does the space between two runs of formatted text.
    @Test func spacesInCellsAndBetweenRuns() throws {
        let path = try TestWorkbook.write(
            TestWorkbook.path(),
            sheets: [
                (
                    "s",
                    #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">  </t></is></c><c r="C1" t="s"><v>1</v></c></row>"#
                )
            ],
            sharedStrings: [
                #"Health</t><r><rPr><b/></rPr><t xml:space="preserve"> </t></r><t>Centre"#, #"  "#,
            ])
        let row = try #require(try Workbook(path: path).sheet().next())
        #expect(row.texts() == ["Health Centre", "  ", "  "])
    }

    @Test func sheetNamesAreUniqueAndShort() {
        #expect(
            WorkbookWriter.uniqueNames(["data", "Data", String(repeating: "x", count: 40), ""]) == [
                "data", "Data 2", String(repeating: "x", count: 31), "Sheet4",
            ])
    }

    @Test func decimalsAreANumberFormatNotARounding() throws {
        let path = TestWorkbook.path("decimals.xlsx")
        let third = 1.0 / 3.0
        try WorkbookWriter.write(
            [
                WorkbookSheet(
                    name: "s", header: ["rate", "count", "wide"],
                    rows: [[.decimal(third, places: 2), .decimal(42, places: 0), .decimal(third, places: 99)]])
            ], to: path)
        // The cell keeps every digit; its style (2 + places, clamped to 6) shows the decimals.
        let reader = try Workbook(path: path).sheet()
        _ = try reader.next()
        let row = try #require(try reader.next())
        #expect(row.cells.map(\.text) == [NumberText.exact(third), "42", NumberText.exact(third)])
        #expect(row.cells.allSatisfy { $0.kind == .number && $0.date == nil })
        let xml = String(
            decoding: WorkbookWriter.worksheet(
                WorkbookSheet(name: "s", header: [], rows: [[.decimal(third, places: 2), .decimal(1, places: 99)]])),
            as: UTF8.self)
        #expect(xml.contains("<c r=\"A2\" s=\"4\">") && xml.contains("<c r=\"B2\" s=\"8\">"))
        #expect(WorkbookWriter.styles.contains("<numFmt numFmtId=\"166\" formatCode=\"0.00\"/>"))
        #expect(WorkbookWriter.styles.contains("<cellXfs count=\"9\">"))
    }

    @Test func tooManyRowsForASheet() {
        let sheet = WorkbookSheet(name: "s", header: ["v"], rows: Array(repeating: [.number(1)], count: 1_048_576))
        #expect(throws: WorkbookError.self) { try WorkbookWriter.write([sheet], to: TestWorkbook.path()) }
    }

    @Test func cellReferences() {
        #expect(CellReference.parse("C12")! == (2, 12))
        #expect(CellReference.parse("$AA$1")! == (26, 1))
        #expect(CellReference.parse("XFD1048576")! == (16383, 1_048_576))
        #expect(
            CellReference.parse("12") == nil && CellReference.parse("A0") == nil && CellReference.parse("ABCD1") == nil)
        #expect((0..<800).allSatisfy { CellReference.parse(CellReference.name(column: $0, row: 3))! == ($0, 3) })
        #expect(
            CellReference.letters(25) == "Z" && CellReference.letters(26) == "AA"
                && CellReference.letters(16383) == "XFD")
    }
}
