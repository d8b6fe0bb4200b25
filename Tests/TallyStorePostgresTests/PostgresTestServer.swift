import Foundation
import TallyStorePostgres

/// The PostgreSQL server the tests use: the URL in `TALLY_TEST_POSTGRES` (`scripts/test` starts one and sets it).
/// Each test gets a schema of its own, dropped afterwards.
enum PostgresTestServer {
    static var url: String? {
        guard let url = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    static var isAvailable: Bool { url != nil }

    /// The URL of a new, unique schema on the test server.
    static func freshURL() -> String {
        let base = url!
        let schema = "tally_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// Runs `body` with a factory for stores in one new schema, then drops the schema.
    static func withSchema<R>(_ body: (_ url: String, _ makeStore: () throws -> PostgresStore) throws -> R) throws -> R
    {
        let url = freshURL()
        defer { try? PostgresStore(url: url).dropSchema() }
        return try body(url) { try PostgresStore(url: url) }
    }
}
