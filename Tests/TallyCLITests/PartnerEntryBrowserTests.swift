import Foundation
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium at 1366 and 390 px: the monthly report has partners as its attribute
/// category (``FixtureCounty/partnerMetadata``), so its entry form asks for the partner first, as DHIS2 does, then
/// shows that partner's form alone: a village clerk chooses 甲伙伴, enters and saves its values, and switches to
/// 乙伙伴, whose form is empty. No page is wider than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`,
/// PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/partner-entry-*.png` when set.
@Suite(.serialized) struct PartnerEntryBrowserTests {
    static let inputs = "[...document.querySelectorAll('#entry input.v')].map(i => i.name + '=' + i.value).join(' ')"

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func aClerkChoosesThePartnerThenEntersItsForm(_ backend: TestBackend) throws {
        let password = "village-clerk-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲一村录入员", role: "clerk", unit: "A1", password: password)],
            create: { try ServeBrowserTests.createCounty(db: $0, in: $1, metadata: FixtureCounty.partnerMetadata) })
        defer { county.close() }
        let period = ServeBrowserTests.identifier(ServeBrowserTests.thisMonth)
        let form = "\(county.base)/entry?dataset=monthly&orgunit=A1&period=\(period)"
        for width in [1366, 390] {
            let tab = try county.signedIn("甲一村录入员", password: password, width: width, height: 900)
            try tab.go(form)
            // Asked for the partner first: no form of values yet.
            #expect(try tab.evaluate("document.querySelector('#entry') === null") as? Bool == true)
            #expect(
                try tab.evaluate("[...document.querySelectorAll('#partner option')].map(o => o.textContent).join(',')")
                    as? String == ",甲伙伴,乙伙伴")
            #expect(try tab.text("main")?.contains("先选择合作伙伴，再录入它的数据") == true)
            try county.fits(tab, width, "the partner's choice")
            try county.shoot(tab, "partner-entry-\(width)-1-choose")

            _ = try tab.evaluate("document.querySelector('#partner select').value = 'pa'")
            try tab.clickAndWait("#partner button[type=submit]")
            #expect(tab.url.contains("partner=pa"), "\(tab.url)")
            #expect(try tab.text(".partner-now")?.contains("正在录入：甲伙伴") == true)
            let names = try tab.evaluate("[...document.querySelectorAll('#entry input.v')].map(i => i.name).join(' ')")
            #expect(names as? String == "v|births|male_pa v|births|female_pa v|visits|pa")
            // Each row names the element's own option, not the partner again.
            #expect(
                try tab.evaluate("[...document.querySelectorAll('#entry td.co')].map(c => c.textContent).join(',')")
                    as? String == "男,女,")
            if width == 1366 {
                try tab.type("input[name='v|births|male_pa']", "3")
                try tab.type("input[name='v|births|female_pa']", "2")
                try tab.type("input[name='v|visits|pa']", "6")
                try county.shoot(tab, "partner-entry-\(width)-2-typed")
                try tab.clickAndWait("#entry button[type=submit]")
                #expect(tab.url.contains("saved=1") && tab.url.contains("partner=pa"), "\(tab.url)")
            }
            #expect(
                try tab.evaluate(Self.inputs) as? String
                    == "v|births|male_pa=3 v|births|female_pa=2 v|visits|pa=6")
            try county.fits(tab, width, "partner A's form")
            try county.shoot(tab, "partner-entry-\(width)-3-partner-a")

            // Partner B's form holds none of A's values.
            _ = try tab.evaluate("document.querySelector('#partner select').value = 'pb'")
            try tab.clickAndWait("#partner button[type=submit]")
            #expect(
                try tab.evaluate(Self.inputs) as? String == "v|births|male_pb= v|births|female_pb= v|visits|pb=")
            try county.fits(tab, width, "partner B's form")
            try county.shoot(tab, "partner-entry-\(width)-4-partner-b")
        }
        // The values were stored under partner A's combos.
        let (status, csv) = try ServeBrowserTests.run(["export", "--db", county.db, "--format", "csv"])
        #expect(status == 0, "\(csv)")
        #expect(csv.contains("births,\(period),A1,male,pa,3,"), "\(csv)")
        #expect(csv.contains("visits,\(period),A1,,pa,6,"), "\(csv)")
    }
}
