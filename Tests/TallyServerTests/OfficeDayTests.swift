import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

/// The server judges periods on the office's day, not UTC's: at 01:00 on 1 April in Beijing (17:00 on 31 March
/// UTC) April has begun for the clerks there.
@Suite struct OfficeDayTests {
    /// 2026-03-31 17:00 UTC: 2026-04-01 01:00 in Asia/Shanghai.
    static let beijingNewMonth: Int64 = 1_774_976_400

    @Test(arguments: TestBackend.available)
    func aClerkEntersTheNewMonthAsSoonAsItBeginsInTheOffice(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(
            backend, now: Self.beijingNewMonth, metadata: FixtureCounty.metadata + "\ntime_zone: Asia/Shanghai\n")
        defer { fixture.remove() }
        #expect(Timestamp.day(Self.beijingNewMonth) == Day(year: 2026, month: 3, day: 31))
        #expect(fixture.server.today == Day(year: 2026, month: 4, day: 1))
        try await fixture.application.test(.router) { client in
            let april = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: ByteBuffer(string: #"{"element": "visits", "orgunit": "A1", "period": "202604", "value": 4}"#))
            #expect(april.status == .ok)
            #expect(try fixture.stored("visits", "", "A1", "202604")?.value == 4)
        }
    }

    @Test(arguments: TestBackend.available)
    func inUTCTheMonthHasNotBegun(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(
            backend, now: Self.beijingNewMonth, metadata: FixtureCounty.metadata + "\ntime_zone: UTC\n")
        defer { fixture.remove() }
        #expect(fixture.server.today == Day(year: 2026, month: 3, day: 31))
        try await fixture.application.test(.router) { client in
            let april = try await client.execute(
                uri: "/api/values", method: .post, headers: fixture.bearer("clerk"),
                body: ByteBuffer(string: #"{"element": "visits", "orgunit": "A1", "period": "202604", "value": 4}"#))
            #expect(april.errorCode == "period.future")
        }
    }
}
