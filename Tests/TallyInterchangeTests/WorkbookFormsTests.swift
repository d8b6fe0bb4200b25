import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyText
import Testing

/// Workbooks as other programs write them: formulas openpyxl saved without a value, `SharedStrings.xml` in another
/// case, a byte-order mark in a part, totals rows and columns (合计), a header of two rows (出生数 over 男 and 女),
/// periods typed as dates, and a workbook protected with a password.
@Suite struct WorkbookFormsTests {
    static let yaml = """
        categories:
          sex: {name: {en: Sex, zh: 性别}, options: {male: {en: Male, zh: 男}, female: {en: Female, zh: 女}}}
        elements:
          births: {name: {en: Live births, zh: 出生数}, categories: [sex]}
          visits: {name: {en: Home visits, zh: 入户随访}}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 2, elements: [births]}
          daily: {name: Daily, period: daily, level: 2, elements: [visits]}
        """
    static let units = [
        OrgUnit(code: "C", name: "云溪县", parentCode: nil),
        OrgUnit(code: "a1", name: "石桥村", parentCode: "C"),
        OrgUnit(code: "a2", name: "下溪村", parentCode: "C"),
    ]

    static func harness() throws -> Harness { try Harness(yaml: yaml, units: units) }

    static let wide = WorkbookOptions(layout: .wide, period: "202510")

    // MARK: Formulas

    @Test func aFormulaWithoutAComputedValueIsAProblemNamingTheCell() throws {
        let h = try Self.harness()
        let sheet = """
            \(TestWorkbook.row(1, ["code", "births.male", "births.female"]))
            <row r="2"><c r="A2" t="inlineStr"><is><t>a1</t></is></c><c r="B2"><v>3</v></c><c r="C2"><f>SUM(B2:B2)</f></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>a2</t></is></c><c r="B3"><f t="shared" si="0"/></c><c r="C3"><f>1+1</f><v>2</v></c></row>
            """
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", sheet)])
        let error = try h.refusal(workbook: path, options: Self.wide)
        #expect(
            error.issues.map(\.description) == [
                "\(path), sheet 出生, cell C2: holds the formula =SUM(B2:B2) without a computed value (as openpyxl and other programs that do not calculate save them); open the workbook in Excel or LibreOffice, let it calculate and save it, or type the value",
                "\(path), sheet 出生, cell B3: holds a formula without a computed value (as openpyxl and other programs that do not calculate save them); open the workbook in Excel or LibreOffice, let it calculate and save it, or type the value",
            ])
        #expect(error.issues.allSatisfy { $0.code == .formulaWithoutValue })
        // The long layout says the same.
        let long = """
            \(TestWorkbook.row(1, ["dataelement", "period", "orgunit", "categoryoptioncombo", "value"]))
            <row r="2"><c r="A2" t="inlineStr"><is><t>births</t></is></c><c r="B2"><v>202510</v></c><c r="C2" t="inlineStr"><is><t>a1</t></is></c><c r="D2" t="inlineStr"><is><t>male</t></is></c><c r="E2"><f>2*3</f></c></row>
            """
        let longPath = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", long)])
        #expect(try h.refusal(workbook: longPath).issues.map(\.column) == ["E2"])
        // A list of org units read from a sheet refuses it too, naming the cell.
        let units = """
            \(TestWorkbook.row(1, ["code", "name", "parent"]))
            <row r="2"><c r="A2" t="inlineStr"><is><t>a3</t></is></c><c r="B2"><f>CONCAT("上","村")</f></c><c r="C2" t="inlineStr"><is><t>C</t></is></c></row>
            """
        let unitsPath = try TestWorkbook.write(TestWorkbook.path(), sheets: [("村", units)])
        do {
            _ = try Workbook(path: unitsPath).textRows()
            Issue.record("a formula without a value should be refused")
        } catch {
            #expect(error.code == .formulaWithoutValue)
            #expect(
                error.message.hasPrefix(
                    "\(unitsPath), sheet 村, cell B2: the cell holds a formula without a computed value"))
        }
    }

    // MARK: Parts

    @Test func sharedStringsInAnotherCaseAndAByteOrderMarkInAPart() throws {
        let h = try Self.harness()
        let strings =
            #"<?xml version="1.0"?><sst xmlns="\#(TestWorkbook.main)" count="3" uniqueCount="3"><si><t>code</t></si><si><t>births.male</t></si><si><t>a1</t></si></sst>"#
        let sheet =
            #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>5</v></c></row>"#
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", sheet)],
            extra: [("xl/SharedStrings.xml", [0xEF, 0xBB, 0xBF] + Array(strings.utf8))],
            sheetPrefix: "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        #expect(try h.run(workbook: path, options: Self.wide).new == 1)
        #expect(try h.snapshot() == ["births.male@a1/202510=5.0 by tester at 1700000000 follow-up false: -"])
    }

    @Test func aWorkbookProtectedWithAPasswordIsNamedAsSuch() throws {
        // An encrypted workbook is an OLE compound file whose directory names the EncryptedPackage stream.
        var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        bytes += "EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0]
        bytes += "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0]
        do {
            _ = try Workbook(bytes: bytes, file: "加密.xlsx")
            Issue.record("an encrypted workbook should be refused")
        } catch {
            #expect(error.code == .encrypted)
            #expect(
                error.message
                    == "加密.xlsx: the workbook is protected with a password (encrypted), so Tally cannot read it; open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save it and import it again"
            )
        }
        let xls = [UInt8](bytes.prefix(512)) + "Workbook".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: WorkbookError.self) { try Workbook(bytes: xls, file: "old.xls") }
        do { _ = try Workbook(bytes: xls, file: "old.xls") } catch { #expect(error.message.contains("Excel 97–2003")) }
    }

    // MARK: Totals

    @Test func totalsRowsAndColumnsAreLeftOutAndSaidSo() throws {
        let h = try Self.harness()
        let sheet = [
            TestWorkbook.row(1, ["code", "name", "births.male", "births.female", "合计"]),
            TestWorkbook.row(2, ["a1", "石桥村", 3, 2, 5]),
            TestWorkbook.row(3, ["a2", "下溪村", 1, 4, 5]),
            TestWorkbook.row(4, [nil, "合 计", 4, 6, 10]),
            TestWorkbook.row(5, ["C", "全县总计", 4, 6, 10]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", sheet)])
        let summary = try h.run(workbook: path, options: Self.wide)
        #expect(summary.new == 4)
        #expect(summary.rows == 4)
        #expect(
            summary.skipped.map(\.reason) == [
                "totals rows (合计, 总计, 小计, total), which Tally adds up itself from the units' rows",
                "values of totals columns (合计, 总计, 小计, total), which Tally adds up itself",
            ])
        #expect(summary.skipped.map(\.noun) == ["row", "value"])
        #expect(summary.skipped.map { $0.shown(.zh) } == ["工作表 出生 第4行、工作表 出生 第5行", "工作表 出生 单元格 E2、工作表 出生 单元格 E3"])
        #expect(summary.skipped.first?.reasons.zh == "合计行（合计、总计、小计、total），Tally 会由各单位的行自行相加")
        #expect(
            summary.line
                == "\(path): 4 rows: 4 new, 0 changed, 0 unchanged, 0 deleted, 2 rows skipped (totals rows (合计, 总计, 小计, total), which Tally adds up itself from the units' rows: sheet 出生 row 4, sheet 出生 row 5), 2 values skipped (values of totals columns (合计, 总计, 小计, total), which Tally adds up itself: sheet 出生 cell E2, sheet 出生 cell E3)"
        )
    }

    // MARK: Two-row headers

    @Test func aTitleOverItsOptionsInTheRowBelow() throws {
        let h = try Self.harness()
        // 单位代码 merged over two rows stands in row 1; 出生数 merged over B1:C1 stands in B1.
        let sheet = [
            TestWorkbook.row(1, ["code", "出生数", nil, "合计"]),
            TestWorkbook.row(2, [nil, "男", "女", nil]),
            TestWorkbook.row(3, ["a1", 3, 2, 5]),
            TestWorkbook.row(4, ["a2", 1, 4, 5]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", sheet)])
        #expect(try h.run(workbook: path, options: Self.wide).new == 4)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=2.0 by tester at 1700000000 follow-up false: -",
                "births.female@a2/202510=4.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up false: -",
                "births.male@a2/202510=1.0 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test func aTitleOverItsOptionsWithTheUnitColumnBelow() throws {
        let h = try Self.harness()
        let sheet = [
            TestWorkbook.row(1, ["2025年10月", "出生数", nil, nil]),
            TestWorkbook.row(2, ["code", "男", "女", "小计"]),
            TestWorkbook.row(3, ["a1", 3, 2, 5]),
        ].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", sheet)])
        let summary = try h.run(workbook: path, options: Self.wide)
        #expect(summary.new == 2)
        #expect(summary.skipped.map(\.shown) == ["sheet 出生 cell D3"])
    }

    @Test func aTitleWithoutItsOptionsIsRefused() throws {
        let h = try Self.harness()
        let noRow = [TestWorkbook.row(1, ["code", "出生数"]), TestWorkbook.row(2, ["a1", 3])].joined()
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", noRow)])
        let error = try h.refusal(workbook: path, options: Self.wide)
        #expect(
            error.issues.map(\.description) == [
                "\(path), sheet 出生, cell B1: 'births' is disaggregated: one column per option combo, such as births.male, births.female, or a row of option titles under it"
            ])
        let badOption = [
            TestWorkbook.row(1, ["code", "出生数", nil]), TestWorkbook.row(2, [nil, "男", "未知"]),
            TestWorkbook.row(3, ["a1", 3, 1]),
        ].joined()
        let other = try TestWorkbook.write(TestWorkbook.path(), sheets: [("出生", badOption)])
        #expect(
            try h.refusal(workbook: other, options: Self.wide).issues.map(\.description) == [
                "\(other), sheet 出生, cell C2: '未知' under '出生数' is not an option of sex; expected one of: male (男), female (女)"
            ])
    }

    // MARK: Dates

    @Test func periodCellsFormattedAsDates() throws {
        let h = try Self.harness()
        // 45931 is 1 October 2025. Style 1 shows it as a month (yyyy-mm), style 2 as a day (m/d/yyyy, built-in 14),
        // style 3 as 2025年10月 (built-in 27 in Chinese Excel).
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\(TestWorkbook.main)">
            <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm;@"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="27"/></cellXfs>
            </styleSheet>
            """
        func row(_ n: Int, _ element: String, _ style: Int, _ serial: Int, _ combo: String, _ value: Int) -> String {
            #"<row r="\#(n)"><c r="A\#(n)" t="inlineStr"><is><t>\#(element)</t></is></c><c r="B\#(n)" s="\#(style)"><v>\#(serial)</v></c><c r="C\#(n)" t="inlineStr"><is><t>a1</t></is></c><c r="D\#(n)" t="inlineStr"><is><t>\#(combo)</t></is></c><c r="E\#(n)"><v>\#(value)</v></c></row>"#
        }
        let sheet =
            TestWorkbook.row(1, ["dataelement", "period", "orgunit", "categoryoptioncombo", "value"])
            + row(2, "births", 1, 45931, "male", 3) + row(3, "visits", 2, 45935, "", 4)
            + row(4, "births", 3, 45962, "female", 5)
        let path = try TestWorkbook.write(
            TestWorkbook.path(), sheets: [("s", sheet)], extra: [("xl/styles.xml", Array(styles.utf8))])
        #expect(try h.run(workbook: path).new == 3)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202511=5.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up false: -",
                "visits.@a1/20251005=4.0 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test(
        "what a number format shows of a date",
        arguments: [
            ("yyyy-mm-dd", DateShape.day), ("yyyy\\-mm", .month), ("mmm-yy", .month), (#"yyyy"年"m"月""#, .month),
            ("[$-804]yyyy\"年\"m\"月\"d\"日\";@", .day), ("yyyy", .year), ("m/d/yyyy h:mm", .day),
        ])
    func dateShapes(code: String, shape: DateShape) {
        #expect(DateShape.of(formatCode: code) == shape)
    }

    @Test(arguments: ["General", "0.00", "#,##0", "0.00E+00", "h:mm:ss", "[Red]0", "@"])
    func notDateFormats(code: String) {
        #expect(DateShape.of(formatCode: code) == nil)
    }
}
