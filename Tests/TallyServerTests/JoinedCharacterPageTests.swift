import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

/// Names whose `<` is joined to the character before it (U+0600 ARABIC NUMBER SIGN is a prepend character, so
/// `"\u{0600}<"` is one `Character`) reach the pages as text, never as tags: the dashboard with its charts, the
/// bulletin page, the analysis page with its form, table and chart, and the bulletin through the API.
@Suite struct JoinedCharacterPageTests {
    static let image = "\u{0600}<img src=x onerror=alert(1)>"
    static let refresh = "\u{0600}<meta http-equiv=refresh content=\"0;url=https://evil.example/\">"

    /// The small county with the county, town 甲镇 and village 甲一村 renamed to inject markup, and births named
    /// likewise.
    static let orgUnits = FixtureCounty.orgUnits
        .replacingOccurrences(of: "C,云溪县,", with: "C,\(image),")
        .replacingOccurrences(
            of: "TA,甲镇,C", with: "TA,\"\(refresh.replacingOccurrences(of: "\"", with: "\"\""))\",C"
        )
        .replacingOccurrences(of: "A1,甲一村,TA", with: "A1,\(image),TA")
    static let metadata = FixtureCounty.metadata.replacingOccurrences(
        of: "name: {en: Live births, zh: 出生数}",
        with: #"name: {en: "\u0600<img src=x onerror=alert(2)>", zh: "\u0600<img src=x onerror=alert(2)>"}"#)

    @Test(arguments: TestBackend.available)
    func pagesHoldJoinedMarkupAsText(_ backend: TestBackend) async throws {
        #expect(Self.orgUnits != FixtureCounty.orgUnits && Self.metadata != FixtureCounty.metadata)
        let fixture = try Fixture.make(backend, metadata: Self.metadata, orgUnits: Self.orgUnits)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let (cookie, _) = try await signIn(client, "admin")
            for language in ["zh", "en"] {
                for uri in [
                    "/dashboard?orgunit=C&period=202601", "/dashboard?orgunit=TA&period=202601",
                    "/bulletin?orgunit=C&period=202601", "/bulletin?orgunit=TA&period=202601",
                    "/analysis?element=births&element=births.male&period=202601&scope=children&rows=unit&columns=subject",
                    "/analysis?element=births&period=202601&scope=list&units=A1,A2&chart=lines",
                ] {
                    let page = try await client.execute(
                        uri: uri + "&lang=\(language)", method: .get, headers: [.cookie: cookie])
                    #expect(page.status == .ok, "\(uri)")
                    expectNoInjectedMarkup(page.text, "\(uri) (\(language))")
                    #expect(bytes(page.text, contain: "&lt;img src=x onerror=alert("), "\(uri) (\(language))")
                }
                let api = try await client.execute(
                    uri: "/api/bulletin?orgunit=C&period=202601&format=html&lang=\(language)", method: .get,
                    headers: fixture.bearer("admin"))
                #expect(api.status == .ok)
                expectNoInjectedMarkup(api.text, "/api/bulletin (\(language))")
                #expect(bytes(api.text, contain: "&lt;meta http-equiv=refresh"))
            }
        }
    }
}

/// Whether `text` holds `part`, compared as UTF-8 bytes: `String.contains` compares characters, and would not find
/// `<img` in `"\u{0600}<img"`, whose first character is `"\u{0600}<"`.
func bytes(_ text: String, contain part: String) -> Bool {
    Array(text.utf8).firstRange(of: Array(part.utf8)) != nil
}

/// Expects no `<img` and no `<meta http-equiv` in `text`.
func expectNoInjectedMarkup(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!bytes(text, contain: "<img"), "\(what) holds a raw <img", sourceLocation: sourceLocation)
    #expect(!bytes(text, contain: "<meta http-equiv"), "\(what) holds a raw <meta", sourceLocation: sourceLocation)
}
