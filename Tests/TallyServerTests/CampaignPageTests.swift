import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

/// `/campaign`: the standing of `tally targets` for a unit and its children as of a day, under a GET form; the
/// dashboard's links to it and to `/quality`; hostile controls refused.
@Suite struct CampaignPageTests {
    /// A threshold campaign over January 2026: the crude birth rate at least 50 ‰.
    static let metadata =
        FixtureCounty.metadata + """
            campaigns:
              cbr_watch: {name: {en: Birth-rate watch, zh: 出生率监测}, indicator: cbr, threshold: 50, start: 2026-01-01, end: 2026-01-31, level: 3}

            """

    @Test(arguments: TestBackend.available)
    func theStandingIsShownAsOfADayWithTheUnitsBelowTheThreshold(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: Self.metadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let get = { (uri: String) in try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) }
            // Today (2026-03-05) is after the campaign: its last day. 甲一村: 5 births ÷ 1,210 × 1,000 × 365 ÷ 31
            // = 48.65 ‰, below 50; 甲镇: 6 ÷ 1,210 (甲二村 has no population for 2026) × 1,000 × 365 ÷ 31 = 58.38.
            let page = try await get("/campaign")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<a id=\"menu-campaign\" href=\"/campaign\">专项行动</a>"))
            #expect(html.contains("<h1>甲镇 · 专项行动</h1>"))
            #expect(html.contains("<option value=\"cbr_watch\" selected>出生率监测</option>"))
            #expect(html.contains("<input type=\"date\" name=\"as_of\" value=\"2026-01-31\">"))
            #expect(html.contains("<h2>出生率监测（cbr_watch）：2026-01-01至2026-01-31，截至2026-01-31（第31天，共31天）</h2>"))
            #expect(
                html.contains(
                    "<tr><td class=\"n\"></td><td>甲镇</td><td class=\"n\">58.4</td><td class=\"n\">50.0</td><td>达到</td></tr>"
                ))
            #expect(
                html.contains(
                    "<tr><td class=\"n\">1</td><td>甲一村</td><td class=\"n\">48.7</td><td class=\"n\">50.0</td><td>未达到</td></tr>"
                ))
            #expect(html.contains("<li>低于阈值：甲一村</li>"))
            // The same as of a day given, kept in the address for the language switch.
            let given = try await get("/campaign?campaign=cbr_watch&orgunit=TA&as_of=2026-01-31&lang=en")
            #expect(given.status == .ok)
            #expect(
                given.text.contains("href=\"/campaign?orgunit=TA&amp;campaign=cbr_watch&amp;as_of=2026-01-31&lang=zh\"")
            )
            #expect(given.text.contains("<td>甲一村</td><td class=\"n\">48.7</td><td class=\"n\">50.0</td><td>below</td>"))

            // The dashboard links the quality page for its unit and period and the campaign page for its unit.
            let dashboard = try await get("/dashboard?orgunit=TA&period=202601")
            #expect(dashboard.text.contains("<a id=\"to-quality\" href=\"/quality?orgunit=TA&amp;period=202601\">"))
            #expect(dashboard.text.contains("<a id=\"to-campaign\" href=\"/campaign?orgunit=TA\">"))
            #expect(dashboard.text.contains("<section id=\"campaigns\">"))

            // Hostile or wrong controls are refused.
            for (uri, status) in [
                ("/campaign?campaign=nothing", HTTPResponse.Status.notFound),
                ("/campaign?as_of=2026-13-01", .badRequest),
                ("/campaign?as_of=2025-12-01", .badRequest),
                ("/campaign?as_of=3000-01-01", .unprocessableContent),
                ("/campaign?orgunit=TB", .forbidden),
                ("/campaign?campaign=cbr%0Awatch", .unprocessableContent),
            ] {
                let refused = try await get(uri)
                #expect(refused.status == status, "\(uri): \(refused.status)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aCountyWithoutCampaignsSaysSo(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "admin")
            let page = try await client.execute(uri: "/campaign?lang=en", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<p>The metadata defines no campaign (campaigns:).</p>"))
        }
    }
}
