import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyStore
import Testing

@testable import TallyServer

@Suite struct PageTests {
    @Test func theEntryFormWarnsAboutUnusualValuesBeforeSaving() async throws {
        let fixture = try Fixture.make()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            // A year of ordinary visits for A1.
            let rows = (1...12).map { m in
                #"{"element": "visits", "orgunit": "A1", "period": "2025\#(m < 10 ? "0" : "")\#(m)", "value": \#(6 + m % 3)}"#
            }
            let seeded = try await client.execute(
                uri: "/api/values/batch", method: .post, headers: fixture.bearer("admin"),
                body: body(#"{"values": [\#(rows.joined(separator: ","))]}"#))
            #expect(seeded.status == .ok)
            let (cookie, csrf) = try await signIn(client, "clerk")
            let form = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602&lang=en", method: .get, headers: [.cookie: cookie]
            )
            #expect(form.text.contains("data-low="))
            #expect(form.text.contains("Last period (202601)"))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let fields = "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&ver%7Cvisits%7C=0&v%7Cvisits%7C=70"
            let warned = try await client.execute(uri: "/entry", method: .post, headers: headers, body: body(fields))
            #expect(warned.status == .ok)
            #expect(warned.text.contains("name=\"confirm\""))
            #expect(try fixture.stored("visits", "", "A1", "202602") == nil)
            let saved = try await client.execute(
                uri: "/entry", method: .post, headers: headers, body: body(fields + "&confirm=1"))
            #expect(saved.status == .seeOther)
            #expect(try fixture.stored("visits", "", "A1", "202602")?.value == 70)
            // The same form saved again from the old version is a conflict shown on the page.
            let stale = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body(fields.replacingOccurrences(of: "=70", with: "=71") + "&confirm=1"))
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("value.conflict"))
            // A bad value is refused with the import's message, and the typed text is kept.
            let bad = try await client.execute(
                uri: "/entry", method: .post, headers: headers,
                body: body("csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&v%7Cbirths%7Cmale=1.5"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("has decimals"))
            #expect(bad.text.contains("value=\"1.5\""))
        }
    }

    @Test func signedOutBrowsersAreSentToSignIn() async throws {
        let fixture = try Fixture.make()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/dashboard", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin?next=/dashboard")
            let page = try await client.execute(uri: "/signin?lang=en", method: .get)
            #expect(page.text.contains("Sign in"))
            #expect(page.headers[.setCookie]?.contains("tally_lang=en") == true)
        }
    }
}
