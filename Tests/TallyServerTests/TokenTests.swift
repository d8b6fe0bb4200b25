import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// API tokens: how long they last, what may mint them, and how they end.
@Suite struct TokenTests {
    static func mint(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ json: String
    ) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await client.execute(uri: "/api/tokens", method: .post, headers: headers, body: body(json))
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func works(_ client: some TestClientProtocol, _ token: String) async throws -> Bool {
        try await client.execute(uri: "/api/me", method: .get, headers: bearer(token)).status == .ok
    }

    @Test(arguments: TestBackend.available)
    func tokensEndWithAPasswordChange(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            #expect(try await Self.works(client, fixture.tokens["clerk"]!))
            try fixture.server.accounts.setPassword(name: "clerk", password: "a-new-clerk-password")
            #expect(try await Self.works(client, fixture.tokens["clerk"]!) == false)
            #expect(try await Self.works(client, fixture.tokens["admin"]!))
        }
    }

    @Test(arguments: TestBackend.available)
    func aTokenWithoutDaysEndsAfterTheDefaultAndDaysHaveAMaximum(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for days in [366, 3650, 0, -1] {
                let refused = try await Self.mint(client, fixture.bearer("admin"), #"{"days": \#(days)}"#)
                #expect(refused.status == .unprocessableContent, "days \(days): \(refused.status)")
                #expect(refused.errorCode == "token.lifetime")
            }
            let longest = try await Self.mint(client, fixture.bearer("admin"), #"{"days": 365}"#)
            #expect(longest.status == .created)
            let minted = try await Self.mint(client, fixture.bearer("admin"), #"{"label": "nightly"}"#)
            #expect(minted.status == .created)
            let token = try #require(minted.json["token"] as? String)
            fixture.clock.now += 89 * 86_400
            #expect(try await Self.works(client, token))
            fixture.clock.now += 2 * 86_400
            #expect(try await Self.works(client, token) == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func aTokenNeverOutlivesTheCredentialThatMintedIt(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let short = try await Self.mint(client, fixture.bearer("admin"), #"{"days": 1}"#)
            let shortToken = try #require(short.json["token"] as? String)
            let child = try await Self.mint(client, Self.bearer(shortToken), #"{"days": 300}"#)
            #expect(child.status == .created)
            let childToken = try #require(child.json["token"] as? String)
            // A token minted through a browser session ends with the session (8 hours).
            let (cookie, csrf) = try await signIn(client, "admin")
            let fromSession = try await Self.mint(
                client, [.cookie: cookie, AuthenticationMiddleware.csrfHeader: csrf], #"{"days": 30}"#)
            #expect(fromSession.status == .created)
            let sessionToken = try #require(fromSession.json["token"] as? String)
            fixture.clock.now += 9 * 3600
            #expect(try await Self.works(client, sessionToken) == false)
            #expect(try await Self.works(client, childToken))
            fixture.clock.now += 86_400
            #expect(try await Self.works(client, childToken) == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func aUserListsTheirTokensWithoutSecretsAndRevokesOne(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let minted = try await Self.mint(client, fixture.bearer("clerk"), #"{"label": "laptop", "days": 7}"#)
            let laptop = try #require(minted.json["token"] as? String)
            let id = try #require(minted.json["id"] as? String)
            #expect(minted.json["expires"] as? String == "2026-03-12T12:00:00Z")

            let listed = try await client.execute(uri: "/api/tokens", method: .get, headers: fixture.bearer("clerk"))
            #expect(listed.status == .ok)
            #expect(!listed.text.contains(laptop) && !listed.text.contains(fixture.tokens["clerk"]!))
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.text.utf8)) as? [[String: Any]])
            #expect(rows.compactMap { $0["label"] as? String }.sorted() == ["laptop", "test"])
            let row = try #require(rows.first { $0["id"] as? String == id })
            #expect(row["created"] as? String == "2026-03-05T12:00:00Z")
            #expect(row["expires"] as? String == "2026-03-12T12:00:00Z")

            // Another user can neither see nor revoke it.
            let others = try await client.execute(uri: "/api/tokens", method: .get, headers: fixture.bearer("admin"))
            #expect(!others.text.contains(id))
            let foreign = try await client.execute(
                uri: "/api/tokens/\(id)", method: .delete, headers: fixture.bearer("admin"))
            #expect(foreign.status == .notFound)
            #expect(try await Self.works(client, laptop))

            // With the session cookie, revoking needs the CSRF token.
            let (cookie, csrf) = try await signIn(client, "clerk")
            let noCSRF = try await client.execute(uri: "/api/tokens/\(id)", method: .delete, headers: [.cookie: cookie])
            #expect(noCSRF.status == .forbidden)
            let revoked = try await client.execute(
                uri: "/api/tokens/\(id)", method: .delete,
                headers: [.cookie: cookie, AuthenticationMiddleware.csrfHeader: csrf])
            #expect(revoked.status == .noContent)
            #expect(try await Self.works(client, laptop) == false)
            #expect(try await Self.works(client, fixture.tokens["clerk"]!))
            let again = try await client.execute(
                uri: "/api/tokens/\(id)", method: .delete, headers: fixture.bearer("clerk"))
            #expect(again.status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func aDisabledUsersTokensStayRevokedWhenEnabledAgain(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            try fixture.server.backend.accounts.setDisabled(user: "clerk", disabled: true)
            #expect(try await Self.works(client, fixture.tokens["clerk"]!) == false)
            try fixture.server.backend.accounts.setDisabled(user: "clerk", disabled: false)
            #expect(try await Self.works(client, fixture.tokens["clerk"]!) == false)
        }
    }
}
