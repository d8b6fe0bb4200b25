import Foundation
import Tally
import TallyCLI
import TallyCore
import TallyEngine
import TallyIO
import TallyStore
import TallyText
import Testing

/// A temporary folder with a small county's files.
struct Scratch {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(
            "tally.yaml",
            """
            categories:
              sex: {name: {en: Sex, zh: 性别}, options: {male: {en: Male, zh: 男}, female: {en: Female, zh: 女}}}
            elements:
              births: {name: {en: Live births, zh: 出生数}, categories: [sex]}
              population: {name: {en: Population, zh: 人口数}, aggregation: average_sum_org_unit}
            indicators:
              srb: {name: {en: Sex ratio at birth, zh: 出生性别比}, numerator: "#{births.male}", denominator: "#{births.female}", factor: 100, decimals: 1}
              cbr: {name: Crude birth rate, numerator: "#{births}", denominator: "#{population}", factor: 1000, decimals: 2, unit: "‰", annualized: true}
            datasets:
              monthly: {name: Monthly, period: monthly, level: 3, due_days: 10, elements: [births]}
              yearly: {name: Yearly, period: yearly, level: 3, due_days: 31, elements: [population]}
            """)
        try write("orgunits.csv", "code,name,parent\nC,云溪县,\nA,青石镇,C\na1,石桥村,A\na2,下溪村,A\nB,白沙乡,C\nb1,沙头村,B\n")
        try write(
            "data.csv",
            """
            dataelement,period,orgunit,categoryoptioncombo,value
            births,202510,a1,male,3
            births,202510,a1,female,1
            births,202510,a2,male,2
            births,202510,a2,female,4
            births,202510,b1,male,5
            births,202510,b1,female,5
            births,202410,a1,male,2
            births,202410,a1,female,2
            births,202410,b1,male,4
            births,202410,b1,female,6
            population,2025,a1,,1000
            population,2025,a2,,2000
            population,2025,b1,,3100
            population,2024,a1,,1000
            population,2024,a2,,2000
            population,2024,b1,,3000

            """)
    }

    var db: String { path("tally.sqlite") }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }
    func run(_ args: [String]) -> Int32 { TallyCommand.runMain(args) }
    /// `tally init` of the folder's `tally.yaml` and `orgunits.csv` into `database` (default: the SQLite file).
    func initialize(_ database: String? = nil) -> Int32 {
        run(["init", "--db", database ?? db, "--metadata", path("tally.yaml"), "--orgunits", path("orgunits.csv")])
    }
}

@Suite(.serialized) struct CLITests {
    @Test func initImportQuery() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        #expect(
            s.run([
                "query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--children", "--compare",
                "last-year", "--format", "json",
            ]) == 0)
        let w = try Workspace.open(path: s.db)
        let rows = try w.engine.run(
            Query(
                subject: .indicator("srb"), period: try Period("202510"), orgUnit: try w.unit(nil), scope: .children,
                comparison: .lastYear))
        // Town A: males 3+2 = 5, females 1+4 = 5 → 100; town B: 5/5 → 100; both rank 1.
        #expect(rows.map(\.figure.value) == [100, 100])
        #expect(rows.map(\.rank) == [1, 1])
        // Last year: A 2/2 = 100, B 4/6 = 66.67 → B's change = 33.33 points.
        #expect(abs(rows[1].comparison!.change! - (100 - 400.0 / 6)) < 1e-12)
        // County CBR in 202510: 20 births, population 6100, × 1000 × 365/31.
        let cbr = try w.engine.run(
            Query(subject: .indicator("cbr"), period: try Period("202510"), orgUnit: try w.unit(nil)))
        #expect(abs(cbr[0].figure.value! - 20.0 / 6100 * 1000 * 365 / 31) < 1e-12)
    }

    /// `--indicator cbr --indicator srb` with two periods prints both indicators for both periods, each figure worked
    /// out by hand; `--rows unit --columns subject` lays them out as a pivot; a single subject and period print as
    /// before.
    @Test func severalIndicatorsAndPeriodsInOneTable() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        let query = ["query", "--db", s.db, "--indicator", "cbr", "--indicator", "srb", "--children"]
        let periods = ["--period", "202510", "--period", "202410"]
        func lines(_ name: String) throws -> [[String]] {
            try String(contentsOfFile: s.path(name), encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        }
        #expect(s.run(query + periods + ["--format", "csv", "--out", s.path("long.csv")]) == 0)
        let long = try lines("long.csv")
        #expect(long.first?.prefix(7) == ["subject", "subject_name", "orgunit", "name", "level", "period", "value"])
        #expect(long.count == 1 + 2 * 2 * 2)
        #expect(
            long.dropFirst().map { $0[0] + " " + $0[2] + " " + $0[5] } == [
                "cbr A 202510", "cbr B 202510", "cbr A 202410", "cbr B 202410",
                "srb A 202510", "srb B 202510", "srb A 202410", "srb B 202410",
            ])
        // Births ÷ population × 1,000 × 365 ÷ 31: A 10 ÷ 3,000 and 4 ÷ 3,000; B 10 ÷ 3,100 and 10 ÷ 3,000.
        let perPerson: [Double] = [10.0 / 3000, 10.0 / 3100, 4.0 / 3000, 10.0 / 3000]
        let cbr = perPerson.map { (share: Double) -> Double in share * 1000 * 365 / 31 }
        for (row, expected) in zip(long[1...4], cbr) { #expect(abs(Double(row[6])! - expected) < 1e-9) }
        // Boys ÷ girls × 100: A 5 ÷ 5 and 2 ÷ 2; B 5 ÷ 5 and 4 ÷ 6.
        #expect(long[5...8].map { Double($0[6])! } == [100, 100, 100, 4.0 / 6 * 100])

        #expect(s.run(query + periods + ["--rows", "unit", "--columns", "subject", "--out", s.path("pivot.txt")]) == 0)
        let pivot = try String(contentsOfFile: s.path("pivot.txt"), encoding: .utf8)
        // A row per unit × period, a column per indicator, rounded to its decimals (39.25 ‰, 66.7).
        #expect(pivot.split(separator: "\n").count == 2 + 4)
        #expect(pivot.contains("Crude birth rate ‰") && pivot.contains("Sex ratio at birth"))
        #expect(pivot.contains("39.25") && pivot.contains("66.7"))
        #expect(s.run(query + periods + ["--columns", "period", "--format", "json", "--out", s.path("p.json")]) == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("p.json"))))
                as? [[String: Any]])
        #expect(json.map { "\($0["subject"]!) \($0["orgunit"]!)" } == ["cbr A", "cbr B", "srb A", "srb B"])
        #expect((json[3]["values"] as? [String: Double])?["202410"] == 4.0 / 6 * 100)

        // One indicator over one period prints as it always has.
        #expect(
            s.run([
                "query", "--db", s.db, "--indicator", "srb", "--period", "202510", "--children", "--format", "csv",
                "--out", s.path("one.csv"),
            ]) == 0)
        #expect(
            try lines("one.csv").first == [
                "orgunit", "name", "level", "period", "value", "numerator", "denominator", "rank",
            ])
        // --rows needs --columns, on another axis.
        #expect(s.run(query + periods + ["--rows", "unit"]) == 2)
        #expect(s.run(query + periods + ["--rows", "unit", "--columns", "unit"]) == 2)
    }

    @Test func exitCodes() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        // Usage errors: 2.
        #expect(s.run(["query", "--db", s.db]) == 2)
        #expect(s.run(["query", "--db", s.db, "--period", "202510"]) == 2)
        #expect(s.run(["no-such-command"]) == 2)
        // No database: 1.
        #expect(s.run(["query", "--db", s.db, "--element", "births", "--period", "202510"]) == 1)
        #expect(s.initialize() == 0)
        // Refuses to overwrite without --force.
        #expect(s.initialize() == 1)
        #expect(
            s.run([
                "init", "--force", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits",
                s.path("orgunits.csv"),
            ]) == 0)
        // Bad data: 1, and nothing imported.
        try s.write(
            "bad.csv",
            "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,a1,male,3\nbirths,202513,a1,male,3\n")
        #expect(s.run(["import", "--db", s.db, s.path("bad.csv")]) == 1)
        #expect(try Workspace.open(path: s.db).store.valueCount() == 0)
        // Bad period in a query: 1.
        #expect(s.run(["query", "--db", s.db, "--element", "births", "--period", "2025-13"]) == 1)
        #expect(s.run(["query", "--db", s.db, "--element", "births.boys", "--period", "202510"]) == 2)
        #expect(s.run(["--help"]) == 0)
    }

    @Test func initRefusesBadFilesAndLeavesNoDatabase() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write("cycle.csv", "code,name,parent\nA,甲,B\nB,乙,A\n")
        #expect(
            s.run(["init", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("cycle.csv")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: s.db))
        try s.write("dup.csv", "code,name,parent\nA,甲,\nA,乙,\n")
        #expect(
            s.run(["init", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("dup.csv")]) == 1)
        try s.write("orphan.csv", "code,name,parent\nA,甲,\nB,乙,Z\n")
        #expect(
            s.run(["init", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("orphan.csv")]) == 1)
        try s.write("empty.csv", "code,name,parent\n,甲,\n")
        #expect(
            s.run(["init", "--db", s.db, "--metadata", s.path("tally.yaml"), "--orgunits", s.path("empty.csv")]) == 1)
        #expect(!FileManager.default.fileExists(atPath: s.db))
    }

    @Test func orgUnitErrorsNameTheLine() throws {
        #expect {
            _ = try TallyIOHelpers.readUnits("code,name,parent\nA,甲,\nB,乙,A\nC,丙,Q\n")
        } throws: { error in
            (error as? OrgUnitError)?.message
                == "units.csv, line 4: the parent 'Q' of 'C' (丙) is not in the list; expected the code of another unit or an empty parent for the top unit"
        }
        #expect {
            _ = try TallyIOHelpers.readUnits("code,name,parent\nA,甲,C\nB,乙,A\nC,丙,B\n")
        } throws: { error in
            (error as? OrgUnitError)?.code == .cycle
                && (error as? OrgUnitError)?.message.contains("cycle: A → C → B → A") == true
        }
        #expect {
            _ = try TallyIOHelpers.readUnits("code,name,parent\nA,甲,\nA,乙,\n")
        } throws: { error in
            (error as? OrgUnitError)?.message
                == "units.csv, line 3: the code 'A' is used twice (first at units.csv, line 2); codes must be unique"
        }
    }

    @Test func orgUnitsAndMetadataUpdates() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        try s.write("more.csv", "code,name,parent\nb2,新村,B\na2,下溪村（改）,A\n")
        #expect(s.run(["orgunits", "import", "--db", s.db, s.path("more.csv")]) == 0)
        let w = try Workspace.open(path: s.db)
        #expect(w.tree.count == 7)
        #expect(w.tree.units[try w.unit("a2")].name == "下溪村（改）")
        // Metadata that drops a used element is refused and the old metadata stays.
        try s.write("less.yaml", "elements:\n  population: {name: Population, aggregation: average_sum_org_unit}\n")
        #expect(s.run(["metadata", "apply", "--db", s.db, s.path("less.yaml")]) == 1)
        #expect(try Workspace.open(path: s.db).metadata.element("births") != nil)
    }

    @Test func orgUnitsGeometryStoresBoundariesAllOrNothing() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        func feature(_ code: String, _ west: Double) -> String {
            let ring = [(west, 28.5), (west + 0.02, 28.5), (west + 0.02, 28.52), (west, 28.52), (west, 28.5)]
                .map { "[\($0.0), \($0.1)]" }.joined(separator: ", ")
            return
                #"{"type": "Feature", "properties": {"code": "\#(code)"}, "geometry": {"type": "Polygon", "coordinates": [[\#(ring)]]}}"#
        }
        func collection(_ features: [String]) -> String {
            #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ", "))]}"#
        }
        try s.write("towns.geojson", collection([feature("A", 115.90), feature("B", 115.92)]))
        #expect(s.run(["orgunits", "geometry", "--db", s.db, s.path("towns.geojson")]) == 0)
        #expect(try Workspace.open(path: s.db).store.boundaryCount() == 2)
        // An unknown code refuses the file: exit 1, nothing more stored.
        try s.write("more.geojson", collection([feature("a1", 115.90), feature("zz", 115.95)]))
        #expect(s.run(["orgunits", "geometry", "--db", s.db, s.path("more.geojson")]) == 1)
        let w = try Workspace.open(path: s.db)
        #expect(try w.store.boundaryCount() == 2)
        #expect(try w.store.boundaries(of: ["A", "B", "a1"]).keys.sorted() == ["A", "B"])
    }
}

@Suite(.serialized) struct RollupAndOrgUnitFileTests {
    @Test func rollupWritesEveryFigure() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        #expect(
            s.run(["rollup", "--db", s.db, "--types", "monthly,financial_oct", "--out", s.path("rollup.csv")]) == 0)
        let lines = try String(contentsOfFile: s.path("rollup.csv"), encoding: .utf8).split(separator: "\n").map(
            String.init)
        #expect(lines[0] == "element,combo,orgunit,period,value")
        // By hand from Scratch's data.csv: county births 202510 = 3+1+2+4+5+5 = 20 (male 10); 2024Oct = 2+2+4+6 = 14;
        // town A births.female 202510 = 1+4 = 5; monthly periods span 202410 … 202510 only.
        #expect(lines.contains("births,,C,202510,20"))
        #expect(lines.contains("births,male,C,202510,10"))
        #expect(lines.contains("births,,C,2024Oct,14"))
        #expect(lines.contains("births,female,A,202510,5"))
        #expect(!lines.contains { $0.contains(",202409,") || $0.contains(",202511,") })
        // Population (average): 2025Oct = 92 days of 2025 (6,100) and 273 days of 2026 (none) → 6,100.
        #expect(lines.contains("population,,C,2025Oct,6100"))
        #expect(s.run(["rollup", "--db", s.db, "--types", "fortnightly"]) == 2)
    }

    @Test func orgUnitTranslationsAreReadAndStored() throws {
        let (units, _) = try OrgUnitFile.read(
            bytes: Array("code,name,parent,name_en\nC,云溪县,,Yunxi County\nA,青石镇,C,\n".utf8), name: "u.csv")
        #expect(units[0].translations == ["en": "Yunxi County"] && units[0].name(.en) == "Yunxi County")
        #expect(units[1].translations.isEmpty && units[1].name(.en) == "青石镇")
        #expect {
            _ = try OrgUnitFile.read(bytes: Array("code,name,parent,name_\nA,甲,,x\n".utf8), name: "u.csv")
        } throws: { error in
            let e = error as? OrgUnitError
            return e?.code == .badHeader && e?.message.contains("column 4") == true
                && e?.message.contains("name_en") == true
        }
        // Through the CLI into the store and back.
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        try s.write("orgunits.csv", "code,name,parent,name_en\nC,云溪县,,Yunxi County\nA,青石镇,C,Qingshi Town\na1,石桥村,A,\n")
        #expect(s.initialize() == 0)
        let w = try Workspace.open(path: s.db)
        #expect(w.tree.units[w.tree.index["A"]!].name(.en) == "Qingshi Town")
        #expect(w.tree.units[w.tree.index["a1"]!].name(.en) == "石桥村")
    }

    @Test func orgUnitFileErrorCodes() {
        #expect {
            _ = try OrgUnitFile.read(bytes: Array("id,label\nA,甲\n".utf8), name: "u.csv")
        } throws: { error in
            (error as? OrgUnitError)?.code == .badHeader
        }
        #expect {
            _ = try OrgUnitFile.read(path: "/nonexistent/u.csv")
        } throws: { error in
            (error as? OrgUnitError)?.code == .unreadable
        }
    }
}
