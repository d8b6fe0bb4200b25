import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium at 1366 and 390 px: the county's analyst sees the campaign on the
/// dashboard (rank, praise and warning, as of its last day), opens the quality page from the dashboard and filters
/// it, then the campaign page from the menu and picks a town and an earlier day. No page is wider than the screen,
/// and the dashboard's key figures fit their box. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL;
/// screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct QualityCampaignBrowserTests {
    /// A home-visit drive over January and February 2026: half by 31 January, all by 28 February; one unit praised
    /// and one warned under each parent.
    static let metadata =
        FixtureCounty.metadata + """
            campaigns:
              visit_drive: {name: {en: Home-visit drive, zh: 入户访视专项行动}, element: visits, start: 2026-01-01, end: 2026-02-28, level: 3, milestones: {2026-01-31: 50%, 2026-02-28: 100%}, praise: 1, warning: 1}

            """

    /// Visits: 甲一村 30 + 25, 甲二村 10, 乙一村 20 + 30, 乙二村 5; births and population for the bulletin's figures.
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        population,2026,A1,,1210
        population,2026,A2,,800
        population,2026,B1,,1000
        population,2026,B2,,1000
        births,202601,A1,male,3
        births,202601,A1,female,2
        births,202601,B1,female,4
        visits,202601,A1,,30
        visits,202601,A2,,10
        visits,202601,B1,,20
        visits,202601,B2,,5
        visits,202602,A1,,25
        visits,202602,B1,,30

        """

    /// The county with the drive, the values of ``data`` and the towns' targets: 甲镇 100 and 乙镇 120, split
    /// equally: 50 to each of 甲镇's villages, 60 to each of 乙镇's.
    static func county(_ db: String, _ dir: URL) throws {
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let (metadata, orgUnits) = (try file("tally.yaml", Self.metadata), try file("o.csv", FixtureCounty.orgUnits))
        #expect(TallyCommand.runMain(["init", "--db", db, "--metadata", metadata, "--orgunits", orgUnits]) == 0)
        #expect(TallyCommand.runMain(["import", "--db", db, try file("data.csv", data)]) == 0)
        let targets = try file("targets.csv", "orgunit,target\nTA,100\nTB,120\n")
        #expect(TallyCommand.runMain(["targets", "--db", db, "visit_drive", "--import", targets]) == 0)
    }

    /// The texts of the cells of a table's rows.
    static func rows(_ tab: HeadlessChromium.Tab, _ table: String) throws -> [[String]] {
        let value = try tab.evaluate(
            "[...document.querySelectorAll('\(table) tr')].slice(1).map(r => [...r.cells].map(c => c.textContent))")
        return value as? [[String]] ?? []
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystFiltersTheAuditAndFollowsTheCampaign(_ backend: TestBackend) throws {
        let password = "county-analyst-2026"
        let served = try ServedCounty(
            backend, users: [(name: "county.analyst", role: "analyst", unit: "C", password: password)],
            create: Self.county)
        defer { served.close() }
        for (width, height) in [(1366, 900), (390, 844)] {
            let tab = try served.signedIn("county.analyst", password: password, width: width, height: height)
            try tab.go("\(served.base)/dashboard?orgunit=C&period=202601")
            // The drive as of its last day (today is later): 甲镇 65 of 100, 乙镇 55 of 120; 甲镇 first, praised.
            #expect(
                try Self.rows(tab, "#campaign-visit_drive-table").map { Array($0.prefix(4)) } == [
                    ["", "云溪县", "220", "120"], ["1", "甲镇", "100", "65"], ["2", "乙镇", "120", "55"],
                ])
            let lists = try tab.evaluate(
                "[...document.querySelectorAll('#campaigns ul.lists li')].map(l => l.textContent)")
            #expect(lists as? [String] == ["表扬（云溪县）：甲镇", "预警（云溪县）：乙镇"])
            #expect(try tab.text("#campaigns section h3")?.contains("截至2026-02-28") == true)
            // The score is one line; the key figures fit their box (no sideways scroll inside it).
            #expect(try tab.text("#scores")?.hasPrefix("检查通过：") == true)
            let box =
                try tab.evaluate(
                    "(() => { const b = document.querySelector('#key-figures-table').parentElement; return b.scrollWidth <= b.clientWidth })()"
                ) as? Bool
            #expect(box == true, "the key figures scroll inside their box at \(width) px")
            try served.fits(tab, width, "the dashboard")
            try served.shoot(tab, "quality-\(width)-1-dashboard")

            // The quality page for the same unit and period, then only its extreme findings.
            try tab.clickAndWait("#to-quality")
            #expect(tab.url.contains("/quality?orgunit=C&period=202601"), "\(tab.url)")
            #expect(try tab.text("main h1") == "云溪县 · 数据质量")
            let all = try tab.evaluate("document.querySelectorAll('ul.findings li').length") as? Int ?? 0
            #expect(all > 0)
            #expect(try tab.evaluate("document.querySelector('#reporting-table') !== null") as? Bool == true)
            #expect(try tab.evaluate("document.querySelector('#review-table') !== null") as? Bool == true)
            try served.fits(tab, width, "the quality page")
            try served.shoot(tab, "quality-\(width)-2-quality")
            _ = try tab.evaluate("document.querySelector('form.quality select[name=severity]').value = 'extreme'")
            try tab.clickAndWait("form.quality button[type=submit]")
            #expect(tab.url.contains("severity=extreme"), "\(tab.url)")
            let classes = try tab.evaluate("[...document.querySelectorAll('ul.findings li')].map(l => l.className)")
            let extreme = classes as? [String] ?? []
            #expect(!extreme.isEmpty && extreme.count < all && extreme.allSatisfy { $0 == "finding error" })
            try served.fits(tab, width, "the filtered quality page")

            // The campaign page from the menu: 甲镇's villages as of 31 January.
            try tab.clickAndWait("#menu-campaign")
            #expect(tab.url.hasPrefix("\(served.base)/campaign"), "\(tab.url)")
            _ = try tab.evaluate(
                """
                (() => { const f = document.querySelector('form.quality');
                  f.querySelector('select[name=orgunit]').value = 'TA';
                  f.querySelector('input[name=as_of]').value = '2026-01-31'; return true })()
                """)
            try tab.clickAndWait("form.quality button[type=submit]")
            #expect(tab.url.contains("orgunit=TA") && tab.url.contains("as_of=2026-01-31"), "\(tab.url)")
            // 甲一村 30 of 50 (60%, 25 due), 甲二村 10 (20%): behind and at risk; 甲镇 40 of 100, 50 due.
            #expect(
                try Self.rows(tab, "#campaign-visit_drive-table") == [
                    ["", "甲镇", "100", "40", "40.0", "50", "2026-02-28", "100", "60", "落后，有风险", "2026-03-19"],
                    ["1", "甲一村", "50", "30", "60.0", "25", "2026-02-28", "50", "20", "正常", "2026-02-21"],
                    ["2", "甲二村", "50", "10", "20.0", "25", "2026-02-28", "50", "40", "落后，有风险", "2026-06-04"],
                ])
            #expect(
                try tab.evaluate("document.querySelectorAll('#campaign-visit_drive-section svg').length") as? Int == 1)
            try served.fits(tab, width, "the campaign page")
            try served.shoot(tab, "quality-\(width)-3-campaign")
        }
    }
}
