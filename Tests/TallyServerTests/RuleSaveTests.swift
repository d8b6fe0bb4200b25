import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// Validation rules on saving through the API and the entry form: a `high` rule refuses with `rule.refused`, a
/// `medium` one with `rule.unconfirmed` until `confirm_rules` (the form's tick), a `low` one is answered in `rules`.
@Suite struct RuleSaveTests {
    static let metadata = FixtureCounty.metadata + FixtureCounty.rules

    @Test(arguments: TestBackend.available)
    func theAPIRefusesAsksAndWarns(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: Self.metadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let refused = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("clerk", language: "zh"),
                body: body(
                    #"{"confirm_rules": true, "values": [{"element": "births", "combo": "male", "orgunit": "A1", "period": "202601", "value": 4}, {"element": "visits", "orgunit": " A1 ", "period": "202601", "value": 150}]}"#
                ))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "rule.refused")
            let details = (refused.json["error"] as? [String: Any])?["details"] as? [String: Any]
            let rule = (details?["rules"] as? [[String: Any]])?.first
            #expect(rule?["rule"] as? String == "visits_cap")
            #expect(rule?["name"] as? String == "访视不超过100")
            #expect(rule?["left"] as? Double == 150 && rule?["right"] as? Double == 100)
            #expect(rule?["elements"] as? [String] == ["visits"])
            #expect(try fixture.stored("births", "male", "A1", "202601")?.value == 3)
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 7)

            let three = #"{"element": "visits", "orgunit": "A1", "period": "202601", "value": 3"#
            let unconfirmed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"), body: body(three + "}"))
            #expect(unconfirmed.errorCode == "rule.unconfirmed")
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 7)
            let confirmed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(three + #", "confirm_rules": true}"#))
            #expect(confirmed.status == .ok)
            #expect((confirmed.json["rules"] as? [[String: Any]])?.first?["rule"] as? String == "births_by_visits")
            #expect(try fixture.stored("visits", "", "A1", "202601")?.value == 3)
            // A low rule: written, and named.
            let boys = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("clerk"),
                body: body(
                    #"{"values": [{"element": "births", "combo": "male", "orgunit": "A1", "period": "202602", "value": 5}]}"#
                ))
            #expect(boys.status == .ok)
            #expect((boys.json["rules"] as? [[String: Any]])?.first?["importance"] as? String == "low")
        }
    }

    @Test(arguments: TestBackend.available)
    func theFormShowsABrokenRuleBesideItsFields(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: Self.metadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let headers: HTTPFields = [
                .cookie: cookie, .contentType: "application/x-www-form-urlencoded", .acceptLanguage: "zh",
            ]
            let fields =
                "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&ver%7Cvisits%7C=0"
                + "&v%7Cbirths%7Cmale=2&v%7Cbirths%7Cfemale=2"
            let asked = try await client.execute(
                uri: "/entry", method: .post, headers: headers, body: body(fields + "&v%7Cvisits%7C=3"))
            #expect(asked.status == .unprocessableContent)
            #expect(asked.text.contains("data-rule=\"births_by_visits\""))
            #expect(asked.text.contains("校验规则“出生不超过访视”不成立：左边 4，应 &lt;= 右边 3"))
            #expect(asked.text.contains("name=\"confirm_rules\""))
            #expect(asked.text.contains("aria-invalid=\"true\""))
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            let refused = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body(fields + "&v%7Cvisits%7C=300&confirm_rules=1&confirm=1"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("data-rule=\"visits_cap\""))
            #expect(!refused.text.contains("name=\"confirm_rules\""))
            #expect(refused.text.contains("value=\"300\""))
            #expect(try fixture.stored("births", "male", "A1", "202602") == nil)
            let saved = try await client.execute(
                uri: "/entry", method: .post, headers: headers, body: body(fields + "&v%7Cvisits%7C=4"))
            #expect(saved.status == .seeOther)
            #expect(try fixture.stored("visits", "", "A1", "202602")?.value == 4)
        }
    }
}
