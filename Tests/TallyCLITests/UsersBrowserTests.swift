import Foundation
import TallyCLI
import TallyServerTesting
import Testing

/// `tally serve` in a real headless Chromium, on a phone (390 px) and a desktop (1366 px): the county's admin adds a
/// user with a Chinese login name on the users page, the new user signs in with the one-time password shown once, is
/// sent to replace it, and reaches the dashboard; no page is wider than the screen and the menu stays on one line.
/// On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots in `TALLY_SCREENSHOTS/<backend>/` when set.
@Suite(.serialized) struct UsersBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func anAdminAddsLiMingOnAPhoneAndADesktop(_ backend: TestBackend) throws {
        let adminPassword = "county-admin-pass"
        let county = try ServedCounty(
            backend, users: [(name: "county.admin", role: "admin", unit: "C", password: adminPassword)])
        defer { county.close() }
        let (base, browser) = (county.base, county.browser)
        func shoot(_ tab: HeadlessChromium.Tab, _ name: String) throws { try county.shoot(tab, name) }
        func fits(_ tab: HeadlessChromium.Tab, _ width: Int, _ what: String) throws {
            try county.fits(tab, width, what)
        }

        for (width, height, name) in [(390, 844, "李明"), (1366, 900, "李明2")] {
            let admin = try county.signedIn("county.admin", password: adminPassword, width: width, height: height)
            #expect(admin.url.hasPrefix("\(base)/dashboard"), "the admin signed in: \(admin.url)")
            try admin.clickAndWait("header a[href='/admin/users']")
            #expect(try admin.text("h1") == "用户管理")
            try fits(admin, width, "the users page")
            try shoot(admin, "users-\(width)-1-page")
            try admin.type("#add input[name=name]", name)
            try admin.type("#add input[name=display_name]", "李明（甲一村）")
            try admin.type("#add input[name=orgunit]", "A1")
            try shoot(admin, "users-\(width)-2-form")
            try admin.clickAndWait("#add button[type=submit]")
            let notice = try admin.text("#notice") ?? ""
            #expect(notice.contains("\(name) 的一次性密码"), "\(notice)")
            let password = try #require(
                notice.firstMatch(of: /[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}/).map { String($0.output) })
            #expect(try admin.text("#users")?.contains(name) == true)
            try fits(admin, width, "the added user")
            try shoot(admin, "users-\(width)-3-added")

            // The new user, in a browser context of their own: sent to replace the one-time password first.
            let user = try browser.newTab(width: width, height: height)
            try user.go("\(base)/signin?lang=zh")
            try user.type("#signin input[name=name]", name)
            try user.type("#signin input[name=password]", password)
            try user.clickAndWait("#signin button[type=submit]")
            #expect(user.url == "\(base)/password", "\(name) signed in: \(user.url)")
            try fits(user, width, "the password page")
            try shoot(user, "users-\(width)-4-password")
            try user.type("#password input[name=current]", password)
            try user.type("#password input[name=new]", "李明自己的密码2026")
            try user.type("#password input[name=again]", "李明自己的密码2026")
            try user.clickAndWait("#password button[type=submit]")
            #expect(user.url.hasPrefix("\(base)/dashboard"), "after the change: \(user.url)")
            #expect(try user.text("header .who") == "\(name) (clerk)")
            try fits(user, width, "the new user's dashboard")
            try shoot(user, "users-\(width)-5-dashboard")
        }
    }
}
