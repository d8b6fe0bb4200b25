import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Tally
import TallyCore
import TallyIO
import TallyServer
import TallyServerTesting
import TallyStore
import TallyTransfer
import Testing

/// Shows, as a skipped test with its reason, that the server tests ran on SQLite only.
@Suite struct PostgreSQLAvailability {
    @Test(
        .enabled(
            if: TestBackend.postgresURL != nil,
            "the server tests ran on SQLite only; set TALLY_TEST_POSTGRES to a postgres:// URL (scripts/test does) to run them on PostgreSQL too"
        ))
    func serverTestsRunOnPostgreSQL() {
        #expect(TestBackend.available == [.sqlite, .postgres])
    }
}

/// The small county (``FixtureCounty``) with a few values of January 2026 and population; users admin (county),
/// analyst (town A), clerk (village A1), each with an API token; on the backend the test names
/// (``TestBackend``); another metadata, org-unit or data file when a test gives one. The clock is fixed at 2026-03-05 12:00 UTC unless a test sets it.
struct Fixture {
    let directory: URL
    /// The database: a SQLite file's path or a PostgreSQL URL with the test's schema.
    let location: String
    let server: ServerEnvironment
    let tokens: [String: String]
    let clock: TestClock

    static let passwords = ["admin": "admin-password", "analyst": "analyst-password", "clerk": "clerk-password"]

    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value,storedby
        population,2025,A1,,1200,seed
        population,2025,A2,,800,seed
        population,2025,B1,,1000,seed
        population,2025,B2,,1000,seed
        population,2026,A1,,1210,seed
        births,202601,A1,male,3,seed
        births,202601,A1,female,2,seed
        births,202601,A2,male,1,seed
        births,202601,B1,female,4,seed
        visits,202601,A1,,7,seed

        """

    /// 2026-03-05 12:00 UTC.
    static let defaultNow: Int64 = 1_772_712_000

    static func make(
        _ backend: TestBackend, now: Int64 = defaultNow, metadata: String = FixtureCounty.metadata,
        orgUnits: String = FixtureCounty.orgUnits, data: String = data, limiter: LoginLimiter = LoginLimiter()
    ) throws -> Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tally-server-\(UUID().uuidString)")
        let location = backend.location(in: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let workspace = try Workspace.create(
            path: location, metadataFile: try write("m.yaml", metadata), orgUnitsFile: try write("o.csv", orgUnits),
            force: false)
        _ = try workspace.importer.importFile(
            path: try write("d.csv", data), into: workspace.store, user: "seed", time: now - 86_400 * 30)
        let reloaded = try Workspace.load(workspace.store)
        let backend = Backend(workspace: reloaded, accounts: workspace.store as! any AccountStore)
        let clock = TestClock(now)
        let server = ServerEnvironment(
            backend: backend,
            // The whole suite runs in parallel on two cores and can keep a test's client from sending its next request
            // for longer than the production timeouts; the tests of the timeouts set their own (ConnectionTests).
            configuration: ServerConfiguration(
                port: 0, policy: PeriodPolicy(closeAfterDays: 30), clock: { clock.now }, idleTimeout: .seconds(600),
                requestReadTimeout: .seconds(600)),
            limiter: limiter, bcryptCost: 4)
        let units = Set(reloaded.tree.index.keys)
        var tokens: [String: String] = [:]
        for (name, role, unit) in [
            ("admin", UserRole.admin, "C"), ("analyst", .analyst, "TA"), ("clerk", .clerk, "A1"),
        ] {
            try server.accounts.addUser(
                name: name, password: passwords[name]!, role: role, orgUnit: unit, units: units, now: now)
            tokens[name] = try server.accounts.createToken(user: name, label: "test", now: now, days: nil).secret
        }
        return Fixture(directory: directory, location: location, server: server, tokens: tokens, clock: clock)
    }

    var application: some ApplicationProtocol {
        TallyServer.application(server, logger: Logger(label: "test"))
    }

    /// Removes the temporary directory and, for PostgreSQL, the test's schema.
    func remove() {
        TestBackend.drop(location)
        try? FileManager.default.removeItem(at: directory)
    }

    func bearer(_ user: String) -> HTTPFields {
        [.authorization: "Bearer \(tokens[user]!)", .contentType: "application/json"]
    }

    /// The API token of `user`, asking for answers in `language` (`Accept-Language`).
    func bearer(_ user: String, language: String) -> HTTPFields {
        var headers = bearer(user)
        headers[.acceptLanguage] = language
        return headers
    }

    /// The stored value, straight from the store.
    func stored(_ element: String, _ combo: String, _ unit: String, _ period: String) throws -> StoredValue? {
        let workspace = server.backend.workspace
        let catalog = try workspace.store.catalog()
        guard let p = catalog.periods.first(where: { $0.value.identifier == period })?.key else { return nil }
        return try workspace.store.value(
            ValueKey(
                element: catalog.elements[element]!, period: p, orgUnit: catalog.orgUnits[unit]!,
                combo: catalog.combos[combo]!))
    }
}

/// A clock tests can set.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(_ value: Int64) { self.value = value }
    var now: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// Signs in through the form; returns the cookie header value and the session's CSRF token.
func signIn(
    _ client: some TestClientProtocol, _ name: String, password: String? = nil
) async throws -> (
    cookie: String, csrf: String
) {
    let response = try await client.execute(
        uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: body("name=\(name)&password=\(password ?? Fixture.passwords[name]!)"))
    let setCookie = response.headers[.setCookie] ?? ""
    let cookie = String(setCookie.prefix { $0 != ";" })
    let me = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: cookie])
    return (cookie, me.json["csrf_token"] as? String ?? "")
}
