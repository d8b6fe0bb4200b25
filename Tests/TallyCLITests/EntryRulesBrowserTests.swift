import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium on a phone (390 px): a village clerk types a month whose births
/// exceed its visits, a validation rule of `medium` importance (``FixtureCounty/rules``); the form shows the broken
/// rule with both sides' figures in Chinese beside the fields and asks for the tick; the clerk corrects the visits
/// and saves. No page is wider than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots
/// in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct EntryRulesBrowserTests {
    /// The small county with the rules, no values.
    static func create(db: String, in dir: URL) throws {
        let metadata = dir.appendingPathComponent("tally.yaml").path
        let orgUnits = dir.appendingPathComponent("orgunits.csv").path
        try (FixtureCounty.metadata + FixtureCounty.rules).write(toFile: metadata, atomically: true, encoding: .utf8)
        try FixtureCounty.orgUnits.write(toFile: orgUnits, atomically: true, encoding: .utf8)
        #expect(TallyCommand.runMain(["init", "--db", db, "--metadata", metadata, "--orgunits", orgUnits]) == 0)
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func aClerkSeesABrokenRuleBesideTheFieldsAndFixesIt(_ backend: TestBackend) throws {
        let password = "village-clerk-pass"
        let county = try ServedCounty(
            backend, users: [(name: "甲一村录入员", role: "clerk", unit: "A1", password: password)], create: Self.create)
        defer { county.close() }
        let period = ServeBrowserTests.identifier(ServeBrowserTests.thisMonth)
        let width = 390
        let tab = try county.signedIn("甲一村录入员", password: password, width: width, height: 844)
        try tab.go("\(county.base)/entry?dataset=monthly&orgunit=A1&period=\(period)")
        try county.fits(tab, width, "the entry form")
        try tab.type("input[name='v|births|male']", "3")
        try tab.type("input[name='v|births|female']", "2")
        try tab.type("input[name='v|visits|']", "4")
        try county.shoot(tab, "entry-rules-390-1-typed")
        try tab.clickAndWait("#entry button[type=submit]")

        let rule = try tab.text("td.rule[data-rule='births_by_visits']") ?? ""
        #expect(rule == "校验规则“出生不超过访视”不成立：左边 5，应 <= 右边 4", "\(rule)")
        // Beside its fields: right after the visits' row, the fields marked.
        #expect(
            try tab.evaluate(
                "document.querySelector(\"input[name='v|visits|']\").closest('tr').nextElementSibling.classList.contains('rule')"
            ) as? Bool == true)
        #expect(
            try tab.evaluate("document.querySelectorAll(\"input[aria-invalid='true']\").length") as? Int == 3)
        #expect(try tab.evaluate("document.querySelector(\"input[name='confirm_rules']\") !== null") as? Bool == true)
        #expect(try tab.evaluate("document.querySelector(\"input[name='v|visits|']\").value") as? String == "4")
        try county.fits(tab, width, "the broken rule")
        try county.shoot(tab, "entry-rules-390-2-broken")

        try tab.type("input[name='v|visits|']", "6")
        try tab.clickAndWait("#entry button[type=submit]")
        #expect(tab.url.contains("saved=1"), "\(tab.url)")
        #expect(try tab.evaluate("document.querySelector('td.rule') === null") as? Bool == true)
        #expect(try tab.evaluate("document.querySelector(\"input[name='v|visits|']\").value") as? String == "6")
        try county.fits(tab, width, "the saved form")
        try county.shoot(tab, "entry-rules-390-3-saved")
    }
}
