import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyEngine
import TallyQuality
import TallyRender
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// The reporting grid (`Workspace.reportingGrid`), the reminder's contacts, the open periods of a clerk's home page
/// and a unit's own overdue reports, on the small county in Shanghai time with hand-computed figures, on SQLite and
/// PostgreSQL.
@Suite struct ReportingGridUseCaseTests {
    /// The office is in Shanghai (UTC+8): a report of 202602 is due on 2026-03-10, whose last second there is
    /// 2026-03-10T15:59:59Z.
    static let metadata = "time_zone: Asia/Shanghai\n" + FixtureCounty.metadata

    /// When each village's monthly report was first stored (UTC):
    ///
    /// | | 202601 (due 02-10) | 202602 (due 03-10) | 202603 (due 04-10) |
    /// |---|---|---|---|
    /// | A1 | 02-05 on time | 03-10 15:59:59Z = 23:59:59 local, on time | 04-10 16:00:00Z = 04-11 00:00 local, 1 day late |
    /// | A2 | 02-20 08:00 local, 10 days late (visits only) | missing | missing |
    /// | B1 | 02-05 on time | 03-05 on time | 04-05 on time |
    /// | B2 | missing | missing | missing |
    ///
    /// B1's 202604 is stored too but due 05-10, after the as-of day 2026-05-01: not expected.
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated
        births,202601,A1,male,3,a1,2026-02-05T00:00:00Z
        births,202601,A1,female,2,a1,2026-02-06T00:00:00Z
        births,202602,A1,male,4,a1,2026-03-10T15:59:59Z
        births,202603,A1,male,1,a1,2026-04-10T16:00:00Z
        visits,202601,A2,,7,a2,2026-02-20T00:00:00Z
        births,202601,B1,male,2,b1,2026-02-05T00:00:00Z
        births,202602,B1,male,2,b1,2026-03-05T00:00:00Z
        visits,202603,B1,,9,b1,2026-04-05T00:00:00Z
        births,202604,B1,male,2,b1,2026-04-05T00:00:00Z

        """

    static let asOf = Day(year: 2026, month: 5, day: 1)!

    /// A row's or column's (expected, received, on time).
    static func triple(_ rate: ReportingRate) -> [Int] { [rate.expected, rate.received, rate.onTime] }

    @Test(arguments: TestBackend.available)
    func theGridHoldsEveryReportAndItsCounts(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let grid = try w.reportingGrid(
            orgUnit: try w.unit(nil), period: try Period("202601..202604"), dataset: "monthly", asOf: Self.asOf)
        #expect(grid.periods.map(\.identifier) == ["202601", "202602", "202603"])
        #expect(grid.units.map { w.tree.units[$0].code } == ["A1", "A2", "B1", "B2"])
        let due = (
            Day(year: 2026, month: 2, day: 10)!, Day(year: 2026, month: 3, day: 10)!,
            Day(year: 2026, month: 4, day: 10)!
        )
        #expect(
            grid.cells[0] == [
                .onTime(stored: 1_770_249_600), .onTime(stored: 1_773_158_399),
                .late(stored: 1_773_158_400 + 31 * 86_400, daysLate: 1, due: due.2),
            ])
        #expect(
            grid.cells[1] == [
                .late(stored: 1_771_545_600, daysLate: 10, due: due.0), .missing(due: due.1), .missing(due: due.2),
            ])
        #expect(grid.cells[2].map(\.code) == ["on_time", "on_time", "on_time"])
        #expect(grid.cells[3] == [.missing(due: due.0), .missing(due: due.1), .missing(due: due.2)])
        // Rows, columns and the whole, by hand.
        #expect(
            grid.units.indices.map { Self.triple(grid.rowRate($0)) } == [
                [3, 3, 2], [3, 1, 0], [3, 3, 3], [3, 0, 0],
            ])
        #expect(grid.periods.indices.map { Self.triple(grid.columnRate($0)) } == [[4, 3, 2], [4, 2, 2], [4, 2, 1]])
        #expect(Self.triple(grid.totalRate) == [12, 7, 5])
        #expect(grid.totalRate.completeness == 7.0 / 12)
        #expect(grid.rowRate(0).timeliness == 2.0 / 3)
        // Each row is the summary's row for the village (`tally check --summary --level 3`), and the whole is the
        // county's.
        let summary = try w.reportingSummary(
            orgUnit: try w.unit(nil), period: try Period("202601..202604"), scope: .level(3), asOf: Self.asOf)
        let monthly = summary.rows.filter { $0.dataset == "monthly" }
        #expect(
            monthly.map { [$0.expected, $0.received, $0.onTime] } == [
                [12, 7, 5], [3, 3, 2], [3, 1, 0], [3, 3, 3], [3, 0, 0],
            ])
        // The late and missing reports, and the clerks to contact: A2's enabled clerk; B2's is disabled.
        let overdue = grid.overdue
        #expect(
            overdue.map { "\(w.tree.units[$0.unit].code) \($0.period) \($0.status.code)" } == [
                "A1 202603 late", "A2 202601 late", "A2 202602 missing", "A2 202603 missing", "B2 202601 missing",
                "B2 202602 missing", "B2 202603 missing",
            ])
        let users = [
            UserAccount(name: "a2.clerk", role: .clerk, orgUnit: "A2", created: 0, displayName: "王芳"),
            UserAccount(name: "b2.clerk", role: .clerk, orgUnit: "B2", disabled: true, created: 0),
            UserAccount(name: "a1.analyst", role: .analyst, orgUnit: "A1", created: 0),
            UserAccount(name: "a2.other", role: .clerk, orgUnit: "A2", created: 0),
        ]
        let contacts = w.contacts(for: overdue.map(\.unit), users: users)
        #expect(contacts.mapValues { $0.map(\.name) } == [try w.unit("A2"): ["a2.clerk", "a2.other"]])
        // Filtered to a town: its villages only.
        let town = try w.reportingGrid(
            orgUnit: try w.unit("TA"), period: try Period("202601..202604"), dataset: "monthly", asOf: Self.asOf)
        #expect(town.units.map { w.tree.units[$0].code } == ["A1", "A2"])
        #expect(Self.triple(town.totalRate) == [6, 4, 2])
        // The workbook's sheets carry the same figures.
        let report = ReportingGridReport(grid: town, tree: w.tree, language: .zh)
        #expect(report.unitRecords.columns.prefix(5) == ["orgunit", "name", "202601", "202602", "202603"])
        #expect(
            report.unitRecords.rows[1].prefix(5).map(\.text) == ["\"A2\"", "\"甲二村\"", "\"逾期\"", "\"缺报\"", "\"缺报\""])
        #expect(report.periodRecords.rows.last?.prefix(4).map(\.text) == ["\"合计\"", "6", "4", "2"])
        // An unknown dataset is refused, naming the datasets.
        let error = thrown(ReportingError.self) {
            try w.reportingGrid(orgUnit: 0, period: try Period("202601"), dataset: "weekly", asOf: nil)
        }
        #expect(error?.message(.en) == "'weekly' is not a dataset; expected one of: population, monthly")
    }

    @Test(arguments: TestBackend.available)
    func aClerksHomeOpensOnTheLatestOpenPeriod(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let accounts = try #require(w.store as? any AccountStore)
        let policy = PeriodPolicy(closeAfterDays: 30)
        let monthly = try #require(w.metadata.datasets.first { $0.code == "monthly" })
        let a1 = try w.unit("A1")
        // On 2026-05-01 a month stays open until 40 days after its end: 202605 (begun), 202604, 202603 (to 05-10);
        // 202602 closed on 04-09. The form opens on the latest that has ended, 202604.
        var open = try w.openPeriods(
            dataset: monthly, unit: a1, role: .clerk, today: Self.asOf, policy: policy, accounts: accounts)
        #expect(open.map(\.identifier) == ["202605", "202604", "202603"])
        #expect(Workspace.entryPeriod(open, today: Self.asOf)?.identifier == "202604")
        // An admin's reopening of 202602 for 甲镇 opens it for A1, not for B1.
        try accounts.addPeriodOverride(
            PeriodOverride(
                dataset: "monthly", period: "202602", orgUnit: "TA", open: true, until: nil, by: "admin", at: 0))
        open = try w.openPeriods(
            dataset: monthly, unit: a1, role: .clerk, today: Self.asOf, policy: policy, accounts: accounts)
        #expect(open.map(\.identifier) == ["202605", "202604", "202603", "202602"])
        let b1 = try w.openPeriods(
            dataset: monthly, unit: try w.unit("B1"), role: .clerk, today: Self.asOf, policy: policy,
            accounts: accounts)
        #expect(b1.map(\.identifier) == ["202605", "202604", "202603"])
        // No period outside the dataset's dates.
        var ending = monthly
        ending.end = Day(year: 2026, month: 3, day: 31)
        #expect(
            try w.openPeriods(
                dataset: ending, unit: a1, role: .clerk, today: Self.asOf, policy: policy, accounts: accounts
            ).map(\.identifier) == ["202603", "202602"])
        // The home page's choices: the village's two datasets; the yearly population's 2026 is open, not ended.
        let choices = try w.entryChoices(
            orgUnit: a1, role: .clerk, today: Self.asOf, policy: policy, accounts: accounts)
        #expect(choices.map(\.dataset.code) == ["population", "monthly"])
        #expect(choices.map { $0.period?.identifier } == ["2026", "202604"])
        #expect(choices[0].open.map(\.identifier) == ["2026"])
        // A2's own overdue reports: every month of the last year due before today without a report, latest first.
        let overdue = try w.overdueReports(unit: try w.unit("A2"), today: Self.asOf)
            .filter { $0.dataset.code == "monthly" }
        #expect(
            overdue.map(\.period.identifier) == [
                "202603", "202602", "202512", "202511", "202510", "202509", "202508", "202507", "202506", "202505",
            ])
        #expect(overdue.first?.due == Day(year: 2026, month: 4, day: 10))
    }
}
