import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

/// The command line over the forms of issue 16: several top units refused wherever units come in, `--encoding`
/// for org-unit and target files, DXF2 XML and compressed files end to end, formulas in an org-unit sheet.
@Suite(.serialized) struct DHIS2FormsCommandTests {
    @Test func severalTopUnitsAreRefusedWhereverUnitsComeIn() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write("forest.csv", "code,name,parent\nC,云溪县,\nA,青石镇,C\nD,邻县,\nd1,邻村,D\n")
        let forestDB = s.path("forest.sqlite")
        #expect(
            s.run(["init", "--db", forestDB, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("forest.csv")])
                == 1)
        #expect(!FileManager.default.fileExists(atPath: forestDB))
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        try s.write("more.csv", "code,name,parent\nD,邻县,\nd1,邻村,D\n")
        #expect(s.run(["orgunits", "import", "--db", s.db, s.path("more.csv")]) == 1)
        let workspace = try Workspace.open(path: s.db)
        #expect(workspace.tree.roots.count == 1 && workspace.tree.count == 6)
        // Every value of the one top unit's tree is exported: nothing is left behind another top unit.
        var text = ""
        let count = try workspace.export(format: .csv, orgUnit: nil) { text += $0 }
        #expect(count == 16)
        // A DHIS2 metadata file whose units' parents are missing is refused at conversion.
        try s.write(
            "metadata.json",
            #"{"organisationUnits": [{"id": "DistrictA01", "name": "A", "parent": {"id": "Province001"}}, {"id": "DistrictB01", "name": "B", "parent": {"id": "Province001"}}]}"#
        )
        #expect(
            s.run(["metadata", "convert", s.path("metadata.json"), "--out-metadata", s.path("converted.yaml")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: s.path("converted.yaml")))
    }

    @Test func gbkOrgUnitAndTargetFiles() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write(
            "tally.yaml",
            """
            elements:
              visits: {name: Visits}
            datasets:
              daily: {name: Daily, period: daily, level: 3, due_days: 1, elements: [visits]}
            campaigns:
              month: {element: visits, start: 2025-12-01, end: 2025-12-20, level: 3, milestones: {2025-12-20: 100%}}
            """)
        let units = try #require(TextEncoding.gbk.encode("code,name,parent\nC,云溪县,\nA,青石镇,C\na1,石桥村,A\n"))
        try Data(units).write(to: URL(fileURLWithPath: s.path("gbk-units.csv")))
        #expect(
            s.run([
                "init", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("gbk-units.csv"),
                "--encoding", "gbk",
            ]) == 0)
        let more = try #require(TextEncoding.gbk.encode("code,name,parent\na2,下溪村,A\n"))
        try Data(more).write(to: URL(fileURLWithPath: s.path("more.csv")))
        #expect(s.run(["orgunits", "import", "--db", s.db, s.path("more.csv")]) == 1)
        #expect(s.run(["orgunits", "import", "--db", s.db, "--encoding", "gbk", s.path("more.csv")]) == 0)
        #expect(s.run(["orgunits", "import", "--db", s.db, "--encoding", "latin1", s.path("more.csv")]) == 2)
        #expect(try Workspace.open(path: s.db).tree.units.map(\.name) == ["云溪县", "青石镇", "石桥村", "下溪村"])
        let targets = try #require(TextEncoding.gbk.encode("orgunit,target\nC,100\n"))
        try Data(targets).write(to: URL(fileURLWithPath: s.path("目标.csv")))
        #expect(s.run(["targets", "--db", s.db, "month", "--import", s.path("目标.csv"), "--encoding", "gbk"]) == 0)
        #expect(try Workspace.open(path: s.db).store.targets(campaign: "month") == ["C": 100])
    }

    @Test func dxf2XMLAndCompressedFilesEndToEnd() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        #expect(s.run(["export", "--db", s.db, "--format", "dxf2-xml", "--out", s.path("all.xml")]) == 0)
        let fresh = s.path("fresh.sqlite")
        #expect(
            s.run(["init", "--db", fresh, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("orgunits.csv")])
                == 0)
        #expect(s.run(["import", "--db", fresh, s.path("all.xml")]) == 0)
        #expect(try Workspace.open(path: fresh).store.valueCount() == 16)
        #expect(s.run(["export", "--db", fresh, "--format", "dxf2-xml", "--out", s.path("again.xml")]) == 0)
        #expect(
            try String(contentsOfFile: s.path("again.xml"), encoding: .utf8)
                == String(contentsOfFile: s.path("all.xml"), encoding: .utf8))
        #expect(s.run(["export", "--db", s.db, "--format", "dxf2", "--out", s.path("x")]) != 0)
    }
}
