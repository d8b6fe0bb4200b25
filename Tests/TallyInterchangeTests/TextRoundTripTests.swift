import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

/// Text values (`text`, `long_text`) beside numbers: imported, exported in every format, imported again identical.
@Suite struct TextRoundTripTests {
    static let yaml = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
        elements:
          births: {name: Births, categories: [sex]}
          remark: {name: Remark, type: text}
          story: {name: Story, type: long_text}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 2, elements: [births, remark, story]}
        """
    static let units = [
        OrgUnit(code: "C", name: "云溪县", parentCode: nil),
        OrgUnit(code: "a1", name: "石桥村", parentCode: "C"),
        OrgUnit(code: "a2", name: "下溪村", parentCode: "C"),
    ]
    static let texts = [
        "核实无误，已上报", "say \"hi\", then go", "<b>&amp;</b> 'x'", "Café au lait", "👩‍👩‍👧 家庭", "a,b;c",
    ]
    static let stories = ["第一段\n第二段", "line one\n\n  indented line\nlast", "<tag>\n&\n\"quoted\""]

    /// Numbers with comments and texts, in CSV.
    static var csv: String {
        var rows = ["dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment,followup"]
        func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        for (i, month) in ["202501", "202502", "202503"].enumerated() {
            for (j, unit) in ["a1", "a2"].enumerated() {
                let n = i * 2 + j
                rows.append(
                    "births,\(month),\(unit),male,\(n + 3),张三,2025-0\(i + 2)-01T08:00:00Z,\(field("核实, \"ok\"")),false")
                rows.append("remark,\(month),\(unit),,\(field(texts[n])),li.si,2025-0\(i + 2)-02T08:00:00Z,,\(n == 1)")
                rows.append(
                    "story,\(month),\(unit),,\(field(stories[n % stories.count])),王 五,2025-0\(i + 2)-03T08:00:00Z,,false"
                )
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test(
        "numbers and texts: import → export → import into a fresh database → export identical",
        arguments: InterchangeFormat.allCases)
    func roundTrip(format: InterchangeFormat) throws {
        let first = try Harness(yaml: Self.yaml, units: Self.units)
        let summary = try first.run(Self.csv, format: .csv)
        #expect(summary.new == 18 && summary.texts == 12)
        let values = try first.values()
        #expect(values.contains { $0.datum == .text("第一段\n第二段") })
        #expect(values.contains { $0.datum == .text("👩‍👩‍👧 家庭") })
        let exported = try first.export(format)
        let second = try Harness(yaml: Self.yaml, units: Self.units)
        let again = try second.run(exported, format: format)
        #expect(again.new == 18 && again.texts == 12)
        #expect(try second.snapshot() == (try first.snapshot()))
        #expect(try second.export(format) == exported)
        #expect(try second.run(exported, format: format).unchanged == 18)
    }

    @Test func adxWritesATextAsItsAnnotation() throws {
        let h = try Harness(yaml: Self.yaml, units: Self.units)
        try h.run(
            "dataelement,period,orgunit,value\nremark,202501,a1,\"<ok> & done\"\nstory,202501,a1,\"a\nb\"\n",
            format: .csv)
        let adx = try h.export(.adx)
        #expect(adx.contains("<dataValue dataElement=\"remark\" storedBy=\"tester\" lastUpdated="))
        #expect(adx.contains("<annotation>&lt;ok&gt; &amp; done</annotation>"))
        #expect(adx.contains("<annotation>a\nb</annotation>"))
        #expect(!adx.contains("dataElement=\"remark\" value="))
        let xml = try h.export(.dxf2XML)
        #expect(xml.contains("value=\"a&#10;b\""), "a line break in an attribute survives XML's normalisation")
    }

    @Test("import → export xlsx → import keeps numbers and texts")
    func workbookRoundTrip() throws {
        let first = try Harness(yaml: Self.yaml, units: Self.units)
        try first.run(Self.csv, format: .csv)
        let path = TestWorkbook.path("texts.xlsx")
        try WorkbookWriter.write([DataValueExport.sheet(try first.values())], to: path)
        let second = try Harness(yaml: Self.yaml, units: Self.units)
        let summary = try second.run(workbook: path)
        #expect(summary.new == 18 && summary.texts == 12)
        #expect(try second.snapshot() == (try first.snapshot()))
        #expect(try second.run(workbook: path).unchanged == 18)
    }

    @Test func aWideSheetHoldsATextColumnBesideTheCounts() throws {
        let h = try Harness(yaml: Self.yaml, units: Self.units)
        let sheet = """
            \(TestWorkbook.row(1, ["code", "births.male", "remark", "story"]))
            \(TestWorkbook.row(2, ["a1", 3, "道路施工", "第一段"]))
            \(TestWorkbook.row(3, ["a2", 4, "正常", nil]))
            """
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("村", sheet)])
        let summary = try h.run(workbook: path, options: WorkbookOptions(layout: .wide, period: "202510"))
        #expect(summary.new == 5 && summary.texts == 3)
        let values = try h.values()
        #expect(values.contains { $0.element == "remark" && $0.orgUnit == "a1" && $0.datum == .text("道路施工") })
        #expect(values.contains { $0.element == "story" && $0.orgUnit == "a1" && $0.datum == .text("第一段") })
    }
}
