import Foundation
import TallyCLI
import TallyIO
import TallyServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tally serve` in a real headless Chromium, on a phone (390 px) and a desktop (1366 px): a town's analyst opens the
/// import page from the menu, uploads a GBK-encoded CSV file with one bad row, sees the encoding and the problem by
/// line in Chinese, uploads the corrected file, checks the dry run and imports it; no page is wider than the screen.
/// On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct ImportBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystUploadsAGBKFileFixesItAndImports(_ backend: TestBackend) throws {
        let chromium = try #require(
            BulletinBrowserTests.chromium, "Chromium is required (TALLY_BROWSER_TESTS=required) but not installed")
        try #require(ServeBrowserTests.tally != nil, "the tally program is not beside the test binary; build it")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        signal(SIGPIPE, SIG_IGN)
        let db = backend.location(in: dir)
        defer { TestBackend.drop(db) }
        try ServeBrowserTests.createCounty(db: db, in: dir)
        let password = "town-analyst-pass"
        let (status, output) = try ServeBrowserTests.run(
            ["user", "add", "甲镇分析员", "--role", "analyst", "--orgunit", "TA", "--db", db], input: password + "\n")
        try #require(status == 0, "tally user add: \(output)")
        let (server, base) = try ServeBrowserTests.serve(db: db, in: dir)
        defer {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        let browser = try HeadlessChromium(executable: chromium)
        defer { browser.close() }
        func shoot(_ tab: HeadlessChromium.Tab, _ name: String) throws {
            try ServeBrowserTests.shoot(tab, name, backend: backend)
        }
        func fits(_ tab: HeadlessChromium.Tab, _ width: Int, _ what: String) throws {
            let widths =
                try tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") as? [Any] ?? []
            let page = (widths.first as? NSNumber)?.intValue ?? .max
            #expect(page <= width, "\(what) at \(width) px is \(page) px wide")
        }
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
            let tab = try browser.newTab(width: width, height: height)
            try tab.go("\(base)/signin?lang=zh")
            try tab.type("#signin input[name=name]", "甲镇分析员")
            try tab.type("#signin input[name=password]", password)
            try tab.clickAndWait("#signin button[type=submit]")
            #expect(tab.url.hasPrefix("\(base)/dashboard"), "signed in: \(tab.url)")
            try tab.clickAndWait("header a[href='/import']")
            #expect(try tab.text("h1") == "导入数据")
            try fits(tab, width, "the import page")
            try shoot(tab, "import-\(width)-1-page")

            try tab.choose("#file", files: [bad])
            try tab.clickAndWait("#dry-run")
            #expect(try tab.text("#encoding") == "文件编码：GBK")
            let problems = try tab.text("#problems") ?? ""
            #expect(problems.contains("第3行，“value”列"), "\(problems)")
            #expect(problems.contains("不是数字"), "\(problems)")
            #expect(try tab.evaluate("document.querySelector('#apply') === null") as? Bool == true)
            try fits(tab, width, "the problems")
            try shoot(tab, "import-\(width)-2-problem")

            try tab.choose("#file", files: [fixed])
            try tab.clickAndWait("#dry-run")
            #expect(try tab.text("#encoding") == "文件编码：GBK")
            let summary = try tab.text("#summary") ?? ""
            #expect(summary.contains("新增"), "\(summary)")
            #expect(try tab.text("#result h2")?.contains("尚未写入任何数据") == true)
            try fits(tab, width, "the dry run")
            try shoot(tab, "import-\(width)-3-dry-run")

            try tab.clickAndWait("#apply")
            #expect(try tab.text("#imported")?.contains("已导入 访视-\(width).csv") == true)
            try fits(tab, width, "the import")
            try shoot(tab, "import-\(width)-4-imported")
        }
        // What was imported is in the database, with the analyst as the person.
        let (queryStatus, values) = try ServeBrowserTests.run(
            ["export", "--db", db, "--format", "csv", "--orgunit", "TA"])
        #expect(queryStatus == 0, "\(values)")
        #expect(values.contains("visits,202602,A2,,,8,甲镇分析员"), "\(values)")
        #expect(values.contains("visits,202603,A1,,,12,甲镇分析员"), "\(values)")
    }
}
