import Foundation
import TallyCLI
import TallyIO
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium, on a phone (390 px) and a desktop (1366 px): a town's analyst opens the
/// import page from the menu, uploads a GBK-encoded CSV file with one bad row, sees the encoding and the problem by
/// line in Chinese, uploads the corrected file, checks the dry run and imports it; no page is wider than the screen.
/// On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct ImportBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystUploadsAGBKFileFixesItAndImports(_ backend: TestBackend) throws {
        let password = "town-analyst-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲镇分析员", role: "analyst", unit: "TA", password: password)])
        defer { county.close() }
        let (dir, base, db) = (county.dir, county.base, county.db)
        /// A GBK file of the villages' home visits for `period`, the second row's value `second`.
        func file(_ name: String, period: String, second: String) throws -> String {
            let text = """
                dataelement,period,orgunit,value,comment
                visits,\(period),A1,12,甲一村入户访视
                visits,\(period),A2,\(second),甲二村入户访视

                """
            let path = dir.appendingPathComponent(name).path
            try Data(try #require(TextEncoding.gbk.encode(text))).write(to: URL(fileURLWithPath: path))
            return path
        }

        for (width, height, period) in [(390, 844, "202602"), (1366, 900, "202603")] {
            let bad = try file("访视-\(width)-有误.csv", period: period, second: "八")
            let fixed = try file("访视-\(width).csv", period: period, second: "8")
            let tab = try county.signedIn("甲镇分析员", password: password, width: width, height: height)
            #expect(tab.url.hasPrefix("\(base)/dashboard"), "signed in: \(tab.url)")
            try tab.clickAndWait("header a[href='/import']")
            #expect(try tab.text("h1") == "导入数据")
            try county.fits(tab, width, "the import page")
            try county.shoot(tab, "import-\(width)-1-page")

            /// Uploads `path` for a dry run; the encoding shown must be GBK.
            func dryRun(_ path: String) throws {
                try tab.choose("#file", files: [path])
                try tab.clickAndWait("#dry-run")
                #expect(try tab.text("#encoding") == "文件编码：GBK")
            }
            /// The page fits the screen; a screenshot of it.
            func step(_ number: Int, _ name: String, _ what: String) throws {
                try county.fits(tab, width, what)
                try county.shoot(tab, "import-\(width)-\(number)-\(name)")
            }

            try dryRun(bad)
            let problems = try tab.text("#problems") ?? ""
            #expect(problems.contains("第3行，“value”列"), "\(problems)")
            #expect(problems.contains("不是数字"), "\(problems)")
            #expect(try tab.evaluate("document.querySelector('#apply') === null") as? Bool == true)
            try step(2, "problem", "the problems")

            try dryRun(fixed)
            let summary = try tab.text("#summary") ?? ""
            #expect(summary.contains("新增"), "\(summary)")
            #expect(try tab.text("#result h2")?.contains("尚未写入任何数据") == true)
            try step(3, "dry-run", "the dry run")

            try tab.clickAndWait("#apply")
            #expect(try tab.text("#imported")?.contains("已导入 访视-\(width).csv") == true)
            try step(4, "imported", "the import")
        }
        // What was imported is in the database, with the analyst as the person.
        let (queryStatus, values) = try ServeBrowserTests.run(
            ["export", "--db", db, "--format", "csv", "--orgunit", "TA"])
        #expect(queryStatus == 0, "\(values)")
        #expect(values.contains("visits,202602,A2,,,8,甲镇分析员"), "\(values)")
        #expect(values.contains("visits,202603,A1,,,12,甲镇分析员"), "\(values)")
    }
}
