import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The towns' recount of the villages' visits (``FixtureCounty/recountMetadata``) on the entry form and the API: the
/// village's clerk sees it read-only and a forged field or API write is refused; the town's analyst enters it.
@Suite struct EntryRightsPageTests {
    @Test(arguments: TestBackend.available)
    func theClerkSeesTheRecountReadOnlyAndTheTownEntersIt(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: FixtureCounty.recountMetadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let form = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602&lang=zh", method: .get, headers: [.cookie: cookie]
            )
            let recount = try #require(
                form.text.split(separator: "<input").first { $0.contains("name=\"v|visits_verified|\"") })
            #expect(recount.contains(" disabled"))
            #expect(form.text.contains("由上级单位录入"))
            let visits = try #require(form.text.split(separator: "<input").first { $0.contains("name=\"v|visits|\"") })
            #expect(!visits.contains(" disabled"))
            // A forged field is refused by Tally, with nothing written.
            let headers: HTTPFields = [
                .cookie: cookie, .contentType: "application/x-www-form-urlencoded", .acceptLanguage: "zh",
            ]
            let forged = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body(
                    "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&v%7Cvisits%7C=9&v%7Cvisits_verified%7C=9"))
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("access.enteredAbove"))
            #expect(forged.text.contains("由上级单位录入（核实复核数）；clerk 不能为 甲一村（A1）录入它"))
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            let api = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "visits_verified", "orgunit": "A1", "period": "202602", "value": 9}"#))
            #expect(api.status == .forbidden && api.errorCode == "access.enteredAbove")

            // The town's analyst: the village's dashboard links its monthly form (not the population's), whose one
            // input is the recount, and it is saved.
            let (analystCookie, analystCSRF) = try await signIn(client, "analyst")
            let dashboard = try await client.execute(
                uri: "/dashboard?orgunit=A1&period=202601", method: .get, headers: [.cookie: analystCookie])
            #expect(dashboard.text.contains("href=\"/entry?dataset=monthly&amp;orgunit=A1&amp;period=202602\""))
            #expect(!dashboard.text.contains("href=\"/entry?dataset=population"))
            let townForm = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602", method: .get,
                headers: [.cookie: analystCookie])
            let inputs = townForm.text.split(separator: "<input").filter { $0.contains("class=\"v\"") }
            #expect(inputs.filter { !$0.contains(" disabled") }.count == 1)
            #expect(townForm.text.contains("<button type=\"submit\">"))
            let saved = try await client.execute(
                uri: "/entry", method: .post,
                headers: [.cookie: analystCookie, .contentType: "application/x-www-form-urlencoded"],
                body: body("csrf=\(analystCSRF)&dataset=monthly&orgunit=A1&period=202602&v%7Cvisits_verified%7C=8"))
            #expect(saved.status == .seeOther)
            #expect(try fixture.stored("visits_verified", "", "A1", "202602")?.value == 8)
        }
    }
}
