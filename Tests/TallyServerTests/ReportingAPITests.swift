import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

@testable import TallyServer

/// `GET /api/reporting`: the reporting-rate summary the web grid shows, the call `tally check --summary` makes.
///
/// The fixture's monthly report for January 2026 (due 10 February; today is 5 March) from the four villages: A1 and
/// A2 sent it (甲镇 2 of 2), B1 sent it and B2 did not (乙镇 1 of 2), all stored on 3 February: the county 3 of 4
/// (75%), every report received on time. The yearly population report of 2026 is not due yet: no row.
@Suite struct ReportingAPITests {
    static func rows(_ text: String) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
    }

    @Test(arguments: TestBackend.available)
    func everyUnitsReportingRates(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/reporting?period=202601", method: .get, headers: fixture.bearer("admin"))
            #expect(response.status == .ok)
            let rows = Self.rows(response.text)
            #expect(rows.map { $0["orgunit"] as? String } == ["C", "TA", "TB"])
            #expect(rows.allSatisfy { $0["dataset"] as? String == "monthly" })
            #expect(rows.map { $0["expected"] as? Int } == [4, 2, 2])
            #expect(rows.map { $0["received"] as? Int } == [3, 2, 1])
            #expect(rows.map { $0["on_time"] as? Int } == [3, 2, 1])
            #expect(rows.map { $0["completeness"] as? Double } == [0.75, 1, 0.5])
            #expect(rows.allSatisfy { $0["submitted"] as? Int == 0 && $0["approved"] as? Int == 0 })
            // Every village of the county, B2 at 0 of 1.
            let villages = Self.rows(
                try await client.execute(
                    uri: "/api/reporting?period=202601&level=3", method: .get, headers: fixture.bearer("admin")
                ).text)
            #expect(villages.map { $0["orgunit"] as? String } == ["C", "A1", "A2", "B1", "B2"])
            #expect(villages.last?["received"] as? Int == 0 && villages.last?["completeness"] as? Double == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aUserSeesOnlyTheirSubtree(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let analyst = try await client.execute(
                uri: "/api/reporting?period=202601", method: .get, headers: fixture.bearer("analyst"))
            #expect(analyst.status == .ok)
            #expect(Self.rows(analyst.text).map { $0["orgunit"] as? String } == ["TA", "A1", "A2"])
            let refused = try await client.execute(
                uri: "/api/reporting?period=202601&orgunit=TB", method: .get, headers: fixture.bearer("analyst"))
            #expect(refused.status == .forbidden)
            let bad = try await client.execute(
                uri: "/api/reporting?period=2026-13", method: .get, headers: fixture.bearer("admin"))
            #expect(bad.status == .badRequest || bad.status == .unprocessableContent)
        }
    }
}
