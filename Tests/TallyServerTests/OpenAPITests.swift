import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing
import Yams

@Suite struct OpenAPITests {
    /// Every route of the API, as the router serves it.
    static let routes: [(HTTPRequest.Method, String, String)] = [
        (.get, "/health", "/health"),
        (.get, "/api/me", "/api/me"),
        (.get, "/api/metadata", "/api/metadata"),
        (.get, "/api/orgunits", "/api/orgunits"),
        (.get, "/api/values", "/api/values?dataset=monthly&orgunit=A1&period=202601"),
        (.post, "/api/values", "/api/values"),
        (.post, "/api/values/batch", "/api/values/batch"),
        (.post, "/api/import", "/api/import?name=d.csv&dry_run=true"),
        (.get, "/api/import/jobs/{id}", "/api/import/jobs/000000000000000000000000"),
        (.get, "/api/values/history", "/api/values/history?element=visits&orgunit=A1&period=202601"),
        (.get, "/api/query", "/api/query?indicator=cbr&period=202601"),
        (.get, "/api/checks", "/api/checks?period=202601"),
        (.get, "/api/reporting", "/api/reporting?period=202601"),
        (.get, "/api/reporting/grid", "/api/reporting/grid?period=202601"),
        (.get, "/api/targets/{campaign}", "/api/targets/none"),
        (.get, "/api/bulletin", "/api/bulletin?period=202601"),
        (.get, "/api/periods", "/api/periods?dataset=monthly&period=202601"),
        (.post, "/api/periods/reopen", "/api/periods/reopen"),
        (.post, "/api/periods/close", "/api/periods/close"),
        (.get, "/api/approvals", "/api/approvals?dataset=monthly&orgunit=A1&period=202601"),
        (.post, "/api/approvals/submit", "/api/approvals/submit"),
        (.post, "/api/approvals/approve", "/api/approvals/approve"),
        (.post, "/api/approvals/return", "/api/approvals/return"),
        (.post, "/api/approvals/accept", "/api/approvals/accept"),
        (.post, "/api/approvals/unapprove", "/api/approvals/unapprove"),
        (.post, "/api/tokens", "/api/tokens"),
        (.get, "/api/tokens", "/api/tokens"),
        (.delete, "/api/tokens/{id}", "/api/tokens/0000000000000000"),
    ]

    static var documentPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path
    }

    @Test func theDocumentDescribesEveryRouteWithAnExample() throws {
        let text = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: Any])
        var documented = 0
        for (path, operations) in paths {
            for (method, operation) in operations as? [String: Any] ?? [:] {
                documented += 1
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                let examples = responses.values.compactMap { response -> Any? in
                    let content = (response as? [String: Any])?["content"] as? [String: Any]
                    return (content?["application/json"] as? [String: Any])?["example"]
                }
                #expect(!examples.isEmpty, "\(method.uppercased()) \(path) has no response example")
            }
        }
        for (method, path, _) in Self.routes {
            let operation = (paths[path] as? [String: Any])?[method.rawValue.lowercased()]
            #expect(operation != nil, "\(method) \(path) is not in docs/openapi.yaml")
        }
        #expect(documented == Self.routes.count, "docs/openapi.yaml documents routes the server does not serve")
    }

    @Test(arguments: TestBackend.available)
    func everyDocumentedRouteIsServed(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            for (method, _, uri) in Self.routes {
                let response = try await client.execute(
                    uri: uri, method: method, headers: fixture.bearer("admin"), body: body("{}"))
                // Bodies of {} are refused as bad requests, the unknown campaign as not found: never a missing route.
                let isRouteMissing = response.status == .notFound && response.errorCode == nil
                #expect(!isRouteMissing, "\(method) \(uri) is not served")
                #expect(response.status != .internalServerError, "\(method) \(uri): \(response.text)")
            }
        }
    }
}
