import Foundation
import TallyServerTesting
import Testing

/// The import page runs the validation rules in a real headless Chromium, on a phone (390 px) and a desktop
/// (1366 px): a town's analyst uploads a file whose births exceed its visits (rows 2–4) (a rule of `medium` importance) and
/// whose boys exceed 4 (`low`): the dry run lists both as warnings beside the counts, with the rows, and the file can
/// be imported; a file with 120 visits (`high`) is refused at its row. No page is wider than the screen. On SQLite
/// and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/import-rules-*.png`.
@Suite(.serialized) struct ImportRulesBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func theDryRunWarnsOfRulesAndAHighOneRefuses(_ backend: TestBackend) throws {
        let password = "town-analyst-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲镇分析员", role: "analyst", unit: "TA", password: password)],
            create: EntryRulesBrowserTests.create)
        defer { county.close() }
        func file(_ name: String, _ rows: String) throws -> String {
            let path = county.dir.appendingPathComponent(name).path
            try ("dataelement,period,orgunit,categoryoptioncombo,value\n" + rows)
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        for (width, height, period) in [(390, 844, "202601"), (1366, 900, "202602")] {
            let warned = try file(
                "出生-\(width).csv",
                "visits,\(period),A1,,7\nbirths,\(period),A1,male,5\nbirths,\(period),A1,female,4\n")
            let refused = try file("访视-\(width).csv", "visits,\(period),A2,,120\n")
            let tab = try county.signedIn("甲镇分析员", password: password, width: width, height: height)
            try tab.clickAndWait("header a[href='/import']")

            try tab.choose("#file", files: [refused])
            try tab.clickAndWait("#dry-run")
            let problems = try tab.text("#problems") ?? ""
            #expect(problems.contains("第2行"), "\(problems)")
            #expect(
                problems.contains("违反重要校验规则，不能导入：甲二村（A2）\(period)：校验规则“访视不超过100”不成立：左边 120，应 <= 右边 100"),
                "\(problems)")
            #expect(try tab.evaluate("document.querySelector('#apply') === null") as? Bool == true)
            try county.fits(tab, width, "the refusal by a rule")
            try county.shoot(tab, "import-rules-\(width)-1-refused")

            try tab.choose("#file", files: [warned])
            try tab.clickAndWait("#dry-run")
            #expect(try tab.text("#rule-warnings-heading") == "导入后有2条校验规则不成立（不阻止导入，请核对）：")
            let warnings = try tab.text("#rule-warnings") ?? ""
            #expect(
                warnings.contains("甲一村（A1）\(period)：校验规则“出生不超过访视”不成立：左边 9，应 <= 右边 7（第2、3、4行）"),
                "\(warnings)")
            #expect(warnings.contains("校验规则“男婴不超过4”不成立：左边 5，应 <= 右边 4（第3行）"), "\(warnings)")
            try county.fits(tab, width, "the dry run's warnings")
            try county.shoot(tab, "import-rules-\(width)-2-warnings")
            try tab.clickAndWait("#apply")
            #expect(try tab.text("#imported")?.contains("已导入 出生-\(width).csv") == true)
        }
    }
}
