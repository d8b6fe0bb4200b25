import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import TallyText
import Testing

@testable import TallyServer

/// Sign-in names, the rate limits around them, and where the browser goes afterwards.
@Suite struct SignInSecurityTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Posts the sign-in form; `name` and `next` are sent as given (already percent-encoded).
    static func post(
        _ client: some TestClientProtocol, name: String, password: String, next: String? = nil
    ) async throws -> TestResponse {
        let tail = next.map { "&next=\($0)" } ?? ""
        return try await client.execute(
            uri: "/signin", method: .post, headers: form, body: body("name=\(name)&password=\(password)\(tail)"))
    }

    @Test(arguments: TestBackend.available)
    func aHiddenCharacterInTheNameNeitherSignsInNorEscapesTheLockout(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for _ in 0..<5 {
                let wrong = try await Self.post(client, name: "clerk", password: "wrong-password")
                #expect(wrong.status == .unauthorized)
            }
            #expect(try await Self.post(client, name: "clerk", password: "clerk-password").status == .tooManyRequests)
            // The same name with a NUL, a line break, a zero-width space or a bidi control, or with spaces around
            // it: refused or locked, never signed in.
            for name in [
                "clerk%00x", "clerk%00", "clerk%0A", "cl%E2%80%8Berk", "%E2%80%AEclerk", "+clerk+", "clerk%09",
            ] {
                let response = try await Self.post(client, name: name, password: "clerk-password")
                #expect(response.headers[.setCookie] == nil, "\(name) signed in")
                #expect(
                    [.unauthorized, .tooManyRequests].contains(response.status), "\(name): \(response.status)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func refusedNamesCountAsFailuresAndEachAddressHasALimitAcrossNames(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // A refused name gets the same answer as a wrong password.
            let refused = try await Self.post(client, name: "nobody%00", password: "whatever-password")
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains(Label.signInFailed.text(.zh).html))
            // Made-up names, each tried a few times, add up per address: 20 failures in all, then even a right
            // password of another user waits.
            for i in 1..<20 {
                let made = try await Self.post(client, name: "made-up-\(i % 7)", password: "guess-password")
                #expect(made.status == .unauthorized)
            }
            let limited = try await Self.post(client, name: "admin", password: "admin-password")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            fixture.clock.now += 901
            #expect(try await Self.post(client, name: "admin", password: "admin-password").status == .seeOther)
        }
    }

    @Test(arguments: TestBackend.available)
    func namesAreCanonicalSoOneNameTypedTwoWaysIsOneAccount(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let units = Set(fixture.server.backend.workspace.tree.index.keys)
        let accounts = fixture.server.accounts
        let now = Fixture.defaultNow
        // Names in any script; "José" typed decomposed is stored composed (NFC) and trimmed.
        try accounts.addUser(
            name: "李明", password: "li-ming-password", role: .clerk, orgUnit: "A1", units: units, now: now)
        try accounts.addUser(
            name: " Jose\u{301} ", password: "jose-password", role: .clerk, orgUnit: "A1", units: units, now: now)
        #expect(try fixture.server.backend.accounts.user(named: "Jos\u{E9}") != nil)
        for name in ["li\u{0}x", "li\nming", "li\u{200B}ming", "\u{202E}li", "li ming", ""] {
            #expect(throws: AccountError.self, "\(name.debugDescription) was accepted") {
                try accounts.addUser(
                    name: name, password: "some-password", role: .clerk, orgUnit: "A1", units: units, now: now)
            }
        }
        try await fixture.application.test(.router) { client in
            let li = try await Self.post(client, name: "%E6%9D%8E%E6%98%8E", password: "li-ming-password")
            #expect(li.status == .seeOther)
            let jose = try await Self.post(client, name: "Jose%CC%81", password: "jose-password")
            #expect(jose.status == .seeOther)
        }
    }

    /// Password checks are expensive: only a few run at once, a few more wait, and the rest are told at once to
    /// come back.
    @Test(arguments: TestBackend.available)
    func aBusyServerRefusesSignInsAtOnceInsteadOfQueueingThem(_ backend: TestBackend) async throws {
        let limiter = LoginLimiter(concurrentChecks: 1, queuedChecks: 0)
        let fixture = try Fixture.make(backend, limiter: limiter)
        defer { fixture.remove() }
        #expect(await limiter.checks.enter())
        try await fixture.application.test(.router) { client in
            let busy = try await Self.post(client, name: "made-up", password: "guess-password")
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.retryAfter] != nil)
            limiter.checks.leave()
            #expect(try await Self.post(client, name: "clerk", password: "clerk-password").status == .seeOther)
        }
    }

    @Test func theCheckGateLetsAFewRunQueuesAFewAndRefusesTheRest() async throws {
        let gate = PasswordCheckGate(concurrent: 2, queued: 1)
        #expect(await gate.enter())
        #expect(await gate.enter())
        let waiter = Task { await gate.enter() }
        while gate.waiting == 0 { await Task.yield() }
        #expect(await gate.enter() == false)
        gate.leave()
        #expect(await waiter.value)
        #expect(gate.running == 2)
        gate.leave()
        gate.leave()
        #expect(gate.running == 0)
    }

    @Test func theLimiterCountsEachAddressAcrossNames() {
        let limiter = LoginLimiter(maxFailures: 3, window: 100, maxFailuresPerAddress: 5)
        for i in 0..<4 { limiter.failed(user: "u\(i)", address: "a", now: 0) }
        #expect(limiter.retryAfter(user: "new", address: "a", now: 1) == nil)
        limiter.failed(user: "u9", address: "a", now: 2)
        #expect(limiter.retryAfter(user: "new", address: "a", now: 3) == 97)
        #expect(limiter.retryAfter(user: "new", address: "b", now: 3) == nil)
        // A success does not reset the address's count.
        limiter.succeeded(user: "u9", address: "a")
        #expect(limiter.retryAfter(user: "new", address: "a", now: 3) == 97)
    }

    // MARK: Where the browser goes after signing in

    static let offSite = [
        "/%09/evil.example/", "%2F%2Fevil.example", "/%2F/evil.example", "/%2Fevil.example", "//evil.example",
        "/%5Cevil.example", "/%5C%5Cevil.example", "%5C%5Cevil.example", "https://evil.example/",
        "https%3A%2F%2Fevil.example", "/%0D%0ALocation:%20https://evil.example", "/%20/evil.example",
        "/dash%00board", "%252F%252Fevil.example", "/%252F%252Fevil.example", "javascript:alert(1)", "evil.example",
        "/%E2%80%AE/evil", "",
    ]

    @Test(arguments: TestBackend.available)
    func signingInGoesOnlyToAPathOnThisSite(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for next in Self.offSite {
                let response = try await Self.post(client, name: "clerk", password: "clerk-password", next: next)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/dashboard", "next=\(next)")
            }
            for (next, location) in [
                ("/entry", "/entry"),
                ("%2Fentry%3Fdataset%3Dmonthly%26period%3D202602", "/entry?dataset=monthly&period=202602"),
                ("/periods?dataset=monthly", "/periods?dataset=monthly"),
            ] {
                let response = try await Self.post(client, name: "clerk", password: "clerk-password", next: next)
                #expect(response.headers[.location] == location, "next=\(next)")
            }
            // The sign-in page keeps only a safe next in its form.
            let page = try await client.execute(uri: "/signin?next=/%09/evil.example/", method: .get)
            #expect(!page.text.contains("evil.example"))
        }
    }

    @Test func safeNextAcceptsOnlyOneLeadingSlashAfterDecoding() {
        for next in ["/\t/evil.example/", "/\\evil", "//evil", "/%2F/evil", "/%5Cevil", "/%09/evil", "https://x"] {
            #expect(SessionRoutes.safeNext(next) == nil, "\(next.debugDescription)")
        }
        #expect(SessionRoutes.safeNext("/dashboard") == "/dashboard")
        #expect(SessionRoutes.safeNext("/entry?period=202602&orgunit=A1") == "/entry?period=202602&orgunit=A1")
    }

    // MARK: Log lines

    @Test(arguments: TestBackend.available)
    func aNameWithLineBreaksAndControlsIsLoggedAsOneEscapedLine(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let records = LogCapture()
        let logger = Logger(label: "test") { _ in records }
        try await TallyServer.application(fixture.server, logger: logger).test(.router) { client in
            let forged = "eve%0A2026-03-05T12:00:00Z%20info%20signed%20in%20user=admin%0D%00%1B[31m"
            _ = try await Self.post(client, name: forged, password: "whatever-password")
        }
        let lines = records.lines.filter { $0.contains("eve") }
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(line.debugDescription)")
        for escape in [#"\u{A}"#, #"\u{D}"#, #"\u{0}"#, #"\u{1B}"#] {
            #expect(line.contains(escape), "no \(escape) in \(line)")
        }
    }
}

/// A log handler that keeps every record as one rendered line: the message, then `key=value` metadata.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    var lines: [String] { lock.withLock { stored } }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lock.withLock { stored.append("\(event.level) \(event.message) \(fields)") }
    }
}
