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
            #expect(html.contains("<a id=\"to-analysis\" href=\"/analysis?orgunit=TA&amp;period=202601\">分析</a>"))
            #expect(
                html.contains("<a id=\"to-grid\" href=\"/reporting?orgunit=TA&amp;period=202502..202601\">报送情况</a>"))
            for path in [
                "/bulletin?orgunit=TA&period=202601", "/analysis?orgunit=TA&period=202601",
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
}
