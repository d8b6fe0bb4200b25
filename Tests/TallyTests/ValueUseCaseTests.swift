import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Values written and read through Tally's calls: resolved once, checked against the user on the resolved entries
/// (role, subtree, period open under the policy and the admins' decisions), written with versions; and the entry
/// form's warnings, which are the audit's outlier rule. On SQLite and PostgreSQL.
@Suite struct ValueUseCaseTests {
    /// A1's visits in 2025 are 7, 8, 6, 7, 8, 6, … and 7 in January 2026; January's births as in the server tests.
    static let data: String = {
        var lines = [
            "dataelement,period,orgunit,categoryoptioncombo,value",
            "population,2026,A1,,1210", "births,202601,A1,male,3", "births,202601,A1,female,2", "visits,202601,A1,,7",
        ]
        for m in 1...12 { lines.append("visits,2025\(m < 10 ? "0" : "")\(m),A1,,\(6 + m % 3)") }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let admin = UserAccount(name: "admin", role: .admin, orgUnit: "C", created: 0)
    static let analyst = UserAccount(name: "analyst", role: .analyst, orgUnit: "TA", created: 0)
    static let clerk = UserAccount(name: "clerk", role: .clerk, orgUnit: "A1", created: 0)
    /// 2026-03-05 12:00 UTC: February's reports are open to clerks (due 10 March, closing 30 days later), December's
    /// closed (due 10 January, closed after 9 February).
    static let now: Int64 = 1_772_712_000
    static let policy = PeriodPolicy(closeAfterDays: 30)

    func write(
        _ w: Workspace, _ entries: [ValueEntry], by user: UserAccount
    ) throws -> WrittenValues {
        try w.writeValues(
            entries, by: user, source: "test", time: Self.now, policy: Self.policy,
            accounts: w.store as! any AccountStore)
    }

    func visit(_ unit: String, _ period: String, _ value: String?, version: Int? = nil) -> ValueEntry {
        ValueEntry(
            element: "visits", orgUnit: unit, period: period, value: value, deleted: value == nil, version: version)
    }

    @Test(arguments: TestBackend.available)
    func writesAreCheckedOnTheResolvedEntries(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        func refusal(_ entries: [ValueEntry], by user: UserAccount) -> ValueError? {
            thrown(ValueError.self) { try write(w, entries, by: user) }
        }
        #expect(refusal([visit("A1", "202602", "9")], by: Self.analyst)?.errorCode == "access.readOnly")
        // The padded, decomposed or lower-case forms of another village are that village, and refused as such.
        for code in ["A2", " A2 ", "A2\u{3000}"] {
            let outside = refusal([visit(code, "202602", "9")], by: Self.clerk)
            #expect(outside?.errorCode == "access.outsideSubtree", "\(code)")
            #expect(outside?.message == "clerk may not write for A2 (甲二村): it is outside A1", "\(code)")
        }
        #expect(refusal([visit("A1", "202604", "9")], by: Self.clerk)?.errorCode == "period.future")
        let closed = refusal([visit("A1", "202602", "9"), visit("A1", "202512", "9")], by: Self.clerk)
        #expect(closed?.errorCode == "period.closed")
        #expect(closed?.message == "row 2: 202512 is closed for data entry; ask an admin to reopen it for A1")
        let invalid = refusal([visit("A1", "202602", "1.5"), visit("A1", "202603", "x")], by: Self.clerk)
        #expect(invalid?.errorCode == "import.notInteger")
        #expect(invalid?.message.hasPrefix("row 1: 'value': '1.5' has decimals") == true)
        #expect(invalid?.message.hasSuffix("(and 1 more problems); nothing was saved") == true)
        // Nothing of a refused write is stored.
        #expect(try w.valueStates(elements: ["visits"], orgUnit: "A1", period: try Period("202602"))[0].stored == nil)

        // The admin may write a closed month (December's 6 becomes 9); a new month's period is registered.
        let written = try write(w, [visit("A1", "202512", "9"), visit(" A1 ", "202603", "4")], by: Self.admin)
        #expect(written.summary.changed == 1 && written.summary.new == 1)
        #expect(written.newPeriod)
        let w2 = try county.reloaded()
        // A write from a stale version is a conflict carrying the value as it is now.
        let stale = thrown(ValueError.self) { try write(w2, [visit("A1", "202512", "10", version: 0)], by: Self.admin) }
        #expect(stale?.errorCode == "value.conflict")
        guard case .conflict(let current)? = stale?.code else {
            Issue.record("not a conflict: \(String(describing: stale))")
            return
        }
        #expect(current.stored?.value == 9 && current.version == 2)
        let changed = try write(w2, [visit("A1", "202512", "10", version: 2)], by: Self.admin)
        #expect(changed.summary.changed == 1 && !changed.newPeriod)
        // The value's history, named as a request names it.
        let value = try w2.resolveValue(element: " visits", combo: nil, orgUnit: "A1", period: "2025-12")
        let history = try w2.valueHistory(value)
        #expect(history.state.stored?.value == 10 && history.state.version == 3)
        #expect(history.changes.map(\.previousValue) == [6, 9])
        #expect(history.element?.code == "visits" && history.unit == w2.tree.index["A1"])
        #expect(
            thrown(ValueError.self) {
                try w2.resolveValue(element: "visits", combo: nil, orgUnit: "ZZ", period: "202512")
            }?.errorCode == "import.unknownOrgUnit")
        let births = try w2.valueStates(elements: ["births", "nothing"], orgUnit: "A1", period: try Period("202601"))
        #expect(births.map(\.combo) == ["male", "female"])
        #expect(births.map { $0.stored?.value } == [3, 2])
    }

    @Test(arguments: TestBackend.available)
    func anAdminsDecisionOpensAClosedMonth(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let accounts = w.store as! any AccountStore
        let monthly = try #require(w.metadata.datasets.first { $0.code == "monthly" })
        let december = try Period("202512")
        let today = Day(year: 2026, month: 3, day: 5)!
        let before = try w.periodStatus(
            dataset: monthly, period: december, unit: try w.unit("A1"), today: today, policy: Self.policy,
            accounts: accounts)
        #expect(!before.open && before.overrides.isEmpty)
        #expect(before.closes == Day(year: 2026, month: 2, day: 9))  // 31 December + 10 + 30 days
        _ = try w.decidePeriod(
            dataset: "monthly", period: december, unit: try w.unit("TA"), open: true, until: "2026-03-31", by: "admin",
            at: Self.now, accounts: accounts)
        let after = try w.periodStatus(
            dataset: monthly, period: december, unit: try w.unit("A1"), today: today, policy: Self.policy,
            accounts: accounts)
        #expect(after.open && after.overrides.count == 1)
        #expect(try write(w, [visit("A1", "202512", "9")], by: Self.clerk).summary.changed == 1)
        // Not in 乙镇, which the decision does not cover.
        #expect(
            !(try w.periodStatus(
                dataset: monthly, period: december, unit: try w.unit("B1"), today: today, policy: Self.policy,
                accounts: accounts
            ).open))
        #expect(
            thrown(PeriodDecisionError.self) {
                try w.decidePeriod(
                    dataset: "monthly", period: try Period("2025"), unit: 0, open: false, until: nil, by: "admin",
                    at: Self.now, accounts: accounts)
            }?.code == .otherPeriodType)
    }

    @Test(arguments: TestBackend.available)
    func theFormWarnsAboutWhatTheAuditWouldReport(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let accounts = w.store as! any AccountStore
        let today = Day(year: 2026, month: 3, day: 5)!
        func sheet(_ user: UserAccount, _ period: String = "202602") throws -> EntrySheet {
            try w.entrySheet(
                dataset: "monthly", orgUnit: try w.unit("A1"), period: try Period(period), user: user, today: today,
                policy: Self.policy, accounts: accounts)
        }
        let form = try sheet(Self.clerk)
        #expect(form.open)
        #expect(try !sheet(Self.analyst).open)
        #expect(try !sheet(Self.clerk, "202512").open)
        #expect(try sheet(Self.admin, "202512").open)
        #expect(
            form.cells.map { "\($0.element.code)|\($0.combo.code)" } == ["births|male", "births|female", "visits|"])
        let visits = try #require(form.cells.last)
        #expect(visits.lastPeriod == 7 && visits.lastYear == 8)  // January 2026 and February 2025
        // The audit's rule against the 13 months before: 70 is an outlier, 9 is not; the range says where it changes.
        let usual = try #require(visits.usual)
        #expect(visits.isUnusual(70) && !visits.isUnusual(9) && !visits.isUnusual(7))
        #expect(usual.low == 0 && usual.high >= 9 && usual.high < 70)
        #expect(visits.isUnusual(usual.high + 1) && !visits.isUnusual(usual.high))
        // Births have one month of history: nothing to judge against.
        #expect(form.cells[0].usual == nil && !form.cells[0].isUnusual(40))

        // What the form warns about is what the audit reports once it is saved, and nothing else.
        for (value, reported) in [(usual.high + 1, true), (usual.high, false), (70, true)] {
            _ = try write(w, [visit("A1", "202602", String(Int(value)))], by: Self.admin)
            let audit = try county.reloaded().audit(orgUnit: 0, period: try Period("202602"), asOf: today)
            #expect(audit.findings(of: OutlierCheck.self).isEmpty != reported, "\(value)")
        }
        #expect(
            thrown(EntrySheetError.self) {
                try w.entrySheet(
                    dataset: "monthly", orgUnit: 0, period: try Period("2026"), user: Self.admin, today: today,
                    policy: Self.policy, accounts: accounts)
            }?.code == .otherPeriodType)
        #expect(
            thrown(EntrySheetError.self) {
                try w.entrySheet(
                    dataset: "nothing", orgUnit: 0, period: try Period("202602"), user: Self.admin, today: today,
                    policy: Self.policy, accounts: accounts)
            }?.code == .unknownDataset)
    }
}
