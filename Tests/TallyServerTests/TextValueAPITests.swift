import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// Text values (`text`, `long_text`) through `/api/values` and the entry form: written, shown back, refused with
/// the import's messages, and kept in history.
@Suite struct TextValueAPITests {
    static func json(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
    }

    @Test(arguments: TestBackend.available)
    func theAPIWritesAndReadsTexts(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: FixtureCounty.textMetadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let written = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "remark", "orgunit": "A1", "period": "202602", "value": "  路已修好 "}"#))
            #expect(written.status == .ok, "\(written.text)")
            let story = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "story", "orgunit": "A1", "period": "202602", "value": "第一段\r\n第二段"}"#))
            #expect(story.status == .ok, "\(story.text)")
            let read = try await client.execute(
                uri: "/api/values?dataset=monthly&orgunit=A1&period=202602", method: .get,
                headers: fixture.bearer("clerk"))
            let rows = try Self.json(read)
            #expect(rows.first { $0["element"] as? String == "remark" }?["value"] as? String == "路已修好")
            #expect(rows.first { $0["element"] as? String == "story" }?["value"] as? String == "第一段\n第二段")
            #expect(rows.first { $0["element"] as? String == "remark" }?["version"] as? Int == 1)
            // Refused with the import's checks: a line break in a one-line text, in both languages.
            let bad = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk", language: "en"),
                body: body(#"{"element": "remark", "orgunit": "A1", "period": "202602", "value": "a\nb"}"#))
            #expect(bad.status == .unprocessableContent && bad.errorCode == "import.refusedCharacter")
            #expect(bad.text.contains("'remark' holds one line of text (text)"), "\(bad.text)")
            // A change is kept in history; a stale version is a conflict showing the text as it is.
            let changed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(
                    #"{"element": "remark", "orgunit": "A1", "period": "202602", "value": "已通车", "version": 1}"#))
            #expect(changed.status == .ok, "\(changed.text)")
            let stale = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "remark", "orgunit": "A1", "period": "202602", "value": "x", "version": 1}"#))
            #expect(stale.status == .conflict && stale.text.contains("已通车"), "\(stale.text)")
            let history = try await client.execute(
                uri: "/api/values/history?element=remark&orgunit=A1&period=202602", method: .get,
                headers: fixture.bearer("clerk"))
            #expect(history.text.contains(#""previous_value":"路已修好""#), "\(history.text)")
            #expect(history.text.contains(#""new_value":"已通车""#), "\(history.text)")
            // Removed, as a number is.
            let removed = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: body(#"{"element": "remark", "orgunit": "A1", "period": "202602", "deleted": true}"#))
            #expect(removed.status == .ok, "\(removed.text)")
            let after = try Self.json(
                try await client.execute(
                    uri: "/api/values?element=remark&orgunit=A1&period=202602", method: .get,
                    headers: fixture.bearer("clerk")))
            #expect(after.first?["value"] is NSNull)
        }
    }

    @Test(arguments: TestBackend.available)
    func theEntryFormHasATextFieldAndATextArea(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend, metadata: FixtureCounty.textMetadata)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, csrf) = try await signIn(client, "clerk")
            let form = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602", method: .get, headers: [.cookie: cookie])
            #expect(form.text.contains(#"<input class="t" type="text" maxlength="1000" value="" name="v|remark|""#))
            #expect(form.text.contains(#"<textarea class="t" rows="3" maxlength="50000" name="v|story|""#))
            let saved = try await client.execute(
                uri: "/entry", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: body(
                    "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&v%7Cremark%7C=%E4%BF%AE%E8%B7%AF"
                        + "&v%7Cstory%7C=a%0D%0A%3Cb%3E"))
            #expect(saved.status == .seeOther, "\(saved.text)")
            let shown = try await client.execute(
                uri: "/entry?dataset=monthly&orgunit=A1&period=202602", method: .get, headers: [.cookie: cookie])
            #expect(shown.text.contains(#"value="修路" name="v|remark|""#))
            #expect(shown.text.contains(">a\n&lt;b&gt;</textarea>"), "stored with a line feed, shown escaped")
            // Saving the form again as shown changes nothing.
            let again = try await client.execute(
                uri: "/entry", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: body(
                    "csrf=\(csrf)&dataset=monthly&orgunit=A1&period=202602&v%7Cremark%7C=%E4%BF%AE%E8%B7%AF"
                        + "&v%7Cstory%7C=a%0A%3Cb%3E"))
            #expect(again.status == .seeOther)
        }
    }
}
