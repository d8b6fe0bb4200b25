import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

/// `/bulletin` in the browser: the menu and a plain GET form above the bulletin, whose state is the address; the
/// downloaded page (`/api/bulletin?format=html`) stays without them.
@Suite struct BulletinControlsTests {
    @Test(arguments: TestBackend.available)
    func theControlsKeepThePagesStateAndStayOutOfTheDownload(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let page = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<form class=\"bulletin-controls\" method=\"get\" action=\"/bulletin\">"))
            // The analyst's subtree only: 甲镇 and its villages, not 乙镇.
            #expect(html.contains("<option value=\"TA\" selected>甲镇</option>"))
            #expect(html.contains("<option value=\"A1\">　甲一村</option>"))
            #expect(!html.contains("value=\"TB\""))
            // The stored periods that have begun by the fixed today (2026-03-05), the latest ending first.
            let periods = DashboardPageTests.matches(
                #"<option value="([0-9]+)"(?: selected)?>"#,
                in: DashboardPageTests.section(html, from: "<select name=\"period\">", to: "</select>"))
            #expect(periods.map { $0[0] } == ["2026", "202601", "2025"])
            #expect(html.contains("<option value=\"202601\" selected>202601</option>"))
            #expect(html.contains("<select name=\"campaign\"><option value=\"\" selected>无</option></select>"))
            #expect(html.contains("<option value=\"zh\" selected>中文</option>"))
            #expect(html.contains("<button type=\"button\" id=\"print\">打印或另存为PDF</button>"))
            #expect(html.contains("<a id=\"menu-bulletin\" href=\"/bulletin\">简报</a>"))
            #expect(html.contains("@media print { .tally-toolbar { display: none; } }"))
            #expect(html.contains("<h1>甲镇统计简报</h1>"))
            // A plain form sends the fields left blank: no campaign, no as-of day.
            let english = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=2025&campaign=&as_of=&lang=en", method: .get,
                headers: [.cookie: cookie])
            #expect(english.status == .ok)
            #expect(english.text.contains("<option value=\"2025\" selected>2025</option>"))
            #expect(english.text.contains("<option value=\"en\" selected>English</option>"))
            #expect(english.text.contains("<h1>甲镇 statistical bulletin</h1>"))
            // The download is the bulletin alone: no menu, no form, no script.
            let download = try await client.execute(
                uri: "/api/bulletin?orgunit=TA&period=202601&format=html", method: .get, headers: [.cookie: cookie])
            #expect(download.status == .ok)
            for forbidden in ["tally-toolbar", "<form", "<script", "<nav"] {
                #expect(!download.text.contains(forbidden), "the download has \(forbidden)")
            }
            // A clerk's menu has no bulletin.
            let (clerk, _) = try await signIn(client, "clerk")
            let home = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: clerk])
            #expect(!home.text.contains("menu-bulletin"))
        }
    }

    /// `report.number` as a pattern: each period's bulletin fills `{year}` and `{seq}`; the page's `number` control
    /// sets another for this issue, kept in the address; a brace that is no placeholder is refused.
    @Test(arguments: TestBackend.available)
    func theIssueNumberIsFilledForThePeriodAndTheControlOverridesIt(_ backend: TestBackend) async throws {
        let metadata =
            FixtureCounty.metadata + """
                report:
                  office: {zh: 云溪县统计局, en: Yunxi County Statistics Bureau}
                  number: "云统〔{year}〕{seq}号"

                """
        let fixture = try Fixture.make(backend, metadata: metadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let get = { (uri: String) in try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) }
            // January 2026: the first month of 2026; the year 2025: the first of its year.
            let january = try await get("/bulletin?orgunit=TA&period=202601")
            #expect(january.text.contains("<p class=\"issuer\">云溪县统计局　云统〔2026〕1号</p>"))
            #expect(january.text.contains("placeholder=\"云统〔{year}〕{seq}号\""))
            let year = try await get("/bulletin?orgunit=TA&period=2025")
            #expect(year.text.contains("<p class=\"issuer\">云溪县统计局　云统〔2025〕1号</p>"))
            // This issue's own number, for the fourth quarter of 2025, kept in the language link.
            let own = try await get("/bulletin?orgunit=TA&period=2025Q4&number=%E7%AC%AC%7Bseq%7D%E6%9C%9F&lang=en")
            #expect(own.status == .ok)
            #expect(own.text.contains("<p class=\"issuer\">Yunxi County Statistics Bureau · 第4期</p>"))
            #expect(own.text.contains("value=\"第{seq}期\""))
            #expect(own.text.contains("&amp;number=%E7%AC%AC%7Bseq%7D%E6%9C%9F"))
            // A typing error in the braces, a line break, or too long a number is refused.
            for uri in [
                "/bulletin?orgunit=TA&period=202601&number=%7Byaer%7D",
                "/bulletin?orgunit=TA&period=202601&number=a%0Ab",
                "/bulletin?orgunit=TA&period=202601&number=" + String(repeating: "x", count: 41),
            ] {
                let refused = try await get(uri)
                #expect(refused.status == .badRequest || refused.status == .unprocessableContent, "\(uri)")
            }
        }
    }
}
