import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The admin's page for reopening and closing periods, in a browser's terms: a session cookie and forms.
@Suite struct PeriodsPageTests {
    @Test(arguments: TestBackend.available)
    func anAdminReopensAndClosesAMonthFromThePage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let page = "/admin/periods?dataset=monthly&period=202512&orgunit=A1&lang=en"
            // Only admins see the page.
            let (clerkCookie, _) = try await signIn(client, "clerk")
            let refused = try await client.execute(uri: page, method: .get, headers: [.cookie: clerkCookie])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("access.adminOnly"))
            let (cookie, csrf) = try await signIn(client, "admin")
            // 202512 was due on 2026-01-10 and closed 30 days later; the clock says 2026-03-05.
            let before = try await client.execute(uri: page, method: .get, headers: [.cookie: cookie])
            #expect(before.status == .ok)
            #expect(before.text.contains("Last day of entry: <strong>2026-02-09</strong>"))
            #expect(before.text.contains("class=\"closed\">closed</strong>"))
            #expect(before.text.contains("href=\"/admin/periods\">Reporting periods</a>"))
            let form: HTTPFields = [
                .cookie: cookie, .contentType: "application/x-www-form-urlencoded", .acceptLanguage: "en",
            ]
            let reopen = "dataset=monthly&period=202512&orgunit=TA&until=2026-03-31&action=reopen"
            // A form without the session's CSRF token changes nothing.
            let forged = try await client.execute(
                uri: "/admin/periods", method: .post, headers: form, body: body(reopen))
            #expect(forged.status == .forbidden)
            #expect(try await isOpenForClerk(client, fixture) == false)
            // Bad input is refused with the field named.
            for (fields, message) in [
                (
                    "dataset=monthly&period=202512&orgunit=TA&until=31.3.2026&action=reopen",
                    "until: &#39;31.3.2026&#39;"
                ),
                ("dataset=monthly&period=2025&orgunit=TA&action=reopen", "2025 is not a period of monthly"),
                ("dataset=weekly&period=202512&orgunit=TA&action=reopen", "&#39;weekly&#39; is not a dataset"),
                ("dataset=monthly&period=202512&orgunit=TA&action=open", "action: expected reopen or close"),
            ] {
                let bad = try await client.execute(
                    uri: "/admin/periods", method: .post, headers: form, body: body("csrf=\(csrf)&" + fields))
                #expect(bad.status == .badRequest || bad.status == .notFound, "\(fields)")
                #expect(bad.text.contains(message), "\(fields): \(bad.text)")
            }
            #expect(try await isOpenForClerk(client, fixture) == false)
            // Reopened for the town until the end of March: the village's clerk may enter December again.
            let saved = try await client.execute(
                uri: "/admin/periods", method: .post, headers: form, body: body("csrf=\(csrf)&" + reopen))
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/admin/periods?dataset=monthly&period=202512&orgunit=TA&saved=reopen")
            #expect(try await isOpenForClerk(client, fixture) == true)
            let after = try await client.execute(uri: page, method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("class=\"open\">open for entry</strong>"))
            #expect(after.text.contains("<td>甲镇 (TA)</td><td>Reopen</td><td>2026-03-31</td><td>admin</td>"))
            // Closed again: the clerk is refused, and both decisions are listed, the latest first.
            let closed = try await client.execute(
                uri: "/admin/periods", method: .post, headers: form,
                body: body("csrf=\(csrf)&dataset=monthly&period=202512&orgunit=C&action=close"))
            #expect(closed.status == .seeOther)
            #expect(try await isOpenForClerk(client, fixture) == false)
            let chinese = try await client.execute(
                uri: "/admin/periods?dataset=monthly&period=202512&orgunit=A1&lang=zh", method: .get,
                headers: [.cookie: cookie])
            let text = chinese.text
            #expect(text.contains("已关闭"))
            let closing = try #require(text.range(of: "<td>云溪县 (C)</td><td>关闭</td>"))
            let reopening = try #require(text.range(of: "<td>甲镇 (TA)</td><td>重新开放</td>"))
            #expect(closing.lowerBound < reopening.lowerBound)
        }
    }

    /// Whether the village clerk's write into December is accepted, through the API.
    func isOpenForClerk(_ client: some TestClientProtocol, _ fixture: Fixture) async throws -> Bool {
        let status = try await client.execute(
            uri: "/api/periods?dataset=monthly&period=202512&orgunit=A1", method: .get,
            headers: fixture.bearer("clerk"))
        let open = status.json["open"] as? Bool ?? false
        let write = try await client.execute(
            uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
            body: body(
                #"{"element": "visits", "orgunit": "A1", "period": "202512", "value": 5}"#))
        #expect((write.status == .ok) == open)
        return open
    }
}
