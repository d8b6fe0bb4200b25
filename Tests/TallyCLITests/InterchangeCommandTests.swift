import Foundation
import Tally
import TallyCLI
import TallyIO
import TallyInterchange
import TallyStore
import Testing

@Suite(.serialized) struct InterchangeCommandTests {
    @Test func exportAndImportInEveryFormat() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        for (format, file) in [("csv", "out.csv"), ("dhis2-json", "out.json"), ("adx", "out.adx.xml")] {
            #expect(s.run(["export", "--db", s.db, "--format", format, "--orgunit", "A", "--out", s.path(file)]) == 0)
            let fresh = s.path("fresh-\(format).sqlite")
            #expect(
                s.run([
                    "init", "--db", fresh, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv"),
                ]) == 0)
            // The format follows from the extension.
            #expect(s.run(["import", "--db", fresh, s.path(file)]) == 0)
            let w = try Workspace.open(path: fresh)
            // The subtree of A: a1 and a2, births for two periods and population for two years.
            #expect(try w.store.valueCount() == 10)
        }
        let json = try String(contentsOfFile: s.path("out.json"), encoding: .utf8)
        #expect(json.hasPrefix("{\"dataValues\": ["))
        #expect(!json.contains("\"b1\""))
        // Only the periods asked for.
        #expect(
            s.run(["export", "--db", s.db, "--format", "adx", "--period", "2025Oct", "--out", s.path("oct.xml")]) == 0)
        let adx = try String(contentsOfFile: s.path("oct.xml"), encoding: .utf8)
        #expect(adx.contains("period=\"2025-10-01/P1M\"") && !adx.contains("2024-10-01"))
    }

    @Test func gbkCSVNeedsTheEncodingOption() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        let text = "dataelement,period,orgunit,categoryoptioncombo,value,comment\nbirths,202511,a1,male,3,石桥村核实\n"
        try Data(TextEncoding.gbk.encode(text)!).write(to: URL(fileURLWithPath: s.path("gbk.csv")))
        #expect(s.run(["import", "--db", s.db, s.path("gbk.csv")]) == 1)
        #expect(try Workspace.open(path: s.db).store.valueCount() == 0)
        #expect(s.run(["import", "--db", s.db, "--encoding", "gbk", s.path("gbk.csv")]) == 0)
        #expect(try Workspace.open(path: s.db).store.valueCount() == 1)
        #expect(s.run(["import", "--db", s.db, "--encoding", "latin1", s.path("gbk.csv")]) == 2)
    }

    @Test func mappingFileAndFormatOptions() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        try s.write(
            "ids.csv", "kind,dhis2,tally\norgunit,DiszpKrYNg8,a1\nelement,f7n9E0hX8qk,births\ncombo,Prlt0C1RF0s,male\n")
        try s.write(
            "dhis2.txt",
            #"{"period": "202512", "orgUnit": "DiszpKrYNg8", "dataValues": [{"dataElement": "f7n9E0hX8qk", "categoryOptionCombo": "Prlt0C1RF0s", "value": "7"}]}"#
        )
        #expect(s.run(["import", "--db", s.db, s.path("dhis2.txt"), "--format", "dhis2-json"]) == 1)
        #expect(
            s.run([
                "import", "--db", s.db, "--format", "dhis2-json", "--mapping", s.path("ids.csv"), s.path("dhis2.txt"),
            ])
                == 0)
        #expect(
            s.run([
                "export", "--db", s.db, "--format", "dhis2-json", "--period", "202512", "--mapping", s.path("ids.csv"),
                "--out", s.path("back.json"),
            ]) == 0)
        let back = try String(contentsOfFile: s.path("back.json"), encoding: .utf8)
        #expect(back.contains("\"DiszpKrYNg8\"") && back.contains("\"Prlt0C1RF0s\"") && back.contains("\"7\""))
        #expect(s.run(["import", "--db", s.db, s.path("unknown.dat")]) == 1)
        #expect(s.run(["export", "--db", s.db, "--format", "xlsx"]) == 2)
    }
}
