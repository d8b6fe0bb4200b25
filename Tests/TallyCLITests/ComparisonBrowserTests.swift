import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium at 1366 and 390 px: the town's analyst chooses 环比 on the dashboard and
/// sees the sentence, the columns and the trend's title change; the link to the bulletin keeps the comparison, and
/// choosing none there drops the comparison. No page is wider than the screen. On SQLite and, with
/// `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct ComparisonBrowserTests {
    /// 甲镇 (TA): births in 202601 A1 3 + 2, A2 1 = 6; in 202512 A1 3 + 2, A2 2 + 1 = 8 (环比 −2, −25.0%); in
    /// 202501 A1 2 + 2 = 4 (同比 +2, +50.0%).
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        population,2025,A1,,1200
        population,2025,A2,,800
        population,2026,A1,,1210
        population,2026,A2,,800
        births,202501,A1,male,2
        births,202501,A1,female,2
        births,202512,A1,male,3
        births,202512,A1,female,2
        births,202512,A2,male,2
        births,202512,A2,female,1
        births,202601,A1,male,3
        births,202601,A1,female,2
        births,202601,A2,male,1

        """

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAnalystChoosesThePreviousPeriodOnTheDashboard(_ backend: TestBackend) throws {
        let password = "analyst-password-2026"
        let served = try ServedCounty(
            backend, users: [(name: "town.analyst", role: "analyst", unit: "TA", password: password)],
            create: BulletinPageBrowserTests.county(with: Self.data))
        defer { served.close() }
        for (width, height) in [(1366, 900), (390, 844)] {
            let tab = try served.signedIn("town.analyst", password: password, width: width, height: height)
            #expect(tab.url.hasPrefix("\(served.base)/dashboard"), "signed in: \(tab.url)")
            // 同比 by default: January against January 2025.
            #expect(try tab.evaluate("document.querySelector('select[name=compare]').value") as? String == "last-year")
            #expect(try tab.text("#key-sentences li") == "出生数6，比上年同期增加2，增长50.0%。")
            try served.fits(tab, width, "the dashboard (同比)")
            try served.shoot(tab, "comparison-\(width)-1-last-year")

            // 环比: January against December.
            try Self.choose("previous", in: "form.filters", tab)
            #expect(tab.url.contains("compare=previous"), "\(tab.url)")
            #expect(try tab.evaluate("document.querySelector('select[name=compare]').value") as? String == "previous")
            #expect(try tab.text("#key-sentences li") == "出生数6，比上期减少2，下降25.0%。")
            let headers = try tab.evaluate(
                "[...document.querySelectorAll('#key-figures-table th')].map(th => th.textContent).join('|')")
            #expect(headers as? String == "|202601|分子／分母|上期 (202512)|环比", "\(headers ?? "")")
            #expect(try tab.text("tr[data-figure=births] td.change") == "−2")
            let trend = try tab.text("#key-figures svg title") ?? ""
            #expect(trend.contains("相邻两月相比即为环比"), "the trend's title: \(trend)")
            try served.fits(tab, width, "the dashboard (环比)")
            try served.shoot(tab, "comparison-\(width)-2-previous")

            // The bulletin from the dashboard's link keeps 环比.
            try tab.clickAndWait("#to-bulletin")
            #expect(tab.url.contains("compare=previous"), "\(tab.url)")
            #expect(try tab.evaluate("document.querySelector('select[name=compare]').value") as? String == "previous")
            let meta =
                try tab.evaluate("[...document.querySelectorAll('main .meta')].map(e => e.textContent).join(' ')")
                as? String ?? ""
            #expect(meta.contains("比较对象：上期（2025年12月）"), "\(meta)")
            #expect(try tab.text("ul.sentences li") == "出生数6，比上期减少2，下降25.0%。")
            try served.fits(tab, width, "the bulletin (环比)")
            try served.shoot(tab, "comparison-\(width)-3-bulletin-previous")

            // None: the figures alone.
            try Self.choose("none", in: "form.bulletin-controls", tab)
            #expect(tab.url.contains("compare=none"), "\(tab.url)")
            #expect(try tab.text("ul.sentences li") == "出生数6。")
            let body = try tab.evaluate("document.querySelector('main').textContent") as? String ?? ""
            #expect(!body.contains("比较对象") && !body.contains("增减"), "the bulletin without a comparison")
            try served.fits(tab, width, "the bulletin (不比较)")
            try served.shoot(tab, "comparison-\(width)-4-bulletin-none")
        }
    }

    /// Chooses `comparison` in the picker of `form` and sends the form.
    static func choose(_ comparison: String, in form: String, _ tab: HeadlessChromium.Tab) throws {
        _ = try tab.evaluate(
            "(() => { document.querySelector('\(form) select[name=compare]').value = '\(comparison)'; return true })()")
        try tab.clickAndWait("\(form) button[type=submit]")
    }
}
