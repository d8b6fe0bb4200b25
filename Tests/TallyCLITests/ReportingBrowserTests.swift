import Foundation
import TallyCLI
import TallyInterchange
import TallyServerTesting
import Testing

/// `tally serve` on the demo county in a real headless Chromium, on a phone (390 px) and a desktop (1366 px): a
/// village's clerk signs in and lands on the open month's form with the open months to pick from; the county's
/// analyst opens the reporting grid from the menu, filters it to a town and a financial year, downloads the
/// workbook (read back and compared with the page's numbers) and opens the town's reminder to print. No page is
/// wider than the screen. On SQLite (the demo's own database) and, with `TALLY_TEST_POSTGRES`, PostgreSQL (the
/// demo's files imported); screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct ReportingBrowserTests {
    /// The demo county in `db`: the demo's own SQLite database, or its files imported into PostgreSQL; the demo's
    /// files in `dir`/demo.
    static func demo(_ db: String, _ dir: URL) throws {
        let demo = dir.appendingPathComponent("demo").path
        guard db.hasPrefix("postgres") else {
            #expect(TallyCommand.runMain(["demo", "--dir", demo]) == 0)
            try FileManager.default.copyItem(atPath: demo + "/tally.sqlite", toPath: db)
            return
        }
        #expect(TallyCommand.runMain(["demo", "--dir", demo, "--files-only"]) == 0)
        #expect(
            TallyCommand.runMain([
                "init", "--db", db, "--metadata", demo + "/tally.yaml", "--orgunits", demo + "/orgunits.csv",
            ]) == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: demo).filter {
            $0.hasSuffix(".csv") && !["orgunits.csv", "targets.csv"].contains($0)
        }
        for file in files.sorted() {
            #expect(TallyCommand.runMain(["import", "--db", db, demo + "/" + file]) == 0, "import \(file)")
        }
    }

    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func aClerkLandsOnTheOpenMonthAndAnAnalystDownloadsTheGrid(_ backend: TestBackend) throws {
        let served = try ServedCounty(backend, users: [], create: Self.demo)
        defer { served.close() }
        let base = served.base
        // The county, its first town and the town's first village, from the demo's org-unit file.
        let rows = try String(contentsOf: served.dir.appendingPathComponent("demo/orgunits.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        let county = try #require(rows.first { $0.count >= 3 && $0[2].isEmpty })
        let town = try #require(rows.first { $0.count >= 3 && $0[2] == county[0] })
        let village = try #require(rows.first { $0.count >= 3 && $0[2] == town[0] })
        let password = "demo-password-2026"
        for (name, role, unit) in [("county.analyst", "analyst", county[0]), ("village.clerk", "clerk", village[0])] {
            let (status, output) = try ServeBrowserTests.run(
                ["user", "add", name, "--role", role, "--orgunit", unit, "--db", served.db], input: password + "\n")
            try #require(status == 0, "tally user add: \(output)")
        }
        func shoot(_ tab: HeadlessChromium.Tab, _ name: String) throws { try served.shoot(tab, name) }
        func fits(_ tab: HeadlessChromium.Tab, _ width: Int, _ what: String) throws {
            try served.fits(tab, width, what)
        }
        func signedIn(_ name: String, _ width: Int, _ height: Int) throws -> HeadlessChromium.Tab {
            let tab = try served.signedIn(name, password: password, width: width, height: height)
            #expect(tab.url.hasPrefix("\(base)/dashboard"), "\(name) signed in: \(tab.url)")
            return tab
        }
        // The open month: the last month has ended and is open (due on the 10th, closing 30 days later).
        let now = ServeBrowserTests.thisMonth
        let lastMonth = ServeBrowserTests.identifier(ServeBrowserTests.month(now, back: 1))
        let thisMonth = ServeBrowserTests.identifier(now)
        let threeBack = ServeBrowserTests.identifier(ServeBrowserTests.month(now, back: 3))

        for (width, height) in [(390, 844), (1366, 900)] {
            let clerk = try signedIn("village.clerk", width, height)
            let form = try #require(
                try clerk.evaluate("document.querySelector('a.form[data-dataset=monthly]')?.getAttribute('href')")
                    as? String)
            #expect(form.hasSuffix("&period=\(lastMonth)"), "the clerk's form: \(form)")
            let options =
                try clerk.evaluate(
                    "[...document.querySelectorAll('#forms select[name=period]')].flatMap(s => [...s.options].map(o => o.value))"
                ) as? [String] ?? []
            #expect(options.contains(thisMonth) && options.contains(lastMonth) && !options.contains(threeBack))
            try fits(clerk, width, "the clerk's home page")
            try shoot(clerk, "grid-\(width)-1-clerk-home")
            try clerk.clickAndWait("a.form[data-dataset=monthly]")
            #expect(clerk.url.hasSuffix("period=\(lastMonth)"))
            try fits(clerk, width, "the clerk's form")
            try shoot(clerk, "grid-\(width)-2-clerk-form")

            let analyst = try signedIn("county.analyst", width, height)
            try analyst.clickAndWait("header a[href='/reporting']")
            #expect(try analyst.text("h1")?.hasPrefix(county[1]) == true)
            try fits(analyst, width, "the county's grid")
            try shoot(analyst, "grid-\(width)-3-county")
            // Filter to the town and the financial year 2025Oct.
            _ = try analyst.evaluate(
                "document.querySelector('#filters select[name=orgunit]').value = \(HeadlessChromium.Tab.literal(town[0]))"
            )
            try analyst.type("#filters input[name=period]", "2025Oct")
            try analyst.clickAndWait("#filters button[type=submit]")
            let heading = try analyst.text("h1") ?? ""
            #expect(heading.hasPrefix(town[1]), "\(heading)")
            let villages = try analyst.evaluate("document.querySelectorAll('#grid tbody tr').length") as? Int ?? 0
            #expect(villages == rows.filter { $0.count >= 3 && $0[2] == town[0] }.count)
            try fits(analyst, width, "the town's grid")
            try shoot(analyst, "grid-\(width)-4-town")
            // The page's figures: per period received/expected, and the whole.
            let columns =
                try analyst.evaluate(
                    "[...document.querySelectorAll('#grid tfoot tr.received td')].map(td => td.textContent)")
                as? [String] ?? []
            let periods =
                try analyst.evaluate(
                    "[...document.querySelectorAll('#grid thead th.s')].map(th => th.textContent)") as? [String]
                ?? []
            #expect(periods.count == 12 && columns.count == periods.count + 5)
            // The workbook, as the download link gives it with the analyst's session.
            let encoded = try #require(
                try analyst.evaluate(
                    """
                    fetch(document.querySelector('#download').href, {credentials: 'same-origin'})
                      .then(r => r.arrayBuffer()).then(b => { let s = ''; const a = new Uint8Array(b);
                        for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]); return btoa(s); })
                    """) as? String)
            let bytes = try #require(Data(base64Encoded: encoded))
            let workbook = try Workbook(bytes: [UInt8](bytes), file: "grid.xlsx")
            let sheet = try workbook.textRows(sheet: "periods").map(\.fields)
            #expect(sheet.first?.prefix(4) == ["period", "expected", "received", "on_time"])
            let fromSheet = sheet.dropFirst().map { "\($0[2])/\($0[1])" }
            // The periods' rows, then the total: the page's footer, column by column, then its total.
            #expect(fromSheet == Array(columns.prefix(periods.count + 1)), "\(fromSheet) against \(columns)")
            #expect(sheet.dropFirst().dropLast().map { $0[0] } == periods)
            let units = try workbook.textRows(sheet: "units").map(\.fields)
            #expect(units.count == villages + 2)
            let total =
                try analyst.evaluate(
                    "[...document.querySelectorAll('#totals strong')].map(s => s.textContent)") as? [String] ?? []
            #expect(Array(total.prefix(2)) == Array(sheet.last?[1...2] ?? []))
            // The town's reminder, to print.
            try analyst.clickAndWait("#overdue-link")
            #expect(try analyst.text("h1")?.hasSuffix("催报单") == true)
            try fits(analyst, width, "the reminder")
            try shoot(analyst, "grid-\(width)-5-reminder")
            // Printed: without the menu, the filters and the buttons.
            _ = try analyst.command("Emulation.setEmulatedMedia", ["media": "print"])
            let hidden =
                try analyst.evaluate(
                    "['header', 'form.filters', '.noprint'].map(s => getComputedStyle(document.querySelector(s)).display)"
                ) as? [String]
            #expect(hidden == ["none", "none", "none"])
            try shoot(analyst, "grid-\(width)-6-reminder-printed")
            _ = try analyst.command("Emulation.setEmulatedMedia", ["media": ""])
        }
    }
}
