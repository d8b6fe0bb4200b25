import Foundation
import Tally
import TallyStore
import Testing

/// `tally user` on a SQLite file: names are canonical, tokens obey the same lifetime as the server's and are
/// listed and revoked one by one.
@Suite(.serialized) struct UserCommandTests {
    @Test func tokensHaveAMaximumLifetimeAndAreListedAndRevoked() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        let store = try #require(try Workspace.open(path: s.db).store as? any AccountStore)
        try store.addUser(UserAccount(name: "li", role: .clerk, orgUnit: "a1", created: 0), passwordHash: "h")
        #expect(s.run(["user", "token", "li", "--days", "366", "--db", s.db]) != 0)
        #expect(s.run(["user", "token", "li", "--days", "0", "--db", s.db]) != 0)
        #expect(try store.tokens(user: "li").isEmpty)
        #expect(s.run(["user", "token", "li", "--db", s.db]) == 0)
        #expect(s.run(["user", "token", "li", "--days", "365", "--label", "import", "--db", s.db]) == 0)
        let tokens = try store.tokens(user: "li")
        #expect(tokens.count == 2)
        for token in tokens {
            let days = (try #require(token.expires) - token.created) / 86_400
            #expect(days == (token.label == "import" ? 365 : 90))
        }
        // Names are canonical: spaces around are trimmed, a hidden character is refused.
        #expect(s.run(["user", "tokens", " li ", "--db", s.db]) == 0)
        #expect(s.run(["user", "tokens", "li\u{200B}", "--db", s.db]) != 0)
        #expect(s.run(["user", "token", "li\u{0}x", "--db", s.db]) != 0)
        let first = try #require(tokens.first)
        #expect(s.run(["user", "revoke-token", "li", "0000000000000000", "--db", s.db]) != 0)
        #expect(s.run(["user", "revoke-token", "li", first.id, "--db", s.db]) == 0)
        #expect(try store.tokens(user: "li").map(\.id) == tokens.dropFirst().map(\.id))
        #expect(s.run(["user", "revoke-token", "li", first.id, "--db", s.db]) != 0)
    }
}
