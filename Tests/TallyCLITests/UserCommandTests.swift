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

    @Test(.enabled(if: ServeBrowserTests.tally != nil, "the tally program is not beside the test binary"))
    func aChineseNameWithADisplayNameIsAddedListedAndDisabled() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        let (added, output) = try ServeBrowserTests.run(
            ["user", "add", " 李明 ", "--display-name", " 李明（石桥村） ", "--role", "clerk", "--orgunit", "a1", "--db", s.db],
            input: "li-ming-password\n")
        #expect(added == 0, "\(output)")
        #expect(output.contains("Added 李明 (clerk, a1 石桥村)."))
        let (_, listed) = try ServeBrowserTests.run(["user", "list", "--db", s.db])
        #expect(listed == "李明\tclerk\ta1 石桥村\t李明（石桥村）\n")
        #expect(s.run(["user", "disable", "李明", "--db", s.db]) == 0)
        let (_, disabled) = try ServeBrowserTests.run(["user", "list", "--db", s.db])
        #expect(disabled == "李明\tclerk\ta1 石桥村\tdisabled\t李明（石桥村）\n")
        let (refused, message) = try ServeBrowserTests.run(
            [
                "user", "add", "wang", "--display-name", "王\u{200B}五", "--role", "clerk", "--orgunit", "a1", "--db",
                s.db,
            ],
            input: "wang-wu-password\n")
        #expect(refused != 0)
        #expect(message.contains("the display name is refused"), "\(message)")
    }
}
