import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

@Suite struct PageTests {
    @Test(arguments: TestBackend.available)
    func theEntryFormWarnsAboutUnusualValuesBeforeSaving(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // A year of ordinary visits for A1.
            let rows = (1...12).map { m in
                #"{"element": "visits", "orgunit": "A1", "period": "2025\#(m < 10 ? "0" : "")\#(m)", "value": \#(6 + m % 3)}"#
            }
            let seeded = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"values": [\#(rows.joined(separator: ","))]}"#))
            #expect(seeded.status == .ok)
            let (cookie, csrf) = try await signIn(client, "clerk")
            let form = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602&lang=en", method: .get, headers: [.cookie: cookie]
            )
            #expect(form.text.contains("data-low="))
            #expect(form.text.contains("Last period (202601)"))
            let headers: HTTPFields = [
                .cookie: cookie, .contentType: "application/x-www-form-urlencoded", .acceptLanguage: "en",
            ]
            let fields = "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&ver%7Cvisits%7C=0&v%7Cvisits%7C=70"
            let warned = try await client.execute(uri: "/entry", method: .post, headers: headers, body: body(fields))
            #expect(warned.status == .ok)
            #expect(warned.text.contains("name=\"confirm\""))
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            let saved = try await client.execute(
                uri: "/entry", method: .post, headers: headers, body: body(fields + "&confirm=1"))
            #expect(saved.status == .seeOther)
            #expect(try fixture.stored("visits", "", "A1", "202602")?.value == 70)
            // The same form saved again from the old version is a conflict shown on the page.
            let stale = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body(fields.replacingOccurrences(of: "=70", with: "=71") + "&confirm=1"))
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("value.conflict"))
            // A bad value is refused with the import's message, and the typed text is kept.
            let bad = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body("csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&v%7Cbirths%7Cmale=1.5"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("has decimals"))
            #expect(bad.text.contains("value=\"1.5\""))
        }
    }

    /// A village's dashboard links each dataset's form on its latest open period whatever month it shows (on
    /// 2026-03-05: February, and 2026 for the population), and its data-quality sentences are in the page's
    /// language, scores not as warnings.
    @Test(arguments: TestBackend.available)
    func theDashboardLinksEachFormOnItsOpenPeriodAndSpeaksThePagesLanguage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "clerk")
            let page = try await client.execute(
                uri: "/dashboard?orgunit=A1&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/entry?dataset=monthly&amp;orgunit=A1&amp;period=202602\""))
            #expect(page.text.contains("<option value=\"202601\">202601</option>"))
            #expect(page.text.contains("href=\"/entry?dataset=population&amp;orgunit=A1&amp;period=2026\""))
            // The score is a summary line, not a finding of the list.
            #expect(page.text.contains("<p class=\"muted\" id=\"scores\">检查通过：甲一村 "))
            #expect(!page.text.contains("<li>甲一村通过适用检查"))
            let english = try await client.execute(
                uri: "/dashboard?orgunit=A1&period=202601&lang=en", method: .get, headers: [.cookie: cookie])
            #expect(english.text.contains("<p class=\"muted\" id=\"scores\">Checks passed: 甲一村 "))
            // A value's history names the category option and says when nothing has changed.
            let history = try await client.execute(
                uri: "/history?element=births&combo=male&orgunit=A1&period=202601", method: .get,
                headers: [.cookie: cookie])
            #expect(history.text.contains("<h1>修改记录 · 出生数 · 男 · 甲一村 · 202601</h1>"))
            #expect(history.text.contains("尚无修改。"))
            // The villages report monthly, not their town: its dashboard offers no form, and the form is refused.
            let (admin, _) = try await signIn(client, "admin")
            let town = try await client.execute(
                uri: "/dashboard?orgunit=TA&period=202601", method: .get, headers: [.cookie: admin])
            #expect(town.status == .ok && !town.text.contains("href=\"/entry?"))
            let refused = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=TA&period=202601&lang=en", method: .get,
                headers: [.cookie: admin])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("(TA) does not report monthly; open the form of a unit that reports it"))
        }
    }

    @Test(arguments: TestBackend.available)
    func signedOutBrowsersAreSentToSignIn(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/dashboard", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin?next=/dashboard")
            let page = try await client.execute(uri: "/signin?lang=en", method: .get)
            #expect(page.text.contains("Sign in"))
            #expect(page.headers[.setCookie]?.contains("tally_lang=en") == true)
        }
    }
}

@Suite struct BulletinPageTests {
    /// The bulletin of `tally report` for a unit of the user's subtree: 甲镇's births in 202601 are
    /// A1 3 + 2 and A2 1 = 6, with nothing a year earlier.
    @Test(arguments: TestBackend.available)
    func bulletinOfTheUsersSubtree(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "analyst")
            let page = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>甲镇统计简报</h1>"))
            #expect(page.text.contains("出生数6，上年同期无数据。"))
            #expect(page.text.contains("<table id=\"ranking-table\">"))
            let english = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=202601&lang=en", method: .get, headers: [.cookie: cookie])
            #expect(english.text.contains("Live births: 6; no figure for the same period last year."))
            let outside = try await client.execute(
                uri: "/bulletin?orgunit=TB&period=202601", method: .get, headers: [.cookie: cookie])
            #expect(outside.status == .forbidden)
            let badDate = try await client.execute(
                uri: "/bulletin?orgunit=TA&period=202601&as_of=tomorrow", method: .get, headers: [.cookie: cookie])
            #expect(badDate.status == .badRequest)
            let anonymous = try await client.execute(uri: "/bulletin?period=202601", method: .get)
            #expect(anonymous.status == .seeOther || anonymous.status == .found || anonymous.status == .unauthorized)
        }
    }

    /// The same bulletin through the API: JSON with the texts and charts, or the page; the same access rules.
    @Test(arguments: TestBackend.available)
    func bulletinThroughTheAPI(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let json = try await client.execute(
                uri: "/api/bulletin?orgunit=TA&period=202601&lang=en", method: .get, headers: fixture.bearer("analyst"))
            #expect(json.status == .ok)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let bulletin = json.json
            #expect(bulletin["language"] as? String == "en")
            let figures = try #require(bulletin["key_figures"] as? [[String: Any]])
            #expect(figures.first?["name"] as? String == "Live births")
            #expect(figures.first?["value"] as? String == "6")
            #expect(figures.first?["previous"] is NSNull)
            #expect(
                (bulletin["sentences"] as? [String])?.contains(
                    "Live births: 6; no figure for the same period last year.") == true)
            let ranking = try #require(bulletin["ranking"] as? [String: Any])
            let rows = try #require(ranking["rows"] as? [[String]])
            #expect(rows.contains { $0.contains("甲一村") || $0.contains("A1") })
            let charts = try #require(bulletin["charts"] as? [[String: Any]])
            #expect(charts.allSatisfy { ($0["svg"] as? String)?.hasPrefix("<svg") == true })
            // Chinese by default; the page with format=html.
            let chinese = try await client.execute(
                uri: "/api/bulletin?orgunit=TA&period=202601", method: .get, headers: fixture.bearer("analyst"))
            #expect(chinese.json["title"] as? String == "甲镇统计简报")
            let page = try await client.execute(
                uri: "/api/bulletin?orgunit=TA&period=202601&format=html", method: .get,
                headers: fixture.bearer("analyst"))
            #expect(page.text.hasPrefix("<!DOCTYPE html>") && page.text.contains("出生数6，上年同期无数据。"))
            // Outside the subtree, a bad language, format or date: refused with a code.
            for (query, status, code) in [
                ("orgunit=TB&period=202601", HTTPResponse.Status.forbidden, "access.outsideSubtree"),
                ("orgunit=TA&period=202601&lang=fr", .badRequest, "request.invalid"),
                ("orgunit=TA&period=202601&format=pdf", .badRequest, "request.invalid"),
                ("orgunit=TA&period=202601&as_of=soon", .badRequest, "request.invalid"),
                ("orgunit=TA", .badRequest, "request.invalid"),
            ] {
                let refused = try await client.execute(
                    uri: "/api/bulletin?" + query, method: .get, headers: fixture.bearer("analyst"))
                #expect(refused.status == status, "\(query)")
                #expect(refused.errorCode == code, "\(query)")
            }
        }
    }
}
