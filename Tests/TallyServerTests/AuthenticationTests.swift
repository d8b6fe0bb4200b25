import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

@Suite struct AuthenticationTests {
    @Test(arguments: TestBackend.available)
    func signInSetsAStrictSessionCookieAndFormsNeedTheCSRFToken(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body("name=clerk&password=clerk-password"))
            #expect(response.status == .seeOther)
            let cookie = response.headers[.setCookie] ?? ""
            #expect(cookie.hasPrefix("tally_session="))
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Max-Age=28800", "Path=/", "Expires="] {
                #expect(cookie.contains(attribute), "missing \(attribute) in \(cookie)")
            }
            let session = String(cookie.prefix { $0 != ";" })
            // The session id is stored only hashed.
            let id = String(session.dropFirst("tally_session=".count))
            #expect(try fixture.server.backend.accounts.session(idHash: id) == nil)
            #expect(try fixture.server.backend.accounts.session(idHash: SHA256.hex(id)) != nil)

            let page = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602", method: .get, headers: [.cookie: session])
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"csrf\""))

            let form = "dataset=monthly&orgunit=A1&period=202602&v%7Cvisits%7C=9"
            let refused = try await client.execute(
                uri: "/entry", method: .post,
                headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"], body: body(form))
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("auth.csrf"))
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)

            let me = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: session])
            let csrf = try #require(me.json["csrf_token"] as? String)
            let saved = try await client.execute(
                uri: "/entry", method: .post,
                headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: body(form + "&csrf=\(csrf)"))
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location]?.contains("saved=1") == true)
            let stored = try #require(try fixture.stored("visits", "", "A1", "202602"))
            #expect(stored.value == 9)
            #expect(stored.storedBy == "clerk")

            // Signing in again from a signed-in browser works without the old session's token.
            let again = try await client.execute(
                uri: "/signin", method: .post,
                headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: body("name=clerk&password=clerk-password"))
            #expect(again.status == .seeOther)
            // Signing out ends the session.
            _ = try await client.execute(
                uri: "/signout", method: .post,
                headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: body("csrf=\(csrf)"))
            let after = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: session])
            #expect(after.status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func wrongPasswordsAreRefusedAndThenRateLimited(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for _ in 0..<5 {
                let response = try await client.execute(
                    uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: body("name=clerk&password=wrong-password"))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
            }
            // Even the right password is refused for a while now.
            let limited = try await client.execute(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body("name=clerk&password=clerk-password"))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            // Another user from the same address is not affected.
            let other = try await client.execute(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body("name=admin&password=admin-password"))
            #expect(other.status == .seeOther)
            // After the window the clerk may try again.
            fixture.clock.now += 901
            let later = try await client.execute(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: body("name=clerk&password=clerk-password"))
            #expect(later.status == .seeOther)
        }
    }

    @Test func theLimiterKeepsBoundedMemory() {
        let limiter = LoginLimiter(maxFailures: 2, window: 100, capacity: 50)
        for i in 0..<1_000 { limiter.failed(user: "u\(i)", address: "10.0.0.1", now: Int64(i)) }
        #expect(limiter.trackedKeys <= 50)
        limiter.failed(user: "x", address: "a", now: 2_000)
        limiter.failed(user: "x", address: "a", now: 2_001)
        #expect(limiter.retryAfter(user: "x", address: "a", now: 2_002) == 98)
        #expect(limiter.retryAfter(user: "x", address: "b", now: 2_002) == nil)
    }

    @Test(arguments: TestBackend.available)
    func bearerTokensAuthenticateAPIClients(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let anonymous = try await client.execute(uri: "/api/orgunits", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorCode == "auth.required")
            let forged = try await client.execute(
                uri: "/api/orgunits", method: .get, headers: [.authorization: "Bearer tly_0000"])
            #expect(forged.status == .unauthorized)
            let units = try await client.execute(uri: "/api/orgunits", method: .get, headers: fixture.bearer("analyst"))
            #expect(units.status == .ok)
            let codes = try JSONSerialization.jsonObject(with: Data(units.text.utf8)) as? [[String: Any]]
            #expect(codes?.compactMap { $0["code"] as? String } == ["TA", "A1", "A2"])
            // A disabled user's tokens stop working.
            try fixture.server.backend.accounts.setDisabled(user: "analyst", disabled: true)
            let disabled = try await client.execute(
                uri: "/api/orgunits", method: .get, headers: fixture.bearer("analyst"))
            #expect(disabled.status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func cookieAuthenticatedAPIWritesNeedTheCSRFHeader(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let value = #"{"element": "visits", "orgunit": "A1", "period": "202602", "value": 4}"#
            let refused = try await client.execute(
                uri: "/api/values", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                body: body(value))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "auth.csrf")
            let accepted = try await client.execute(
                uri: "/api/values", method: .post,
                headers: [
                    .cookie: cookie, .contentType: "application/json", AuthenticationMiddleware.csrfHeader: csrf,
                ],
                body: body(value))
            #expect(accepted.status == .ok)
            #expect(accepted.json["version"] as? Int == 1)
        }
    }

    /// `tally serve --db` opens the values and the accounts of either database through `Backend.open`.
    @Test(arguments: TestBackend.available)
    func theBackendOpensTheDatabaseAndItsAccounts(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let opened = try Backend.open(path: fixture.location)
        #expect(try opened.accounts.users().map(\.name) == ["admin", "analyst", "clerk"])
        #expect(opened.workspace.tree.index["A1"] != nil)
        #expect(!opened.workspace.store.location.contains(":tally@"))
        let count = try await opened.read { try $0.store.valueCount() }
        #expect(count == 10)
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        )
    }
}
