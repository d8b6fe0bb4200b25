import Foundation
import TallyServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The small county served by the real `tally serve` in a temporary directory, with its users added by `tally user
/// add`, and a headless Chromium to drive it: what the browser tests of single pages share. ``close()`` stops both
/// and removes the directory (and the PostgreSQL schema).
final class ServedCounty {
    let backend: TestBackend
    let dir: URL
    let db: String
    let base: String
    let browser: HeadlessChromium
    private let server: Process

    /// Serves the county on `backend` with `users` (name, role, org unit, password) added.
    init(_ backend: TestBackend, users: [(name: String, role: String, unit: String, password: String)]) throws {
        let chromium = try #require(
            BulletinBrowserTests.chromium, "Chromium is required (TALLY_BROWSER_TESTS=required) but not installed")
        try #require(ServeBrowserTests.tally != nil, "the tally program is not beside the test binary; build it")
        self.backend = backend
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not kill the test process
        db = backend.location(in: dir)
        try ServeBrowserTests.createCounty(db: db, in: dir)
        for user in users {
            let (status, output) = try ServeBrowserTests.run(
                ["user", "add", user.name, "--role", user.role, "--orgunit", user.unit, "--db", db],
                input: user.password + "\n")
            try #require(status == 0, "tally user add \(user.name): \(output)")
        }
        (server, base) = try ServeBrowserTests.serve(db: db, in: dir)
        browser = try HeadlessChromium(executable: chromium)
    }

    func close() {
        browser.close()
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
        TestBackend.drop(db)
        try? FileManager.default.removeItem(at: dir)
    }

    /// Saves a screenshot of `tab` as `name`.png in `TALLY_SCREENSHOTS`/<backend> when that is set.
    func shoot(_ tab: HeadlessChromium.Tab, _ name: String) throws {
        try ServeBrowserTests.shoot(tab, name, backend: backend)
    }

    /// Expects the page to fit the screen: nothing wider than the viewport, and the menu on one line.
    func fits(_ tab: HeadlessChromium.Tab, _ width: Int, _ what: String) throws {
        let widths = try tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") as? [Any] ?? []
        let page = (widths.first as? NSNumber)?.intValue ?? .max
        #expect(page <= width, "\(what) at \(width) px is \(page) px wide")
        // One line: every item of the menu overlaps every other vertically.
        let oneLine =
            try tab.evaluate(
                """
                (() => { const boxes = [...document.querySelectorAll('header nav > *')]
                  .filter(e => e.getClientRects().length > 0).map(e => e.getBoundingClientRect());
                  return Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom)); })()
                """) as? Bool
        #expect(oneLine == true, "the menu of \(what) at \(width) px wraps")
    }

    /// A new tab of `width` × `height` signed in as `name` (Chinese pages).
    func signedIn(_ name: String, password: String, width: Int, height: Int) throws -> HeadlessChromium.Tab {
        let tab = try browser.newTab(width: width, height: height)
        try tab.go("\(base)/signin?lang=zh")
        try tab.type("#signin input[name=name]", name)
        try tab.type("#signin input[name=password]", password)
        try tab.clickAndWait("#signin button[type=submit]")
        return tab
    }
}
