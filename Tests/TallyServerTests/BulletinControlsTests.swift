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
}
