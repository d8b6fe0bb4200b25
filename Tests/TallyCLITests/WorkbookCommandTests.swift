import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

@Suite(.serialized) struct WorkbookCommandTests {
    @Test func exportAndImportAWorkbook() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        // A workbook is not written to the terminal.
        #expect(s.run(["export", "--db", s.db, "--format", "xlsx"]) == 2)
        #expect(s.run(["export", "--db", s.db, "--format", "xlsx", "--orgunit", "A", "--out", s.path("a.xlsx")]) == 0)
        let fresh = s.path("fresh.sqlite")
        #expect(
            s.run(["init", "--db", fresh, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv")])
                == 0)
        #expect(s.run(["import", "--db", fresh, "--dry-run", s.path("a.xlsx")]) == 0)
        #expect(try Workspace.open(path: fresh).store.valueCount() == 0)
        #expect(s.run(["import", "--db", fresh, s.path("a.xlsx")]) == 0)
        #expect(try Workspace.open(path: fresh).store.valueCount() == 10)
        // A sheet that does not exist, and a file that is no workbook.
        #expect(s.run(["import", "--db", fresh, "--sheet", "nope", s.path("a.xlsx")]) == 1)
        #expect(s.run(["import", "--db", fresh, "--format", "xlsx", s.path("data.csv")]) == 1)
        #expect(s.run(["import", "--db", fresh, "--layout", "tall", s.path("a.xlsx")]) == 2)
    }

    @Test func wideSheetOnTheCommandLine() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        try WorkbookWriter.write(
            [
                WorkbookSheet(
                    name: "出生", header: ["单位代码", "单位名称", "男", "女"],
                    rows: [[.number(1), .text("石桥村"), .number(3), .number(2)]])
            ], to: s.path("wide.xlsx"))
        try s.write("columns.csv", "title,element\n单位代码,orgunit\n单位名称,\n男,births.male\n女,births.female\n")
        try s.write("units.csv", "code,name,parent\n1,新村,A\n")
        #expect(s.run(["orgunits", "import", "--db", s.db, s.path("units.csv")]) == 0)
        #expect(
            s.run([
                "import", "--db", s.db, "--layout", "wide", "--period", "202512", "--columns", s.path("columns.csv"),
                s.path("wide.xlsx"),
            ]) == 0)
        #expect(try Workspace.open(path: s.db).store.valueCount() == 2)
    }

    @Test func orgUnitsFromAWorkbook() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        try WorkbookWriter.write(
            [
                WorkbookSheet(name: "说明", header: ["read me"], rows: []),
                WorkbookSheet(
                    name: "村居", header: ["code", "name", "parent", "name_en"],
                    rows: [[.number(360121100201), .text("石桥村"), .text("A"), .text("Shiqiao")]]),
            ], to: s.path("units.xlsx"))
        #expect(s.run(["orgunits", "import", "--db", s.db, s.path("units.xlsx")]) == 1)
        #expect(s.run(["orgunits", "import", "--db", s.db, "--sheet", "村居", s.path("units.xlsx")]) == 0)
        let tree = try Workspace.open(path: s.db).tree
        let unit = try tree.units[tree.unit("360121100201")]
        #expect(unit.name == "石桥村" && unit.translations["en"] == "Shiqiao" && unit.parentCode == "A")
    }

    @Test func queryAndCheckAsWorkbooks() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        #expect(s.run(["query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--format", "xlsx"]) == 2)
        #expect(
            s.run([
                "query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--children", "--format", "xlsx",
                "--out",
                s.path("q.xlsx"),
            ]) == 0)
        let reader = try Workbook(path: s.path("q.xlsx")).sheet()
        #expect(
            try reader.next()?.texts() == [
                "orgunit", "name", "level", "period", "value", "numerator", "denominator", "rank",
            ])
        let first = try #require(try reader.next())
        #expect(first.texts()[0] == "A")
        // Numbers as numbers, at full precision: 5 male ÷ 5 female × 100 for A.
        #expect(first.cells[4] == WorksheetCell(column: 4, text: "100", kind: .number))
        #expect(
            s.run([
                "check", "--db", s.db, "--period", "202510", "--as-of", "2026-01-01", "--format", "xlsx", "--out",
                s.path("c.xlsx"),
            ]) == 0)
        let findings = try Workbook(path: s.path("c.xlsx")).sheet()
        #expect(try findings.next()?.texts().first == "check")
        // The text formats can go to a file too.
        #expect(
            s.run([
                "query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--format", "csv", "--out",
                s.path("q.csv"),
            ])
                == 0)
        #expect(try String(contentsOfFile: s.path("q.csv"), encoding: .utf8).hasPrefix("orgunit,name,level"))
    }

    /// A pivot of two indicators over two periods as a workbook: the CSV's columns, every value a number at full
    /// precision, cell for cell exactly as `--format csv` and as `--format json`.
    @Test func aPivotAsAWorkbookHoldsTheJSONsFigures() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        let query = [
            "query", "--db", s.db, "--indicator", "cbr", "--indicator", "srb", "--period", "202510", "--period",
            "202410", "--children", "--rows", "unit", "--columns", "subject",
        ]
        #expect(s.run(query + ["--format", "xlsx", "--out", s.path("p.xlsx")]) == 0)
        #expect(s.run(query + ["--format", "json", "--out", s.path("p.json")]) == 0)
        #expect(s.run(query + ["--format", "csv", "--out", s.path("p.csv")]) == 0)
        let csv = try String(contentsOfFile: s.path("p.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map(String.init)
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("p.json"))))
                as? [[String: Any]])
        let reader = try Workbook(path: s.path("p.xlsx")).sheet()
        #expect(try reader.next()?.texts() == ["orgunit", "name", "level", "period", "cbr", "srb"])
        var count = 0
        while let row = try reader.next() {
            let object = json[count]
            let values = try #require(object["values"] as? [String: Double])
            #expect(row.texts()[0] == object["orgunit"] as? String)
            #expect(row.texts()[3] == object["period"] as? String)
            // Foundation's JSON reader may miss the last bit; the workbook's text is the exact number.
            for (column, code) in [(4, "cbr"), (5, "srb")] {
                let cell = try #require(Double(row.cells[column].text))
                let figure = try #require(values[code])
                #expect(row.cells[column].kind == .number && abs(cell - figure) <= 1e-12 * abs(figure))
                #expect(cell == Double(csv[count][column]))
            }
            count += 1
        }
        #expect(count == 2 * 2)
    }

    @Test func metadataConvert() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write(
            "dhis2.json",
            #"""
            {"organisationUnits": [{"id": "ImspTQPwCqd", "name": "Sierra Leone"}, {"id": "O6uvpzGd5pu", "name": "Bo", "parent": {"id": "ImspTQPwCqd"}}],
             "dataElements": [{"id": "BirthsUID01", "code": "BIRTHS", "name": "Live births", "valueType": "INTEGER", "aggregationType": "SUM"},
               {"id": "NoteUID0001", "name": "Remarks", "valueType": "TEXT"}],
             "dataSets": [{"id": "DataSetUID1", "name": "Monthly", "periodType": "Monthly", "dataSetElements": [{"dataElement": {"id": "BirthsUID01"}}], "organisationUnits": [{"id": "O6uvpzGd5pu"}]}]}
            """#)
        #expect(
            s.run([
                "metadata", "convert", s.path("dhis2.json"), "--out-metadata", s.path("m.yaml"), "--out-orgunits",
                s.path("o.csv"), "--mapping-out", s.path("ids.csv"),
            ]) == 0)
        let db = s.path("dhis2.sqlite")
        #expect(s.run(["init", "--db", db, "--metadata", s.path("m.yaml"), "--orgunits", s.path("o.csv")]) == 0)
        try s.write(
            "values.json",
            #"{"dataSet": "DataSetUID1", "period": "202510", "orgUnit": "O6uvpzGd5pu", "dataValues": [{"dataElement": "BirthsUID01", "value": "12"}]}"#
        )
        #expect(s.run(["import", "--db", db, "--mapping", s.path("ids.csv"), s.path("values.json")]) == 0)
        #expect(try Workspace.open(path: db).store.valueCount() == 1)
        try s.write("bad.json", "[1]")
        #expect(s.run(["metadata", "convert", s.path("bad.json"), "--out-metadata", s.path("x.yaml")]) == 1)
    }
}
