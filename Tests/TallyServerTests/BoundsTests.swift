import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Tally
import TallyServerTesting
import TallyStore
import TallyText
import Testing

@testable import TallyServer

/// What one request may cost: the span of its periods, its dates, the rows of its answer, how many heavy requests
/// run at once.
@Suite struct BoundsTests {
    /// Every route that takes a period refuses a span beyond ten years at once, with the limit in the message,
    /// instead of adding up 108,000 months. The refusal is what the test checks; its time limit only stops a server
    /// that does the work anyway (hours), and is wide because in the parallel suite a test waits for the others.
    @Test(.timeLimit(.minutes(10)), arguments: TestBackend.available)
    func aRangeOfManyYearsIsRefusedWithTheLimit(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for uri in [
                "/api/checks?period=1000..9999&as_of=9999-12-31", "/api/bulletin?period=1000..9999",
                "/api/query?element=births&period=1000..9999&scope=children",
            ] {
                let response = try await client.execute(
                    uri: uri, method: .get, headers: fixture.bearer("admin", language: "en"))
                #expect(response.status == .unprocessableContent, "\(uri)")
                #expect(response.errorCode == "request.periodTooLong", "\(uri)")
                let message = (response.json["error"] as? [String: Any])?["message"] as? String
                #expect(
                    message
                        == "the period 1000..9999 spans 108,000 months; a request covers at most 120 months (10 years); ask for a shorter range",
                    "\(uri)")
            }
            for uri in ["/dashboard?period=1000..9999", "/bulletin?period=1000..9999"] {
                let response = try await client.execute(
                    uri: uri, method: .get, headers: fixture.bearer("admin", language: "en"))
                #expect(response.status == .unprocessableContent, "\(uri)")
                #expect(response.text.contains("a request covers at most 120 months (10 years)"), "\(uri)")
            }
            // Ten years of months is still one request.
            let tenYears = try await client.execute(
                uri: "/api/query?element=births&period=201701..202612", method: .get, headers: fixture.bearer("admin"))
            #expect(tenYears.status == .ok)
        }
    }

    /// An `as_of` date far from today is refused before any work, on every route that takes one (time limit: as above).
    @Test(.timeLimit(.minutes(10)), arguments: TestBackend.available)
    func anAsOfDateFarFromTodayIsRefused(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for uri in [
                "/api/checks?period=202601&as_of=9999-12-31", "/api/targets/vaccination?as_of=9999-12-31",
                "/api/bulletin?period=202601&as_of=9999-12-31",
            ] {
                let response = try await client.execute(
                    uri: uri, method: .get, headers: fixture.bearer("admin", language: "en"))
                #expect(response.status == .unprocessableContent, "\(uri)")
                #expect(response.errorCode == "request.dateOutOfRange", "\(uri)")
                let message = (response.json["error"] as? [String: Any])?["message"] as? String
                #expect(
                    message
                        == "as_of: 9999-12-31 is outside the dates a request may name, 1970-01-01 to 2036-03-05 (10 years after today)",
                    "\(uri)")
            }
            let page = try await client.execute(
                uri: "/bulletin?period=202601&as_of=0001-01-01", method: .get, headers: fixture.bearer("admin"))
            #expect(page.status == .unprocessableContent)
            let today = try await client.execute(
                uri: "/api/checks?period=202601&as_of=2026-03-05", method: .get, headers: fixture.bearer("admin"))
            #expect(today.status == .ok)
        }
    }

    /// An answer of more rows than the configured limit is refused with the count and the limit; one within it is
    /// served.
    @Test(arguments: TestBackend.available)
    func anAnswerOfTooManyRowsIsRefused(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let checks = "/api/checks?period=202601"
        let all = try await fixture.application.test(.router) { client in
            try await client.execute(uri: checks, method: .get, headers: fixture.bearer("admin"))
        }
        let findings = (try JSONSerialization.jsonObject(with: Data(all.text.utf8)) as? [Any])?.count ?? 0
        try #require(findings >= 4)
        try await fixture.application { $0.bounds = RequestBounds(maxRows: 3) }.test(.router) { client in
            // The four villages of the county.
            let query = try await client.execute(
                uri: "/api/query?element=births&period=202601&level=3", method: .get,
                headers: fixture.bearer("admin", language: "en"))
            #expect(query.status == .unprocessableContent)
            #expect(query.errorCode == "response.tooManyRows")
            let message = (query.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.hasPrefix("the answer would carry "))
            #expect(
                message.hasSuffix(
                    " rows; an answer carries at most 3; ask for a shorter period, a smaller org unit or fewer levels"))
            let audit = try await client.execute(
                uri: checks, method: .get, headers: fixture.bearer("admin", language: "en"))
            #expect(audit.status == .unprocessableContent)
            #expect(audit.text.contains("the answer would carry \(findings) findings"))
            let town = try await client.execute(
                uri: "/api/query?element=births&period=202601&orgunit=TA&scope=children", method: .get,
                headers: fixture.bearer("admin"))
            #expect(town.status == .ok)
        }
    }

    /// With every place for heavy requests taken, the next heavy request is answered at once with 503 and
    /// `Retry-After` — JSON under /api/, a page elsewhere — while light requests still run; a freed place serves
    /// again.
    @Test(arguments: TestBackend.available)
    func heavyRequestsBeyondTheLimitAreAskedToRetry(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let heavy = fixture.server.heavy
        try await fixture.application.test(.router) { client in
            // Hold every place, as that many running audits would.
            for _ in 0..<heavy.limit { #expect(heavy.enter()) }
            for uri in [
                "/api/checks?period=202601", "/api/bulletin?period=202601",
                "/api/query?element=births&period=202601&scope=children", "/api/targets/none",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: fixture.bearer("admin"))
                #expect(response.status == .serviceUnavailable, "\(uri)")
                #expect(response.headers[.retryAfter] == "5", "\(uri)")
                #expect(response.errorCode == "server.busy", "\(uri)")
            }
            for uri in ["/dashboard?period=202601", "/bulletin?period=202601"] {
                let page = try await client.execute(uri: uri, method: .get, headers: fixture.bearer("admin"))
                #expect(page.status == .serviceUnavailable, "\(uri)")
                #expect(page.headers[.retryAfter] == "5", "\(uri)")
                #expect(page.text.contains("server.busy"), "\(uri)")
            }
            // Light requests run: one unit's figure, values, health.
            for uri in [
                "/api/query?element=births&period=202601", "/api/values?dataset=monthly&orgunit=A1&period=202601",
                "/health",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: fixture.bearer("admin"))
                #expect(response.status == .ok, "\(uri)")
            }
            heavy.leave()
            let freed = try await client.execute(
                uri: "/api/checks?period=202601", method: .get, headers: fixture.bearer("admin"))
            #expect(freed.status == .ok)
            for _ in 1..<heavy.limit { heavy.leave() }
            #expect(heavy.inFlight == 0)
        }
    }

    /// A place is held while its request runs and given back when it ends, also when it fails.
    @Test func aHeavyRequestHoldsItsPlaceUntilItEnds() async throws {
        let heavy = HeavyRequestLimiter(limit: 1, retryAfter: 7)
        let inside = try await heavy.run { heavy.inFlight }
        #expect(inside == 1)
        #expect(heavy.inFlight == 0)
        await #expect(throws: ServerError.self) {
            try await heavy.run { () async throws -> Void in throw ServerError.notFound(Localized(zh: "x", en: "x")) }
        }
        #expect(heavy.inFlight == 0)
        try await heavy.run {
            do {
                try await heavy.run {}
                Issue.record("a second heavy request ran beside the first")
            } catch let error as ServerError {
                #expect(error.status == .serviceUnavailable)
                #expect(error.retryAfter == 7)
            }
        }
        #expect(try await heavy.run(if: false) { heavy.inFlight } == 0)
    }

    /// Each route reads at most its own body size: one value 64 KiB, a batch 2 MiB.
    @Test func bodiesAreBoundedPerRoute() async throws {
        let fixture = try Fixture.make(.sqlite)
        defer { fixture.remove() }
        let comment = String(repeating: "x", count: 70 * 1024)
        let value = #"{"element": "visits", "orgunit": "A1", "period": "202602", "value": 4, "comment": "\#(comment)"}"#
        try await fixture.application.test(.router) { client in
            let one = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("admin"), body: body(value))
            #expect(one.status == .contentTooLarge)
            #expect(one.errorCode == "request.tooLarge")
            let batch = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"values": [\#(value)]}"#))
            #expect(batch.status != .contentTooLarge)
            let token = try await client.execute(
                uri: "/api/tokens", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"label": "\#(comment)"}"#))
            #expect(token.status == .contentTooLarge)
        }
    }
}

extension Fixture {
    /// The application on the fixture's database and accounts with a changed configuration.
    func application(_ change: (inout ServerConfiguration) -> Void) -> some ApplicationProtocol {
        var configuration = server.configuration
        change(&configuration)
        return TallyServer.application(
            ServerEnvironment(backend: server.backend, configuration: configuration, bcryptCost: 4),
            logger: Logger(label: "test"))
    }
}
