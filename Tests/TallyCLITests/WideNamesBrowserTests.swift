import Foundation
import TallyInterchange
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium on a desktop (1366 px): a town's analyst uploads a wide workbook of the
/// villages' home visits keyed by village **names**, with a totals row (合计) and one village misspelt; the dry run
/// names the bad cell in Chinese; the corrected workbook's dry run says the totals row is left out and why, and the
/// import goes in. No page is wider than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL;
/// screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct WideNamesBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystImportsAWideSheetKeyedByVillageNames(_ backend: TestBackend) throws {
        let password = "town-analyst-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲镇分析员", role: "analyst", unit: "TA", password: password)])
        defer { county.close() }
        let period = ServeBrowserTests.identifier(ServeBrowserTests.month(ServeBrowserTests.thisMonth, back: 1))
        /// A workbook of 甲镇's villages by name, the second named `second`, and a totals row.
        func workbook(_ name: String, second: String) throws -> String {
            let path = county.dir.appendingPathComponent(name).path
            try WorkbookWriter.write(
                [
                    WorkbookSheet(
                        name: "入户访视", header: ["村名", "访视人数"],
                        rows: [
                            [.text("甲一村"), .number(12)], [.text(second), .number(9)],
                            [.text("合计"), .number(21)],
                        ])
                ], to: path)
            return path
        }
        let width = 1366
        let tab = try county.signedIn("甲镇分析员", password: password, width: width, height: 900)
        try tab.go("\(county.base)/import")
        /// Uploads `path` as a wide sheet of `period` for a dry run.
        func dryRun(_ path: String) throws {
            try tab.choose("#file", files: [path])
            try tab.click("#upload details summary")
            _ = try tab.evaluate("document.querySelector(\"select[name='layout']\").value = 'wide'")
            try tab.type("input[name='period']", period)
            try tab.clickAndWait("#dry-run")
        }
        func step(_ number: Int, _ name: String, _ what: String) throws {
            try county.fits(tab, width, what)
            try county.shoot(tab, "wide-names-\(width)-\(number)-\(name)")
        }

        try dryRun(try workbook("访视-有误.xlsx", second: "甲三村"))
        let problems = try tab.text("#problems") ?? ""
        #expect(problems.contains("单元格 A3"), "\(problems)")
        #expect(problems.contains("“甲三村”既不是单位代码，也不是甲镇 (TA)内单位的名称"), "\(problems)")
        #expect(try tab.evaluate("document.querySelector('#apply') === null") as? Bool == true)
        try step(1, "problem", "the problem")

        try dryRun(try workbook("访视.xlsx", second: " 甲二村 "))
        let summary = try tab.text("#summary") ?? ""
        #expect(summary.contains("新增2"), "\(summary)")
        let skipped = try tab.text("p.skipped") ?? ""
        #expect(skipped == "略去（合计行（合计、总计、小计、total），Tally 会由各单位的行自行相加）：工作表 入户访视 第4行", "\(skipped)")
        try step(2, "dry-run", "the dry run")

        try tab.clickAndWait("#apply")
        #expect(try tab.text("#imported")?.contains("已导入 访视.xlsx") == true)
        try step(3, "imported", "the import")
        let (status, values) = try ServeBrowserTests.run([
            "export", "--db", county.db, "--format", "csv", "--orgunit", "TA",
        ])
        #expect(status == 0, "\(values)")
        #expect(values.contains("visits,\(period),A1,,,12,甲镇分析员"), "\(values)")
        #expect(values.contains("visits,\(period),A2,,,9,甲镇分析员"), "\(values)")
    }
}
