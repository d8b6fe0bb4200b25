import Foundation
import TallyServerTesting
import Testing

/// `tally import` runs the validation rules on the values as they would be after it: a dry run lists the breaks of
/// `medium` and `low` importance as warnings, a rule of `high` importance refuses the file at its rows; the summary
/// line, the warnings and the problems in `--lang`. Runs the built `tally`, on SQLite and PostgreSQL.
@Suite struct ImportRulesCLITests {
    static let header = "dataelement,period,orgunit,categoryoptioncombo,value\n"

    @Test(.enabled(if: ServeBrowserTests.tally != nil), arguments: TestBackend.available)
    func aDryRunWarnsAndAHighRuleRefuses(_ backend: TestBackend) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = backend.location(in: dir)
        defer {
            try? FileManager.default.removeItem(at: dir)
            if db.hasPrefix("postgres") { TestBackend.drop(db) }
        }
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func tally(_ arguments: [String]) throws -> (Int32, String) {
            try ServeBrowserTests.run(arguments + ["--db", db])
        }
        let (created, initOutput) = try tally([
            "init", "--metadata", try write("tally.yaml", FixtureCounty.metadata + FixtureCounty.rules),
            "--orgunits", try write("orgunits.csv", FixtureCounty.orgUnits),
        ])
        try #require(created == 0, "tally init: \(initOutput)")
        let (seeded, seedOutput) = try tally(["import", try write("seed.csv", Self.header + "visits,202601,A1,,7\n")])
        try #require(seeded == 0, "tally import: \(seedOutput)")
        // Births 9 exceed the stored visits 7 (medium), the boys 5 exceed 4 (low): warnings, in Chinese.
        let births = try write("births.csv", Self.header + "births,202601,A1,male,5\nbirths,202601,A1,female,4\n")
        let (dry, dryOutput) = try tally(["import", "--dry-run", "--lang", "zh", births])
        #expect(dry == 0)
        #expect(dryOutput.contains("births.csv（试导入，未写入任何数据）：2 行，将新增 2，将修改 0，不变 0，将删除 0（"))
        #expect(dryOutput.contains("导入后有2条校验规则不成立（不阻止导入，请核对）："))
        #expect(dryOutput.contains("甲一村（A1）202601：校验规则“出生不超过访视”不成立：左边 9，应 <= 右边 7（第2、3行）"))
        #expect(dryOutput.contains("甲一村（A1）202601：校验规则“男婴不超过4”不成立：左边 5，应 <= 右边 4（第2行）"))
        // In English, the same line as before.
        let (_, english) = try tally(["import", "--dry-run", births])
        #expect(
            english.contains(
                "births.csv (dry run, nothing written): 2 rows would be 2 new, 0 changed, 0 unchanged, 0 deleted ("))
        // 120 visits break the high rule: refused at line 3, nothing written (the 50 of line 2 neither).
        let visits = try write("visits.csv", Self.header + "visits,202601,A1,,50\nvisits,202601,A2,,120\n")
        let (refused, refusal) = try tally(["import", visits])
        #expect(refused == 1)
        #expect(
            refusal.contains(
                "visits.csv, line 3: breaks a validation rule of high importance: 甲二村 (A2) 202601: rule 'Visits at most 100' does not hold: left side 120 should be <= right side 100 (line 3)"
            ))
        let (_, again) = try tally([
            "import", "--dry-run", "--lang", "zh", try write("again.csv", Self.header + "visits,202601,A1,,7\n"),
        ])
        #expect(again.contains("将新增 0，将修改 0，不变 1"))
    }
}
