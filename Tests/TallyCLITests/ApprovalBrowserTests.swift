import Foundation
import TallyServerTesting
import Testing

/// Submission and approval in a real headless Chromium on `tally serve`: the village's clerk, on a phone (390 px),
/// enters the last month and submits it; the town's analyst, on a desktop (1366 px), approves it on the approvals
/// page; the clerk's form is then locked with the note naming the approver; the county's grid shows the cell
/// approved. No page is wider than the screen. On SQLite and, with `TALLY_TEST_POSTGRES`, PostgreSQL; screenshots
/// in `TALLY_SCREENSHOTS/<backend>/approval-*.png` when set.
@Suite(.serialized) struct ApprovalBrowserTests {
    @Test(
        .enabled(if: BulletinBrowserTests.chromium != nil || BulletinBrowserTests.required),
        arguments: TestBackend.available)
    func theClerkSubmitsTheTownApprovesAndTheCountySeesIt(_ backend: TestBackend) throws {
        let password = "approval-pass-2026"
        let county = try ServedCounty(
            backend,
            users: [
                (name: "li.clerk", role: "clerk", unit: "A1", password: password),
                (name: "wang.town", role: "analyst", unit: "TA", password: password),
                (name: "sun.county", role: "admin", unit: "C", password: password),
            ])
        defer { county.close() }
        let base = county.base
        let month = ServeBrowserTests.identifier(ServeBrowserTests.month(ServeBrowserTests.thisMonth, back: 1))
        let entry = "\(base)/entry?dataset=monthly&orgunit=A1&period=\(month)"
        // The grid lists reports due before its day: the month's report is due on the 10th of this month.
        let now = ServeBrowserTests.thisMonth
        let asOf = String(format: "%04d-%02d-28", now.0, now.1)

        // The clerk, on a phone: enters the month's visits, saves, submits.
        let clerk = try county.signedIn("li.clerk", password: password, width: 390, height: 844)
        try clerk.go(entry)
        #expect(try clerk.text("#report-state strong") == "未上报")
        try county.fits(clerk, 390, "the clerk's form")
        try county.shoot(clerk, "approval-1-clerk-form-390")
        try clerk.type("input[name='v|visits|']", "12")
        try clerk.clickAndWait("#entry button[type=submit]")
        #expect(try clerk.text("p.ok") == "已保存。")
        try clerk.clickAndWait("#report-submit")
        #expect(try clerk.evaluate("document.querySelector('#report-state').dataset.stage") as? String == "submitted")
        try county.fits(clerk, 390, "the submitted form")
        try county.shoot(clerk, "approval-2-clerk-submitted-390")

        // The town's analyst, on a desktop: the approvals page from the menu, the report, approve.
        let town = try county.signedIn("wang.town", password: password, width: 1366, height: 900)
        try town.clickAndWait("header a[href='/approvals']")
        #expect(try town.text("h1") == "审核")
        let listed = try town.text("#pending") ?? ""
        #expect(listed.contains("甲一村") && listed.contains(month), "\(listed)")
        try county.fits(town, 1366, "the approvals page")
        try county.shoot(town, "approval-3-town-pending-1366")
        try town.clickAndWait("li.report button[value=approve]")
        #expect(try town.text("#pending-none") == "没有等待你审核的报表。")
        try county.shoot(town, "approval-4-town-approved-1366")

        // The clerk again: the form is locked, with the note; the inputs cannot be changed.
        try clerk.go(entry)
        let note = try clerk.text("#locked") ?? ""
        #expect(note.contains("wang.town") && note.contains("已锁定"), "\(note)")
        #expect(try clerk.evaluate("document.querySelector(\"input[name='v|visits|']\").disabled") as? Bool == true)
        #expect(try clerk.evaluate("!!document.querySelector('#entry button[type=submit]')") as? Bool == false)
        try county.fits(clerk, 390, "the locked form")
        try county.shoot(clerk, "approval-5-clerk-locked-390")

        // The county's grid: the village's cell is approved; the town's row counts one submitted and approved.
        for (width, height) in [(1366, 900), (390, 844)] {
            let admin = try county.signedIn("sun.county", password: password, width: width, height: height)
            try admin.go("\(base)/reporting?orgunit=C&dataset=monthly&period=\(month)&as_of=\(asOf)")
            let stage = try admin.evaluate(
                "document.querySelector('#grid tr[data-unit=A1] td[data-stage]')?.dataset.stage")
            #expect(stage as? String == "approved")
            #expect(try admin.text("#grid tr[data-unit=A1] td .stage") == "已审核")
            try county.fits(admin, width, "the county's grid")
            try county.shoot(admin, "approval-6-county-grid-\(width)")
        }
    }
}
