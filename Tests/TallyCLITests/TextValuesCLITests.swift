import Foundation
import TallyServerTesting
import Testing

/// `tally import` of numbers and texts (`text`, `long_text`), then `tally export` in every format and `tally import`
/// of each export into a fresh database, which exports the same file again. Runs the built `tally`, on SQLite and
/// PostgreSQL.
@Suite struct TextValuesCLITests {
    @Test(.enabled(if: ServeBrowserTests.tally != nil), arguments: TestBackend.available)
    func textsRoundTripThroughEveryFormat(_ backend: TestBackend) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-texts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var databases: [String] = []
        defer {
            try? FileManager.default.removeItem(at: dir)
            for db in databases where db.hasPrefix("postgres") { TestBackend.drop(db) }
        }
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let metadata = try write("tally.yaml", FixtureCounty.textMetadata)
        let units = try write("orgunits.csv", FixtureCounty.orgUnits)
        func database(_ name: String) throws -> String {
            let sub = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let db = backend.location(in: sub)
            databases.append(db)
            let (status, output) = try ServeBrowserTests.run([
                "init", "--db", db, "--metadata", metadata, "--orgunits", units,
            ])
            try #require(status == 0, "tally init: \(output)")
            return db
        }
        let first = try database("first")
        let data = try write(
            "data.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,value,comment
            births,202601,A1,male,3,"核实, ok"
            visits,202601,A1,,7,
            remark,202601,A1,,"道路施工，部分住户外出务工",
            story,202601,A1,,"本月入户走访 7 户。\r\n两户外出，<下月> 补访 & 核实。",
            remark,202601,B1,,"say \"\"hi\"\"",

            """)
        let (imported, summary) = try ServeBrowserTests.run(["import", data, "--db", first])
        #expect(imported == 0, "\(summary)")
        #expect(
            summary.contains("5 rows: 5 new, 0 changed, 0 unchanged, 0 deleted, 3 of them text values"), "\(summary)")
        for format in ["csv", "dhis2-json", "dxf2-xml", "adx", "xlsx"] {
            let out = dir.appendingPathComponent("first.\(format)").path
            let (exported, exportOutput) = try ServeBrowserTests.run([
                "export", "--db", first, "--format", format, "--out", out,
            ])
            try #require(exported == 0, "tally export --format \(format): \(exportOutput)")
            let fresh = try database("fresh-\(format)")
            let (again, againOutput) = try ServeBrowserTests.run(["import", out, "--format", format, "--db", fresh])
            #expect(again == 0, "\(format): \(againOutput)")
            #expect(againOutput.contains("5 new"), "\(format): \(againOutput)")
            let back = dir.appendingPathComponent("back.\(format)").path
            let (reexported, _) = try ServeBrowserTests.run([
                "export", "--db", fresh, "--format", format, "--out", back,
            ])
            #expect(reexported == 0)
            if format != "xlsx" && format != "adx" {  // xlsx and ADX carry the time of the export
                #expect(
                    try String(contentsOfFile: back, encoding: .utf8) == String(contentsOfFile: out, encoding: .utf8),
                    "\(format)")
            }
        }
        let csv = try String(contentsOfFile: dir.appendingPathComponent("first.csv").path, encoding: .utf8)
        #expect(csv.contains("\"本月入户走访 7 户。\n两户外出，<下月> 补访 & 核实。\""))
    }
}
