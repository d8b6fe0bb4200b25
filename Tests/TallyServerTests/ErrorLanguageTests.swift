import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

@testable import TallyServer

/// A refusal reaches the user in the user's language: the entry form's page, the error page and the JSON API's
/// `message` (and the problems in its `details`), in Chinese unless the request asks for English (`?lang=en`, the
/// `tally_lang` cookie or `Accept-Language: en`).
@Suite struct ErrorLanguageTests {
    /// A clerk saves a value into December 2025, closed since 2026-02-09 (the clock says 2026-03-05), on the entry
    /// form over real HTTP: nothing is saved, and the page says why in the session's language.
    @Test(arguments: TestBackend.available)
    func aRefusedSaveOnTheEntryFormIsExplainedInThePagesLanguage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.live) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let fields = "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202512&v%7Cvisits%7C=5"
            func save(_ language: String?) async throws -> TestResponse {
                var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                if let language { headers[.cookie] = "\(cookie); tally_lang=\(language)" }
                return try await client.execute(uri: "/entry", method: .post, headers: headers, body: body(fields))
            }
            let chinese = try await save(nil)
            #expect(chinese.status == .forbidden)
            #expect(chinese.text.contains("<html lang=\"zh-Hans\">"))
            #expect(chinese.text.contains("202512 已关闭录入；请联系管理员为 A1 重新开放"), "\(chinese.text)")
            #expect(chinese.text.contains("(period.closed)"))
            #expect(!chinese.text.contains("is closed for data entry"))
            // The typed value is kept on the page.
            #expect(chinese.text.contains("value=\"5\""))

            let english = try await save("en")
            #expect(english.status == .forbidden)
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(
                english.text.contains("202512 is closed for data entry; ask an admin to reopen it for A1"),
                "\(english.text)")
            #expect(!english.text.contains("已关闭录入"))
            #expect(try fixture.stored("visits", "", "A1", "202512") == nil)
        }
    }

    /// An error page keeps the signed-in user's menu and speaks their language, whatever refused the request: an
    /// unknown address, a page for admins only, a refused form, a missing CSRF token.
    @Test(arguments: TestBackend.available)
    func errorPagesKeepTheMenuAndSpeakTheUsersLanguage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "clerk")
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            for (language, menu, notFound, adminOnly) in [
                ("zh", "<nav><span class=\"links\"><a href=\"/dashboard\">概览</a>", "没有这个页面；请从菜单进入", "只有管理员可以管理用户"),
                (
                    "en", "<nav><span class=\"links\"><a href=\"/dashboard\">Dashboard</a>",
                    "there is no such page; use the menu",
                    "only an admin may manage users"
                ),
            ] {
                let missing = try await client.execute(
                    uri: "/no/such/page?lang=\(language)", method: .get, headers: [.cookie: cookie])
                #expect(missing.status == .notFound)
                #expect(missing.text.contains(menu), "\(missing.text)")
                #expect(missing.text.contains(notFound))
                #expect(missing.text.contains("request.notFound"))
                #expect(missing.text.contains("class=\"who\""))
                let admin = try await client.execute(
                    uri: "/admin/users?lang=\(language)", method: .get, headers: [.cookie: cookie])
                #expect(admin.status == .forbidden)
                #expect(admin.text.contains(menu))
                #expect(admin.text.contains(adminOnly))
                let forged = try await client.execute(
                    uri: "/entry?lang=\(language)", method: .post, headers: form, body: body("dataset=monthly"))
                #expect(forged.status == .forbidden)
                #expect(forged.text.contains(menu))
                #expect(forged.text.contains("auth.csrf"))
            }
            // Without a session: no menu, still the language asked for.
            let anonymous = try await client.execute(uri: "/no/such/page?lang=en", method: .get)
            #expect(anonymous.status == .notFound)
            #expect(anonymous.text.contains("there is no such page"))
            #expect(!anonymous.text.contains("href=\"/dashboard\">Dashboard"))
        }
    }

    /// A clerk's form for a unit outside the clerk's subtree is refused with the error page, in the page's language.
    @Test(arguments: TestBackend.available)
    func aFormForAUnitOutsideTheSubtreeIsRefusedInThePagesLanguage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let fields = "csrf=\(csrf)&dataset=monthly&orgunit=B1&period=202602&v%7Cvisits%7C=5"
            for (language, sentence) in [
                ("zh", "clerk 不能查看 B1：它不在 A1 范围内"), ("en", "clerk may not see B1: it is outside A1"),
            ] {
                let refused = try await client.execute(
                    uri: "/entry?lang=\(language)", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: body(fields))
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("access.outsideSubtree"))
                #expect(refused.text.contains(sentence), "\(language): \(refused.text)")
                #expect(refused.text.contains(language == "zh" ? "出错了" : "Something went wrong"))
            }
            #expect(try fixture.stored("visits", "", "B1", "202602") == nil)
        }
    }

    /// The API's `message` follows the request's language, Chinese by default like names; so do the problems of a
    /// refused batch. The code stays the same.
    @Test(arguments: TestBackend.available)
    func theAPIsMessagesFollowTheRequestsLanguage(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let batch =
                #"{"values": [{"element": "births", "combo": "boys", "orgunit": "A1", "period": "202602", "value": 1}]}"#
            func refusal(_ uri: String, _ headers: HTTPFields) async throws -> (String?, [String]) {
                let response = try await client.execute(uri: uri, method: .post, headers: headers, body: body(batch))
                #expect(response.status == .unprocessableContent)
                #expect(response.errorCode == "import.unknownCombo")
                let error = response.json["error"] as? [String: Any]
                let problems = (error?["details"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []
                return (error?["message"] as? String, problems.compactMap { $0["message"] as? String })
            }
            let (zh, zhProblems) = try await refusal("/api/values/batch", fixture.bearer("clerk"))
            #expect(zh == "“categoryoptioncombo”：“boys”不是“births”的分类组合；应为以下之一：male、female；没有保存任何数值")
            #expect(zhProblems == ["“boys”不是“births”的分类组合；应为以下之一：male、female"])
            for (uri, headers) in [
                ("/api/values/batch?lang=en", fixture.bearer("clerk")),
                ("/api/values/batch", fixture.bearer("clerk", language: "en-GB,en;q=0.9")),
            ] {
                let (en, enProblems) = try await refusal(uri, headers)
                #expect(
                    en
                        == "'categoryoptioncombo': 'boys' is not a category option combo of 'births'; expected one of: male, female; nothing was saved"
                )
                #expect(
                    enProblems == ["'boys' is not a category option combo of 'births'; expected one of: male, female"])
            }
            // A refusal before any route (no token) is in the request's language too.
            let anonymous = try await client.execute(uri: "/api/me?lang=en", method: .get)
            #expect(
                (anonymous.json["error"] as? [String: Any])?["message"] as? String
                    == "sign in first, or send an API token")
            let chinese = try await client.execute(uri: "/api/me", method: .get)
            #expect((chinese.json["error"] as? [String: Any])?["message"] as? String == "请先登录，或发送 API 令牌")
        }
    }
}
