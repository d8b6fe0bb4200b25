public import Foundation
internal import Tally
internal import TallyStorePostgres
public import Testing

/// The database behind a server test: a SQLite file in the test's temporary directory, or a fresh schema on the
/// PostgreSQL server named by `TALLY_TEST_POSTGRES` (`scripts/test` starts one and sets it).
///
/// Server tests take `arguments: TestBackend.available`, so the PostgreSQL cases exist only when a test server is
/// set and never pass without running:
/// ```swift
/// @Test(arguments: TestBackend.available) func writes(_ backend: TestBackend) throws {
///     let db = backend.location(in: directory)
///     defer { TestBackend.drop(db) }
///     …
/// }
/// ```
public enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }

    /// The backends the tests run on here: SQLite, and PostgreSQL when `TALLY_TEST_POSTGRES` is set.
    public static var available: [TestBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The test server's URL, or `nil` when none is set.
    public static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    /// Where a new test's database goes: `tally.sqlite` in `directory`, or the test server's URL with a new
    /// schema of its own (`?schema=tally_test_…`).
    public func location(in directory: URL) -> String {
        switch self {
        case .sqlite:
            return directory.appendingPathComponent("tally.sqlite").path
        case .postgres:
            let base = Self.postgresURL!
            let schema =
                "tally_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        }
    }

    /// Drops a PostgreSQL test database's schema with everything in it; a SQLite file goes with its directory.
    public static func drop(_ location: String) {
        guard case .postgres(let url) = try? StoreLocation(location) else { return }
        try? PostgresStore(url: url).dropSchema()
    }
}
