import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium, on an office PC (1366 px) and a phone (390 px): a village clerk types a
/// remark (a `text` element, a text field; Enter moves on to the next field) and a situation of two lines (a
/// `long_text` element, a text area, where Enter starts a new line) on the monthly form beside the counts, saves,
/// and sees them shown back as stored, line breaks kept. No page is
/// wider than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in
/// `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct TextEntryBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func aClerkEntersTextsBesideTheCounts(_ backend: TestBackend) throws {
        let password = "village-clerk-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲一村录入员", role: "clerk", unit: "A1", password: password)],
            create: ServeBrowserTests.county(FixtureCounty.textMetadata))
        defer { county.close() }
        let period = ServeBrowserTests.identifier(ServeBrowserTests.thisMonth)
        for (width, height) in [(1366, 900), (390, 844)] {
            let tab = try county.signedIn("甲一村录入员", password: password, width: width, height: height)
            try tab.go("\(county.base)/entry?dataset=monthly&orgunit=A1&period=\(period)")
            try county.fits(tab, width, "the entry form")
            #expect(try tab.evaluate("document.querySelector(\"input[name='v|remark|']\").type") as? String == "text")
            #expect(
                try tab.evaluate("document.querySelector(\"[name='v|story|']\").tagName") as? String == "TEXTAREA")
            let remark = width == 1366 ? "道路施工，部分住户外出务工" : "已通车"
            try tab.type("input[name='v|visits|']", "12")
            try tab.type("input[name='v|remark|']", remark)
            // Enter moves from the text field to the text area, where it starts a new line.
            try tab.pressEnter()
            #expect(try tab.evaluate("document.activeElement.name") as? String == "v|story|")
            try tab.typeHere("本月入户走访 12 户。")
            try tab.pressEnter()
            try tab.typeHere("两户外出，下月补访。")
            #expect(try tab.evaluate("document.activeElement.name") as? String == "v|story|")
            try county.shoot(tab, "text-entry-\(width)-1-typed")
            try tab.clickAndWait("#entry button[type=submit]")
            #expect(tab.url.contains("saved=1"), "\(tab.url)")
            #expect(
                try tab.evaluate("document.querySelector(\"input[name='v|remark|']\").value") as? String == remark)
            #expect(
                try tab.evaluate("document.querySelector(\"textarea[name='v|story|']\").value") as? String
                    == "本月入户走访 12 户。\n两户外出，下月补访。")
            try county.fits(tab, width, "the saved form")
            try county.shoot(tab, "text-entry-\(width)-2-saved")
            // The remark's history page names its change once it has one.
            try tab.go(
                "\(county.base)/history?element=remark&combo=&orgunit=A1&period=\(period)")
            try county.fits(tab, width, "the history page")
            #expect(try tab.text("strong.text") == remark)
            try county.shoot(tab, "text-entry-\(width)-3-history")
        }
    }
}
