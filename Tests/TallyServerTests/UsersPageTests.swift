import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The admin's users page and the password page, in a browser's terms: a session cookie and forms.
@Suite struct UsersPageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func headers(_ cookie: String, language: String = "en") -> HTTPFields {
        var headers = form
        headers[.cookie] = cookie
        headers[.acceptLanguage] = language
        return headers
    }

    /// `text` percent-encoded for a form field.
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    /// The one-time password a page shows.
    static func oneTimePassword(_ page: String) -> String? {
        page.firstMatch(of: /[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}/).map { String($0.output) }
    }

    /// Posts `fields` to `uri`; expects the refusal's status and a text on its page.
    static func expectRefused(
        _ client: some TestClientProtocol, _ uri: String, _ headers: HTTPFields, _ fields: String, _ status: Int,
        _ text: String
    ) async throws {
        let refused = try await client.execute(uri: uri, method: .post, headers: headers, body: body(fields))
        #expect(refused.status.code == status, "\(fields)")
        #expect(refused.text.contains(text), "\(fields): \(refused.text)")
    }

    @Test(arguments: TestBackend.available)
    func anAdminAddsLiMingWhoChangesTheOneTimePasswordAtFirstSignIn(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "admin")
            let page = try await client.execute(uri: "/admin/users", method: .get, headers: Self.headers(cookie))
            #expect(page.status == .ok)
            #expect(page.text.contains("<a href=\"/admin/users\">Users</a>"))
            #expect(page.text.contains("<a href=\"/admin/users?user=clerk\">clerk</a>"))
            // Chinese by default: the title, the roles.
            let zh = try await client.execute(uri: "/admin/users", method: .get, headers: [.cookie: cookie])
            #expect(zh.text.contains("<h1>用户管理</h1>"))
            #expect(zh.text.contains("<td>录入员</td>"))
            // Added with a Chinese login name, spaces around it and a display name to escape.
            let add =
                "csrf=\(csrf)&action=add&name=\(Self.encoded(" 李明 "))&display_name=\(Self.encoded("李明 <b>甲一村</b>"))&role=clerk&orgunit=A1"
            let added = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie), body: body(add))
            #expect(added.status == .ok)
            #expect(added.text.contains("The one-time password of 李明: <code class=\"otp\">"))
            #expect(added.text.contains("李明 &lt;b&gt;甲一村&lt;/b&gt;"))
            #expect(!added.text.contains("<b>甲一村"))
            #expect(added.text.contains("must change password"))
            let password = try #require(Self.oneTimePassword(added.text))
            // Not shown again.
            let later = try await client.execute(
                uri: "/admin/users?user=\(Self.encoded("李明"))", method: .get, headers: Self.headers(cookie))
            #expect(later.status == .ok)
            #expect(Self.oneTimePassword(later.text) == nil)
            // The same name again, in decomposed form where it has one or not: a conflict.
            let twice = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie), body: body(add))
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("account.userExists"))
            // The form again, as typed, under the reason.
            #expect(
                twice.text.contains("<p class=\"error\" role=\"alert\" id=\"refusal\">there is already a user named"))
            #expect(twice.text.contains("name=\"name\" value=\" 李明 \""))
            #expect(twice.text.contains("name=\"display_name\" value=\"李明 &lt;b&gt;甲一村&lt;/b&gt;\""))
            #expect(twice.text.contains("name=\"orgunit\" value=\"A1\""))
            #expect(twice.text.contains("<a href=\"/admin/users\">Users</a>"))
            // 李明 signs in with the one-time password and is sent to change it; nothing else opens before.
            let signedIn = try await client.execute(
                uri: "/signin", method: .post, headers: Self.form,
                body: body("name=\(Self.encoded("李明"))&password=\(password)"))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/password")
            let first = String((signedIn.headers[.setCookie] ?? "").prefix { $0 != ";" })
            let dashboard = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: first])
            #expect(dashboard.status == .seeOther)
            #expect(dashboard.headers[.location] == "/password")
            let api = try await client.execute(
                uri: "/api/orgunits", method: .get, headers: [.cookie: first, .acceptLanguage: "zh"])
            #expect(api.status == .forbidden)
            #expect(api.errorCode == "auth.mustChangePassword")
            let me = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: first])
            let firstCSRF = try #require(me.json["csrf_token"] as? String)
            let passwordPage = try await client.execute(
                uri: "/password", method: .get, headers: [.cookie: first, .acceptLanguage: "zh"])
            #expect(passwordPage.status == .ok)
            #expect(passwordPage.text.contains("请先把管理员给你的一次性密码改为你自己的密码"))
            // Wrong, different twice, too short: refused on the page in the user's language.
            for (fields, status, message) in [
                ("current=wrong-password&new=my-own-password&again=my-own-password", 400, "当前密码不正确"),
                ("current=\(password)&new=my-own-password&again=my-own-passwort", 400, "两次输入的新密码不一致"),
                ("current=\(password)&new=short&again=short", 400, "密码太短"),
            ] {
                try await Self.expectRefused(
                    client, "/password", Self.headers(first, language: "zh"), "csrf=\(firstCSRF)&" + fields, status,
                    message)
            }
            let changed = try await client.execute(
                uri: "/password", method: .post, headers: Self.headers(first),
                body: body("csrf=\(firstCSRF)&current=\(password)&new=my-own-password&again=my-own-password"))
            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/dashboard")
            let second = String((changed.headers[.setCookie] ?? "").prefix { $0 != ";" })
            #expect(second != first)
            // The old session ended with the change; the new one opens the dashboard.
            let old = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: first])
            #expect(old.headers[.location]?.hasPrefix("/signin") == true)
            let now = try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: second])
            #expect(now.status == .ok)
            #expect(try fixture.server.accounts.verify(name: "李明", password: password) == nil)
            #expect(try fixture.server.accounts.verify(name: "李明", password: "my-own-password")?.orgUnit == "A1")
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyAdminsManageAndOnlyInsideTheirSubtree(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        // An admin of town A besides the fixture's county admin.
        try fixture.server.accounts.addUser(
            name: "town.admin", password: "town-admin-password", role: .admin, orgUnit: "TA",
            units: Set(fixture.server.backend.workspace.tree.index.keys), now: 0)
        try await fixture.application.test(.router) { client in
            for user in ["clerk", "analyst"] {
                let (cookie, csrf) = try await signIn(client, user)
                let page = try await client.execute(uri: "/admin/users", method: .get, headers: Self.headers(cookie))
                #expect(page.status == .forbidden)
                #expect(page.text.contains("account.notAdmin"))
                #expect(!page.text.contains("href=\"/admin/users\""))
                let post = try await client.execute(
                    uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                    body: body("csrf=\(csrf)&action=add&name=x&role=admin&orgunit=C"))
                #expect(post.status == .forbidden)
            }
            #expect(try fixture.server.accounts.store.user(named: "x") == nil)
            let (cookie, csrf) = try await signIn(client, "town.admin", password: "town-admin-password")
            let page = try await client.execute(uri: "/admin/users", method: .get, headers: Self.headers(cookie))
            #expect(page.status == .ok)
            // The town's admin sees the analyst of the town and the village's clerk, not the county's admin.
            #expect(page.text.contains("?user=analyst\""))
            #expect(page.text.contains("?user=clerk\""))
            #expect(!page.text.contains("?user=admin\""))
            let county = try await client.execute(
                uri: "/admin/users?user=admin", method: .get, headers: Self.headers(cookie))
            #expect(county.status == .forbidden)
            #expect(county.text.contains("account.outsideSubtree"))
            for (fields, status, code) in [
                ("action=disable&name=admin", 403, "account.outsideSubtree"),
                ("action=reset&name=admin", 403, "account.outsideSubtree"),
                ("action=add&name=y&role=clerk&orgunit=B1", 403, "account.unitOutsideSubtree"),
                ("action=change&name=clerk&role=clerk&orgunit=TB", 403, "account.unitOutsideSubtree"),
                ("action=disable&name=town.admin", 403, "account.ownAccount"),
                ("action=add&name=li%00ming&role=clerk&orgunit=A1", 400, "account.invalidName"),
                ("action=add&name=y&role=root&orgunit=A1", 400, "request.invalid"),
                ("action=drop&name=clerk", 400, "request.invalid"),
                ("action=revoke&name=clerk&token=0000", 404, "account.unknownToken"),
            ] {
                try await Self.expectRefused(
                    client, "/admin/users", Self.headers(cookie), "csrf=\(csrf)&" + fields, status, code)
            }
            // A form without the session's CSRF token changes nothing.
            let forged = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body("action=disable&name=clerk"))
            #expect(forged.status == .forbidden)
            #expect(try fixture.server.accounts.store.user(named: "clerk")?.user.disabled == false)
            #expect(try fixture.server.accounts.store.user(named: "admin")?.user.disabled == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func disablingEndsTheUsersSessionsAndTokensAndTokensAreRevokedOneByOne(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "admin")
            let (clerkCookie, _) = try await signIn(client, "clerk")
            let extra = try fixture.server.accounts.createToken(
                user: "clerk", label: "laptop", now: Fixture.defaultNow, days: 30)
            let shown = try await client.execute(
                uri: "/admin/users?user=clerk", method: .get, headers: Self.headers(cookie))
            #expect(shown.text.contains("laptop <span class=\"muted\">\(extra.record.id)</span>"))
            #expect(!shown.text.contains(extra.secret))
            let revoked = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body("csrf=\(csrf)&action=revoke&name=clerk&token=\(extra.record.id)"))
            #expect(revoked.status == .seeOther)
            #expect(revoked.headers[.location] == "/admin/users?user=clerk&saved=revoke")
            let laptop = try await client.execute(
                uri: "/api/me", method: .get, headers: [.authorization: "Bearer \(extra.secret)"])
            #expect(laptop.status == .unauthorized)
            let still = try await client.execute(uri: "/api/me", method: .get, headers: fixture.bearer("clerk"))
            #expect(still.status == .ok)
            // Disabled: the session, the token and the password stop.
            let disabled = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body("csrf=\(csrf)&action=disable&name=clerk"))
            #expect(disabled.headers[.location] == "/admin/users?user=clerk&saved=disable")
            let after = try await client.execute(
                uri: "/admin/users?user=clerk&saved=disable", method: .get, headers: Self.headers(cookie))
            #expect(after.text.contains("Disabled; their sessions and API tokens have ended."))
            #expect(after.text.contains("value=\"enable\">Enable</button>"))
            #expect(
                try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: clerkCookie]).status
                    == .seeOther)
            #expect(
                try await client.execute(uri: "/api/me", method: .get, headers: fixture.bearer("clerk")).status
                    == .unauthorized)
            let refused = try await client.execute(
                uri: "/signin", method: .post, headers: Self.form, body: body("name=clerk&password=clerk-password"))
            #expect(refused.status == .unauthorized)
            // Enabled again, then a reset: the old password stops, a one-time password is shown once.
            _ = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body("csrf=\(csrf)&action=enable&name=clerk"))
            let reset = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body("csrf=\(csrf)&action=reset&name=clerk"))
            #expect(reset.status == .ok)
            let password = try #require(Self.oneTimePassword(reset.text))
            #expect(try fixture.server.accounts.verify(name: "clerk", password: "clerk-password") == nil)
            #expect(try fixture.server.accounts.verify(name: "clerk", password: password)?.mustChangePassword == true)
            // Role, unit and display name.
            let changed = try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie),
                body: body(
                    "csrf=\(csrf)&action=change&name=clerk&role=analyst&orgunit=TB&display_name=\(Self.encoded("王五"))"))
            #expect(changed.headers[.location] == "/admin/users?user=clerk&saved=change")
            let user = try #require(try fixture.server.accounts.store.user(named: "clerk")?.user)
            #expect(user.role == .analyst && user.orgUnit == "TB" && user.displayName == "王五")
        }
    }
}
