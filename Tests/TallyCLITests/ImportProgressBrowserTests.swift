import Foundation
import TallyCLI
import TallyServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A large file on the import page in a real headless Chromium, on a desktop (1366 px) and a phone (390 px): a town
/// of 5,000 villages, 300,000 rows (about 7 MB) of home visits. The page shows the upload's progress, then the
/// server's reading (rows, rows a second, time left), then the dry run's page; the import shows its two readings
/// the same way, then what it imported. The states the progress element went through are recorded in the tab's
/// `sessionStorage` (it outlives the page the script replaces); screenshots mid-way and at the end; no page is wider
/// than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL.
@Suite(.serialized) struct ImportProgressBrowserTests {
    static let villages = 5_000
    static let months = 60

    /// The small county's metadata with one town of ``villages`` villages.
    static func createTown(db: String, in dir: URL) throws {
        let metadata = dir.appendingPathComponent("tally.yaml").path
        let orgUnits = dir.appendingPathComponent("orgunits.csv").path
        try FixtureCounty.metadata.write(toFile: metadata, atomically: true, encoding: .utf8)
        var units = "code,name,parent\nC,云溪县,\nTA,甲镇,C\n"
        for village in 0..<villages { units += "V\(village),第\(village)村,TA\n" }
        try units.write(toFile: orgUnits, atomically: true, encoding: .utf8)
        #expect(TallyCommand.runMain(["init", "--db", db, "--metadata", metadata, "--orgunits", orgUnits]) == 0)
    }

    /// Every village's home visits for ``months`` months from January of `year`: villages × months rows.
    static func file(_ path: String, from year: Int) throws {
        var text = "dataelement,period,orgunit,value\n"
        text.reserveCapacity(villages * months * 24)
        for month in 0..<months {
            let period = "\(year + month / 12)\(String(format: "%02d", month % 12 + 1))"
            for village in 0..<villages { text += "visits,\(period),V\(village),\((village * 7 + month) % 90 + 1)\n" }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Records every text the progress element shows, in the tab's session storage under `key`.
    static func record(_ tab: HeadlessChromium.Tab, _ key: String) throws {
        _ = try tab.evaluate(
            """
            (() => { const p = document.getElementById('import-progress'), key = \(HeadlessChromium.Tab.literal(key));
              sessionStorage.setItem(key, '[]');
              new MutationObserver(() => {
                const seen = JSON.parse(sessionStorage.getItem(key)), text = p.querySelector('span').textContent;
                if (seen[seen.length - 1] !== text) { seen.push(text); sessionStorage.setItem(key, JSON.stringify(seen)); }
              }).observe(p, { subtree: true, childList: true, characterData: true }); })()
            """)
    }

    /// The texts recorded under `key`.
    static func recorded(_ tab: HeadlessChromium.Tab, _ key: String) throws -> [String] {
        let text = try tab.evaluate("sessionStorage.getItem(\(HeadlessChromium.Tab.literal(key)))") as? String ?? "[]"
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] ?? []
    }

    /// Waits (bounded) until the progress element shows a text containing `part`, while the old page is there;
    /// `false` when the new page came first.
    static func waitForProgress(_ tab: HeadlessChromium.Tab, _ part: String) throws -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let state =
                try? tab.evaluate(
                    """
                    (() => { if (!document.documentElement.__tallyOld) return 'new';
                      const p = document.getElementById('import-progress');
                      return p && !p.hidden ? p.textContent : ''; })()
                    """) as? String
            if state == "new" { return false }
            if let state, state.contains(part) { return true }
            usleep(20_000)
        }
        return false
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func aLargeFileShowsItsProgressThenTheDryRunAndTheImport(_ backend: TestBackend) throws {
        let password = "town-analyst-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲镇分析员", role: "analyst", unit: "TA", password: password)],
            create: Self.createTown)
        defer { county.close() }
        let rows = Self.villages * Self.months
        let grouped = rows.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        for (width, height, year) in [(1366, 900, 2015), (390, 844, 2020)] {
            let name = "访视-\(width).csv"
            let path = county.dir.appendingPathComponent(name).path
            try Self.file(path, from: year)
            let tab = try county.signedIn("甲镇分析员", password: password, width: width, height: height)
            try tab.go("\(county.base)/import")
            /// The page fits the screen; a screenshot of it.
            func step(_ number: Int, _ shot: String, _ what: String) throws {
                try county.fits(tab, width, what)
                try county.shoot(tab, "import-progress-\(width)-\(number)-\(shot)")
            }
            /// Clicks `button` with the progress recorded, takes screenshot `number` once the progress shows `part`,
            /// waits for the step's page: the texts the progress showed.
            func follow(_ button: String, until part: String, _ number: Int, _ shot: String) throws -> [String] {
                try Self.record(tab, shot)
                try tab.markPage()
                try tab.click(button)
                if try Self.waitForProgress(tab, part) {
                    try step(number, shot, "the progress of \(button)")
                } else {
                    Issue.record("\(button): the step's page came before the progress showed '\(part)'")
                }
                try tab.waitForNewPage(seconds: 300)
                return try Self.recorded(tab, shot)
            }

            // The dry run: caught while the server reads, then its page.
            try tab.choose("#file", files: [path])
            let seen = try follow("#dry-run", until: "已读", 1, "reading")
            #expect(seen.contains { $0.hasPrefix("正在上传：") && $0.contains("%") }, "\(seen)")
            let reading = seen.filter { $0.hasPrefix("\(name)：已读") && $0.contains("行，每秒") }
            #expect(!reading.isEmpty, "a reading state was shown: \(seen)")
            #expect(seen.last == "已完成，正在打开结果……", "\(seen)")
            #expect(try tab.text("#result h2") == "试导入结果：\(name)（尚未写入任何数据）")
            let summary = try tab.text("#summary") ?? ""
            #expect(summary.contains("读取行数\(grouped)"), "\(summary)")
            #expect(summary.contains("新增\(grouped)"), "\(summary)")
            #expect(tab.url.contains("/import/jobs/"), "\(tab.url)")
            try step(2, "dry-run", "the dry run")

            // The import: its two readings, then what it imported.
            let imported = try follow("#apply", until: "第2遍", 3, "importing")
            #expect(imported.contains { $0.hasPrefix("第1遍（共2遍）：\(name)") }, "\(imported)")
            #expect(imported.contains { $0.hasPrefix("第2遍（共2遍）：\(name)") }, "\(imported)")
            #expect(try tab.text("#imported") == "已导入 \(name)：")
            #expect((try tab.text("#summary") ?? "").contains("新增\(grouped)"))
            try step(4, "imported", "the import")
        }
        // Both files are in the database: one village's months of 2015 (the first file) and 2020 (the second).
        let (status, values) = try ServeBrowserTests.run(
            [
                "export", "--db", county.db, "--format", "csv", "--orgunit", "V4999", "--period", "2015", "--period",
                "2020",
            ])
        #expect(status == 0, "\(values)")
        #expect(values.split(separator: "\n").filter { $0.hasPrefix("visits,") }.count == 24, "\(values)")
    }

    /// Without the page's script (blocked, as an old browser or a strict proxy would), the forms are plain POSTs:
    /// the dry run's page answers `POST /import`, the import's `POST /import/apply`, as before the progress.
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func withoutTheScriptTheFormsArePlainPosts(_ backend: TestBackend) throws {
        let password = "town-analyst-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲镇分析员", role: "analyst", unit: "TA", password: password)])
        defer { county.close() }
        let path = county.dir.appendingPathComponent("访视.csv").path
        try "dataelement,period,orgunit,value\nvisits,202602,A1,12\nvisits,202602,A2,8\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let tab = try county.signedIn("甲镇分析员", password: password, width: 390, height: 844)
        try tab.command("Network.enable")
        try tab.command("Network.setBlockedURLs", ["urls": ["*/static/tally.js"]])
        try tab.go("\(county.base)/import")
        try tab.choose("#file", files: [path])
        try tab.clickAndWait("#dry-run")
        #expect(tab.url == "\(county.base)/import", "a plain POST: \(tab.url)")
        #expect((try tab.text("#summary") ?? "").contains("新增2"))
        try county.fits(tab, 390, "the dry run without script")
        try county.shoot(tab, "import-noscript-390-1-dry-run")
        try tab.clickAndWait("#apply")
        #expect(tab.url == "\(county.base)/import/apply", "a plain POST: \(tab.url)")
        #expect(try tab.text("#imported") == "已导入 访视.csv：")
        try county.fits(tab, 390, "the import without script")
        try county.shoot(tab, "import-noscript-390-2-imported")
    }
}
