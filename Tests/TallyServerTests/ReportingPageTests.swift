import Foundation
import Hummingbird
import HummingbirdTesting
import TallyInterchange
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The reporting grid (`/reporting`, `GET /api/reporting/grid` and its workbook), the reminder
/// (`/reporting/overdue`) and the clerk's home page (forms on the latest open period, the open periods, their own
/// overdue reports).
///
/// The fixture's monthly report of January 2026 (due 10 February; today is 5 March): A1, A2 and B1 stored it on
/// 3 February (on time), B2 did not — the county 3 of 4 (75.0%), all received on time; February is not due yet.
@Suite struct ReportingPageTests {
    @Test(arguments: TestBackend.available)
    func theGridShowsEveryVillagesReports(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(
                uri: "/reporting?period=202601..202602&dataset=monthly", method: .get,
                headers: fixture.bearer("admin", language: "zh"))
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<h1>云溪县 · 月报 · 202601..202602</h1>"))
            // One column (February is not due), a row per village.
            #expect(html.components(separatedBy: "<th class=\"s\">").count - 1 == 1)
            #expect(html.contains("<tr data-unit=\"A1\">") && html.contains("<tr data-unit=\"B2\">"))
            #expect(html.components(separatedBy: "class=\"s ontime\"").count - 1 == 3)
            #expect(html.components(separatedBy: "class=\"s missing\"").count - 1 == 1)
            #expect(html.contains("title=\"截止日 2026-02-10\">缺报</td>"))
            // The row of B2: 0 of 1; the column and the whole: 3 of 4, 75.0%, on time 75.0%.
            #expect(html.contains("<td class=\"n\">0/1</td><td class=\"n\">0.0%</td>"))
            #expect(html.contains("<td class=\"n\">3/4</td><td class=\"n\">75.0%</td><td class=\"n\">75.0%</td>"))
            // In English.
            let english = try await client.execute(
                uri: "/reporting?period=202601&lang=en", method: .get, headers: fixture.bearer("admin", language: "en"))
            #expect(english.text.contains("<h1>云溪县 · Monthly report · 202601</h1>"))
            #expect(english.text.contains(">missing</td>") && english.text.contains(">on time</td>"))
            #expect(english.text.contains(">Download Excel</a>"))
            // The links to the workbook and the reminder keep the filters.
            #expect(html.contains("href=\"/api/reporting/grid?orgunit=C&amp;dataset=monthly&amp;period=202601..202602"))
            // The menu has the page for an admin and an analyst, not for a clerk.
            #expect(html.contains("<a href=\"/reporting\">报送</a>"))
            let clerk = try await client.execute(uri: "/reporting", method: .get, headers: fixture.bearer("clerk"))
            #expect(clerk.status == .ok)
            #expect(!clerk.text.contains("<a href=\"/reporting\">"))
            // A clerk sees their own village only.
            #expect(clerk.text.contains("<tr data-unit=\"A1\">") && !clerk.text.contains("<tr data-unit=\"A2\">"))
            // An analyst of 甲镇: its villages; 乙镇 is refused.
            let analyst = try await client.execute(
                uri: "/reporting?period=202601", method: .get, headers: fixture.bearer("analyst"))
            #expect(analyst.text.contains("<tr data-unit=\"A2\">") && !analyst.text.contains("<tr data-unit=\"B1\">"))
            let refused = try await client.execute(
                uri: "/reporting?period=202601&orgunit=TB", method: .get, headers: fixture.bearer("analyst"))
            #expect(refused.status == .forbidden)
            // Unknown datasets and too long ranges are refused.
            let unknown = try await client.execute(
                uri: "/reporting?period=202601&dataset=weekly", method: .get, headers: fixture.bearer("admin"))
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("reporting.unknownDataset"))
            let long = try await client.execute(
                uri: "/reporting?period=200001..202601", method: .get, headers: fixture.bearer("admin"))
            #expect(long.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestBackend.available)
    func theGridsJSONAndWorkbookCarryThePagesFigures(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let json = try await client.execute(
                uri: "/api/reporting/grid?period=202601&dataset=monthly", method: .get,
                headers: fixture.bearer("admin"))
            #expect(json.status == .ok)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let total = try #require(object["total"] as? [String: Any])
            #expect(total["expected"] as? Int == 4 && total["received"] as? Int == 3 && total["missing"] as? Int == 1)
            #expect(total["completeness"] as? Double == 0.75 && total["submitted"] as? Int == 0)
            let units = try #require(object["units"] as? [[String: Any]])
            #expect(units.map { $0["orgunit"] as? String } == ["A1", "A2", "B1", "B2"])
            #expect(units.map { $0["cells"] as? [String] } == [["on_time"], ["on_time"], ["on_time"], ["missing"]])
            let xlsx = try await client.execute(
                uri: "/api/reporting/grid?period=202601&dataset=monthly&format=xlsx", method: .get,
                headers: fixture.bearer("admin", language: "zh"))
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let workbook = try Workbook(bytes: Array(xlsx.body.readableBytesView), file: "grid.xlsx")
            let rows = try workbook.textRows(sheet: "units").map(\.fields)
            #expect(rows.first?.prefix(7) == ["orgunit", "name", "202601", "expected", "received", "on_time", "late"])
            #expect(
                rows.dropFirst().map { Array($0.prefix(5)) } == [
                    ["A1", "甲一村", "按时", "1", "1"], ["A2", "甲二村", "按时", "1", "1"], ["B1", "乙一村", "按时", "1", "1"],
                    ["B2", "乙二村", "缺报", "1", "0"], ["", "合计", "3", "4", "3"],
                ])
            let periods = try workbook.textRows(sheet: "periods").map(\.fields)
            #expect(
                periods.map { Array($0.prefix(4)) } == [
                    ["period", "expected", "received", "on_time"], ["202601", "4", "3", "3"], ["合计", "4", "3", "3"],
                ])
            let bad = try await client.execute(
                uri: "/api/reporting/grid?period=202601&format=pdf", method: .get, headers: fixture.bearer("admin"))
            #expect(bad.status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func theReminderNamesTheClerksToContact(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let accounts = fixture.server.backend.accounts
        try await fixture.application.test(.router) { client in
            var page = try await client.execute(
                uri: "/reporting/overdue?period=202601&orgunit=TB&dataset=monthly", method: .get,
                headers: fixture.bearer("admin", language: "zh"))
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>乙镇 · 月报 · 202601 催报单</h1>"))
            #expect(
                page.text.contains(
                    "<tr data-unit=\"B2\"><td>乙二村</td><td>202601</td><td class=\"missing\">缺报</td><td>2026-02-10</td><td>（无用户）</td></tr>"
                ))
            #expect(!page.text.contains("data-unit=\"B1\""))
            #expect(page.text.contains("id=\"print\""))
            try accounts.addUser(
                UserAccount(name: "b2.clerk", role: .clerk, orgUnit: "B2", created: 0, displayName: "<赵六>"),
                passwordHash: "x")
            page = try await client.execute(
                uri: "/reporting/overdue?period=202601&orgunit=TB&dataset=monthly", method: .get,
                headers: fixture.bearer("admin", language: "zh"))
            #expect(page.text.contains("<td>&lt;赵六&gt; (b2.clerk)</td>"))
            // 甲镇 has nothing overdue.
            page = try await client.execute(
                uri: "/reporting/overdue?period=202601&orgunit=TA&dataset=monthly", method: .get,
                headers: fixture.bearer("admin", language: "en"))
            #expect(page.text.contains("No report is missing or late."))
        }
    }

    @Test(arguments: TestBackend.available)
    func aClerksHomeOpensOnTheOpenMonth(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // On 2026-03-05 with 30 days after the due day: 202603 (begun), 202602 and 202601 are open, 202512 is
            // closed; the form opens on the latest ended one, 202602.
            let page = try await client.execute(
                uri: "/dashboard", method: .get, headers: fixture.bearer("clerk", language: "zh"))
            #expect(page.status == .ok)
            let html = page.text
            #expect(
                html.contains(
                    "<a class=\"form\" data-dataset=\"monthly\" href=\"/entry?dataset=monthly&amp;orgunit=A1&amp;period=202602\">月报 · 202602</a>"
                ))
            #expect(
                html.contains(
                    "<option value=\"202603\">202603</option><option value=\"202602\" selected>202602</option><option value=\"202601\">202601</option></select>"
                ))
            #expect(!html.contains("<option value=\"202512\">"))
            // The yearly population: 2026 is open (not ended).
            #expect(html.contains("period=2026\">年度人口 · 2026</a>"))
            // A1's own overdue reports: the months of the last year before January 2026 (the fixture holds only
            // January); December's is listed first and, being closed, without a link.
            #expect(html.contains("<ul id=\"own-overdue\"><li class=\"missing\">月报 · 202512 · 截止日 2026-01-10</li>"))
            // The village's own reports month by month, on the reporting page.
            #expect(html.contains("<a class=\"muted\" id=\"own-reporting\" href=\"/reporting?orgunit=A1\">报送情况</a>"))
            // In English.
            let english = try await client.execute(
                uri: "/dashboard?lang=en", method: .get, headers: fixture.bearer("clerk", language: "en"))
            #expect(english.text.contains(">Monthly report · 202602</a>"))
            #expect(english.text.contains("<label>Periods open for entry <select name=\"period\">"))
            #expect(english.text.contains("<h3>My overdue reports "))
            // An analyst enters nothing: no forms.
            let analyst = try await client.execute(
                uri: "/dashboard", method: .get, headers: fixture.bearer("analyst"))
            #expect(!analyst.text.contains("id=\"forms\""))
        }
    }
}
