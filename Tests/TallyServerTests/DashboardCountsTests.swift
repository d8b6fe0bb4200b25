import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

/// The dashboard's key figures with a rate's counts beside it, its period picker and its links to the bulletin,
/// the analysis page and the reporting grid for the same unit and period.
@Suite struct DashboardCountsTests {
    /// 甲镇 (TA) in 202601: births A1 3 + 2 and A2 1 = 6; the population of 2026 is A1's 1,210 (A2 has none for
    /// 2026), so the crude birth rate is 6 ÷ 1,210 × 1000 × 365/31 = 58.38‰; the query gives the same counts.
    @Test(arguments: TestBackend.available)
    func theRatesCountsAreTheQuerysNumeratorAndDenominator(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let page = try await client.execute(
                uri: "/dashboard?orgunit=TA&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let html = page.text
            let row = DashboardPageTests.section(html, from: "<tr data-figure=\"cbr\">", to: "</tr>")
            #expect(row.contains("<td class=\"n value\">58.38‰</td>"), "\(row)")
            #expect(row.contains("<td class=\"n counts\">6 / 1,210</td>"), "\(row)")
            // A count has no counts beside it.
            let births = DashboardPageTests.section(html, from: "<tr data-figure=\"births\">", to: "</tr>")
            #expect(births.contains("<td class=\"n value\">6</td><td class=\"n counts\"></td>"), "\(births)")
            #expect(html.contains("<th class=\"n\">分子／分母</th>"))
            // The same counts from the query.
            let query = try await client.execute(
                uri: "/api/query?indicator=cbr&orgunit=TA&period=202601", method: .get,
                headers: fixture.bearer("analyst"))
            #expect(query.status == .ok)
            let rows = try JSONSerialization.jsonObject(with: Data(query.text.utf8)) as? [[String: Any]] ?? []
            #expect((rows.first?["numerator"] as? NSNumber)?.doubleValue == 6, "\(query.text)")
            #expect((rows.first?["denominator"] as? NSNumber)?.doubleValue == 1210, "\(query.text)")
            // The picker lists the stored periods, this one chosen; the links keep the unit and the period.
            #expect(
                html.contains(
                    "<select name=\"period\"><option value=\"2026\">2026</option><option value=\"202601\" selected>202601</option><option value=\"2025\">2025</option></select>"
                ))
            #expect(html.contains("<a id=\"to-bulletin\" href=\"/bulletin?orgunit=TA&amp;period=202601\">本期简报</a>"))
            #expect(
                html.contains(
                    "<a id=\"to-analysis\" href=\"/analysis?orgunit=TA&amp;period=202601&amp;compare=last-year\">分析</a>"
                ))
            #expect(
                html.contains("<a id=\"to-grid\" href=\"/reporting?orgunit=TA&amp;period=202502..202601\">报送情况</a>"))
            for path in [
                "/bulletin?orgunit=TA&period=202601", "/analysis?orgunit=TA&period=202601&compare=last-year",
                "/reporting?orgunit=TA&period=202502..202601",
            ] {
                let linked = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
                #expect(linked.status == .ok, "\(path)")
            }
            // A clerk's dashboard has no such links (the clerk's menu has none of those pages).
            let (clerk, _) = try await signIn(client, "clerk")
            let home = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: clerk])
            #expect(!home.text.contains("dashboard-links"))
        }
    }

    /// The comparison picker: 环比 names the previous period in the columns, the sentences and the links; none drops
    /// the change columns and the comparison sentences; a word that is not a comparison is refused.
    @Test(arguments: TestBackend.available)
    func theComparisonChosen(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let previous = try await client.execute(
                uri: "/dashboard?orgunit=TA&period=202601&compare=previous", method: .get, headers: [.cookie: cookie])
            #expect(previous.status == .ok)
            var html = previous.text
            #expect(html.contains("<option value=\"previous\" selected>环比（上期）</option>"))
            #expect(html.contains("<th class=\"n\">上期 (202512)</th><th class=\"n\">环比</th>"))
            // Nothing but the picker speaks of last year.
            let figures = DashboardPageTests.section(html, from: "id=\"key-figures\"", to: "</section>")
            #expect(!figures.contains("去年同期") && !figures.contains("上年同期") && !figures.contains("同比"))
            #expect(
                html.contains(
                    "<a id=\"to-bulletin\" href=\"/bulletin?orgunit=TA&amp;period=202601&amp;compare=previous\">"))
            #expect(html.contains("href=\"/analysis?orgunit=TA&amp;period=202601&amp;compare=previous\""))
            // The units below open on 环比 too.
            #expect(html.contains("href=\"/dashboard?orgunit=A1&amp;period=202601&amp;compare=previous\""))
            let sentences = DashboardPageTests.section(html, from: "id=\"key-sentences\"", to: "</ul>")
            #expect(sentences.contains("上期"), "\(sentences)")

            let none = try await client.execute(
                uri: "/dashboard?orgunit=TA&period=202601&compare=none", method: .get, headers: [.cookie: cookie])
            #expect(none.status == .ok)
            html = none.text
            let table = DashboardPageTests.section(html, from: "id=\"key-figures-table\"", to: "</table>")
            #expect(!table.contains("change") && !table.contains("–") && !table.contains("同比"), "\(table)")
            #expect(html.contains("<li>出生数6。</li>"))
            #expect(html.contains("href=\"/bulletin?orgunit=TA&amp;period=202601&amp;compare=none\""))
            #expect(html.contains("href=\"/analysis?orgunit=TA&amp;period=202601\""))

            // The bulletin page keeps the comparison in its controls and speaks of it.
            let bulletin = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=202601&compare=previous", method: .get, headers: [.cookie: cookie])
            #expect(bulletin.status == .ok)
            #expect(bulletin.text.contains("<option value=\"previous\" selected>环比（上期）</option>"))
            #expect(bulletin.text.contains("比较对象：上期（2025年12月）"))

            let wrong = try await client.execute(
                uri: "/dashboard?orgunit=TA&period=202601&compare=yesterday", method: .get, headers: [.cookie: cookie])
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("compare 应为 last-year、previous 或 none"))
        }
    }
}
