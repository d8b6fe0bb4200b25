import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium at 1366 and 390 px: the town's analyst sees a rate's counts beside it
/// on the dashboard, opens the bulletin from the menu, picks another period and English with the bulletin's
/// controls and gets that period's bulletin, then gives the issue a numbered pattern. No page is wider than the screen; the menu stays on one line. On
/// SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct BulletinPageBrowserTests {
    /// 甲镇 (TA): births in 202601 A1 3 + 2, A2 1 = 6; in 202512 A1 2 + 2, A2 1 + 1 = 6; the population of 2026
    /// A1 1,210 + A2 800 = 2,010, of 2025 1,200 + 800.
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        population,2025,A1,,1200
        population,2025,A2,,800
        population,2026,A1,,1210
        population,2026,A2,,800
        births,202512,A1,male,2
        births,202512,A1,female,2
        births,202512,A2,male,1
        births,202512,A2,female,1
        births,202601,A1,male,3
        births,202601,A1,female,2
        births,202601,A2,male,1

        """

    /// The small county with the values of ``data``.
    static func county(_ db: String, _ dir: URL) throws { try county(with: data)(db, dir) }

    /// The small county with `values` (a data-value CSV) imported: a `create` for ``ServedCounty``.
    static func county(with values: String) -> (_ db: String, _ dir: URL) throws -> Void {
        { db, dir in
            try ServeBrowserTests.createCounty(db: db, in: dir)
            let file = dir.appendingPathComponent("data.csv").path
            try values.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(TallyCommand.runMain(["import", "--db", db, file]) == 0)
        }
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystOpensTheBulletinAndChangesItsPeriodAndLanguage(_ backend: TestBackend) throws {
        let password = "analyst-password-2026"
        let served = try ServedCounty(
            backend, users: [(name: "town.analyst", role: "analyst", unit: "TA", password: password)],
            create: Self.county)
        defer { served.close() }
        for (width, height) in [(1366, 900), (390, 844)] {
            let tab = try served.signedIn("town.analyst", password: password, width: width, height: height)
            #expect(tab.url.hasPrefix("\(served.base)/dashboard"), "signed in: \(tab.url)")
            // The dashboard of 202601 (the latest month with values): the birth rate with its births and population.
            #expect(try tab.evaluate("document.querySelector('select[name=period]').value") as? String == "202601")
            #expect(try tab.text("tr[data-figure=cbr] td.counts") == "6 / 2,010")
            #expect(try tab.text("tr[data-figure=births] td.value") == "6")
            #expect(try tab.text("tr[data-figure=cbr] td.value")?.hasSuffix("‰") == true)
            try served.fits(tab, width, "the dashboard")
            try served.shoot(tab, "bulletin-\(width)-1-dashboard")

            // The bulletin from the menu: the town, this month, in Chinese.
            try tab.clickAndWait("#menu-bulletin")
            #expect(tab.url.hasPrefix("\(served.base)/bulletin"), "the menu's bulletin: \(tab.url)")
            #expect(try tab.text("main h1") == "甲镇统计简报")
            #expect(try tab.evaluate("document.querySelector('select[name=period]').value") as? String == "202601")
            let month = try tab.text("main .meta") ?? ""
            #expect(month.contains("2026年1月"), "the period: \(month)")
            #expect(try tab.evaluate("document.querySelector('#print') !== null") as? Bool == true)
            try served.fits(tab, width, "the bulletin")
            try served.shoot(tab, "bulletin-\(width)-2-bulletin")

            // December, in English, with the controls.
            _ = try tab.evaluate(
                """
                (() => { const f = document.querySelector('form.bulletin-controls');
                  f.querySelector('select[name=period]').value = '202512';
                  f.querySelector('select[name=lang]').value = 'en'; return true })()
                """)
            try tab.clickAndWait("form.bulletin-controls button[type=submit]")
            #expect(tab.url.contains("period=202512") && tab.url.contains("lang=en"), "\(tab.url)")
            #expect(try tab.evaluate("document.documentElement.lang") as? String == "en")
            #expect(try tab.evaluate("document.querySelector('select[name=period]').value") as? String == "202512")
            let meta = try tab.text("main .meta") ?? ""
            #expect(meta.contains("December 2025"), "the new period: \(meta)")
            #expect(try tab.text("#menu-bulletin") == "Bulletin")
            try served.fits(tab, width, "the December bulletin")
            try served.shoot(tab, "bulletin-\(width)-3-december-en")

            // This number, typed as a pattern: December is the twelfth month of 2025.
            try tab.type("form.bulletin-controls input[name=number]", "云统〔{year}〕{seq}号")
            try tab.clickAndWait("form.bulletin-controls button[type=submit]")
            #expect(tab.url.contains("number="), "\(tab.url)")
            #expect(try tab.text("main .issuer") == "云统〔2025〕12号")
            #expect(
                try tab.evaluate("document.querySelector('input[name=number]').value") as? String == "云统〔{year}〕{seq}号")
            try served.fits(tab, width, "the numbered bulletin")
            try served.shoot(tab, "bulletin-\(width)-4-number")

            // Printed, the controls and the menu are hidden.
            _ = try tab.command("Emulation.setEmulatedMedia", ["media": "print"])
            let hidden =
                try tab.evaluate(
                    "getComputedStyle(document.querySelector('.tally-toolbar')).display") as? String
            #expect(hidden == "none")
            _ = try tab.command("Emulation.setEmulatedMedia", ["media": ""])
        }
    }
}
