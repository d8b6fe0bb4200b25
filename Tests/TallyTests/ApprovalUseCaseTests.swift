import Foundation
import Tally
import TallyAudit
import TallyBulletin
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Submission and approval through Tally's calls: who may submit, approve, return, accept and undo; an approved
/// report locked for its clerk; a clerk's change taking a submission back; the submission's time deciding
/// timeliness in the grid and the summary. On SQLite and PostgreSQL.
@Suite struct ApprovalUseCaseTests {
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        visits,202601,A1,,7
        visits,202601,A2,,5

        """

    static let clerk = UserAccount(name: "li", role: .clerk, orgUnit: "A1", created: 0)
    static let otherClerk = UserAccount(name: "zhao", role: .clerk, orgUnit: "A2", created: 0)
    static let town = UserAccount(name: "wang", role: .analyst, orgUnit: "TA", created: 0)
    static let otherTown = UserAccount(name: "chen", role: .analyst, orgUnit: "TB", created: 0)
    static let county = UserAccount(name: "sun", role: .analyst, orgUnit: "C", created: 0)
    static let admin = UserAccount(name: "admin", role: .admin, orgUnit: "C", created: 0)
    /// 2026-02-05 12:00 UTC: January's reports are due on 10 February.
    static let now: Int64 = 1_770_292_800

    func visit(_ value: String) -> ValueEntry {
        ValueEntry(element: "visits", orgUnit: "A1", period: "202601", value: value)
    }

    @Test(arguments: TestBackend.available)
    func aReportIsSubmittedApprovedAcceptedAndUndone(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now - 86_400 * 3)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let report = try w.report(dataset: " monthly", orgUnit: "A1\u{3000}", period: "202601")
        #expect(w.tree.units[report.unit].code == "A1")
        func act(
            _ request: ReportRequest, _ user: UserAccount, comment: String = "", at offset: Int64 = 0
        ) throws
            -> ReportState
        {
            try w.act(
                request, on: report, comment: comment, by: user, time: Self.now + offset, accounts: accounts)
        }
        func refusal(_ request: ReportRequest, _ user: UserAccount, comment: String = "x") -> String? {
            thrown(ReportError.self) { try act(request, user, comment: comment) }?.errorCode
        }
        // Nothing to approve before the clerk submits; another village's clerk and the town may not submit.
        #expect(refusal(.approve, Self.town) == "report.wrongStage")
        #expect(refusal(.submit, Self.otherClerk) == "report.notAllowed")
        #expect(refusal(.submit, Self.town) == "report.notAllowed")
        #expect(try act(.submit, Self.clerk).stage == .submitted)
        #expect(refusal(.submit, Self.clerk) == "report.wrongStage")
        // Only the town above approves: not the other town, not the county (its step is accepting), not a clerk.
        #expect(refusal(.approve, Self.otherTown) == "report.notAllowed")
        #expect(refusal(.approve, Self.county) == "report.notAllowed")
        #expect(refusal(.accept, Self.county) == "report.wrongStage")
        // A return needs a comment; with one, the report goes back to the clerk, who submits again.
        #expect(refusal(.return, Self.town, comment: "  ") == "report.badComment")
        let returned = try act(.return, Self.town, comment: "访视数偏低，请核对", at: 60)
        #expect(returned.stage == .returned)
        #expect(returned.returned?.comment == "访视数偏低，请核对")
        #expect(try w.returnedReports(unit: report.unit, today: Timestamp.day(Self.now), accounts: accounts).count == 1)
        #expect(try act(.submit, Self.clerk, at: 120).stage == .submitted)
        #expect(try w.pendingReports(for: Self.town, today: Timestamp.day(Self.now), accounts: accounts).count == 1)
        #expect(try w.pendingReports(for: Self.otherTown, today: Timestamp.day(Self.now), accounts: accounts).isEmpty)
        // Approved: locked for the clerk, with a sentence naming the report and the approver.
        let approved = try act(.approve, Self.town, at: 180)
        #expect(approved.stage == .approved && approved.isLocked)
        let policy = PeriodPolicy(closeAfterDays: 30)
        let locked = thrown(ValueError.self) {
            try w.writeValues(
                [visit("9")], by: Self.clerk, source: "test", time: Self.now + 240, policy: policy,
                accounts: accounts)
        }
        #expect(locked?.errorCode == "report.locked")
        #expect(
            locked?.message(.en)
                == "monthly（Monthly report）· A1（甲一村）· 202601 was approved by wang on 2026-02-05 and is locked; ask the approver to undo the approval to change it"
        )
        #expect(locked?.message(.zh).contains("已由 wang 于 2026-02-05 审核通过，已锁定") == true)
        // A clerk's upload into the approved report is refused by its line, with the same sentence.
        let upload = DataUpload(
            name: "a1.csv",
            path: try place.file(
                "a1.csv", "dataelement,period,orgunit,categoryoptioncombo,value\nvisits,202601,A1,,9\n"))
        let check = try w.checkUpload(upload, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 240)
        guard case .refused(let problems) = check.outcome else {
            Issue.record("the upload into an approved report was not refused: \(check.outcome)")
            return
        }
        #expect(problems.issues.first?.line == 2)
        #expect(
            problems.issues.first?.details(.en).contains("was approved by wang on 2026-02-05 and is locked") == true)
        // An admin still writes; the county accepts; the town may not undo the county's acceptance, the county may.
        _ = try w.writeValues(
            [visit("8")], by: Self.admin, source: "test", time: Self.now + 250, policy: policy, accounts: accounts)
        #expect(try act(.accept, Self.county, at: 300).stage == .accepted)
        #expect(refusal(.unapprove, Self.town) == "report.notAllowed")
        #expect(try act(.unapprove, Self.county, at: 360).stage == .approved)
        // The town undoes its approval: the clerk may write again, and the change takes the submission back.
        #expect(try act(.unapprove, Self.town, at: 420).stage == .submitted)
        _ = try w.writeValues(
            [visit("9")], by: Self.clerk, source: "test", time: Self.now + 480, policy: policy, accounts: accounts)
        let after = try w.reportState(report, accounts: accounts)
        #expect(after.stage == .open)
        #expect(
            after.events.map(\.action) == [
                .submit, .return, .submit, .approve, .accept, .unapprove, .unapprove, .withdraw,
            ])
        #expect(after.events.map(\.by) == ["li", "wang", "li", "wang", "sun", "sun", "wang", "li"])
    }

    @Test(arguments: TestBackend.available)
    func aClerksUploadTakesTheSubmissionBackInItsTransaction(_ backend: TestBackend) throws {
        let place = try County.make(backend, data: Self.data, time: Self.now - 86_400 * 3)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let policy = PeriodPolicy(closeAfterDays: 30)
        let report = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        _ = try w.act(.submit, on: report, by: Self.clerk, time: Self.now, accounts: accounts)
        let header = "dataelement,period,orgunit,categoryoptioncombo,value\n"
        func upload(_ name: String, _ rows: String) throws -> DataUpload {
            DataUpload(name: name, path: try place.file(name, header + rows))
        }
        func summary(_ check: UploadCheck) throws -> (ImportSummary, String) {
            guard case .ready(let summary, let fingerprint) = check.outcome else {
                Issue.record("refused: \(check.outcome)")
                return (ImportSummary(file: ""), "")
            }
            return (summary, fingerprint)
        }
        func visits() throws -> Double? {
            try w.valueState(element: "visits", combo: "", orgUnit: "A1", period: try Period("202601")).stored?.value
        }
        func actions() throws -> [ReportAction] { try w.reportState(report, accounts: accounts).events.map(\.action) }
        // The same value again changes nothing: the submission stands.
        let same = try upload("same.csv", "visits,202601,A1,,7\n")
        let (unchanged, sameFingerprint) = try summary(
            try w.checkUpload(same, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 60))
        #expect(unchanged.withdrawn == 0)
        _ = try w.applyUpload(
            same, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 60,
            fingerprint: sameFingerprint)
        #expect(try actions() == [.submit])
        // A changed value: the dry run writes the withdrawal in its transaction and rolls it back with the value.
        let changed = try upload("changed.csv", "visits,202601,A1,,9\n")
        let (dry, fingerprint) = try summary(
            try w.checkUpload(changed, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 120))
        #expect(dry.changed == 1 && dry.withdrawn == 1)
        #expect(dry.registrationsPhrase?(.zh).contains("1 份将撤回上报") == true)
        #expect(try actions() == [.submit])
        #expect(try visits() == 7)
        // A file that breaks on a later row: refused, neither its values nor a withdrawal are kept.
        let broken = try upload("broken.csv", "visits,202601,A1,,9\nvisits,202601,A1,,x\n")
        #expect(throws: ImportError.self) {
            try w.applyUpload(
                broken, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 150,
                fingerprint: fingerprint)
        }
        #expect(try actions() == [.submit])
        #expect(try visits() == 7)
        // The import: the value and the withdrawal, by the clerk at the upload's time; A2's report untouched.
        let done = try w.applyUpload(
            changed, by: Self.clerk, policy: policy, accounts: accounts, time: Self.now + 180, fingerprint: fingerprint)
        #expect(done.changed == 1 && done.withdrawn == 1)
        let after = try w.reportState(report, accounts: accounts)
        #expect(after.stage == .open)
        #expect(after.events.map(\.action) == [.submit, .withdraw])
        #expect(after.events.last.map { [$0.by, "\($0.at)"] } == ["li", "\(Self.now + 180)"])
        #expect(try visits() == 9)
    }

    @Test(arguments: TestBackend.available)
    func theSubmissionTimeDecidesTimeliness(_ backend: TestBackend) throws {
        // A1's value was stored on 5 February (on time); A2's too. A1 submits on 20 February (late): late. A2 is
        // approved without a late submission: on time and approved.
        let place = try County.make(backend, data: Self.data, time: Self.now)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        let a2 = try w.report(dataset: "monthly", orgUnit: "A2", period: "202601")
        let late = Self.now + 86_400 * 15
        _ = try w.act(.submit, on: a1, by: Self.clerk, time: late, accounts: accounts)
        _ = try w.act(.submit, on: a2, by: Self.otherClerk, time: Self.now, accounts: accounts)
        _ = try w.act(.approve, on: a2, by: Self.town, time: Self.now + 60, accounts: accounts)
        // B1 never stored a value but submitted on time: received, on time.
        let b1 = try w.report(dataset: "monthly", orgUnit: "B1", period: "202601")
        _ = try w.act(
            .submit, on: b1, by: UserAccount(name: "b", role: .clerk, orgUnit: "B1", created: 0), time: Self.now,
            accounts: accounts)
        let grid = try w.reportingGrid(
            orgUnit: w.tree.index["C"]!, period: try Period("202601"), dataset: "monthly", asOf: nil)
        let row = { (code: String) in grid.units.firstIndex(of: w.tree.index[code]!)! }
        #expect(grid.cells[row("A1")][0].code == "late")
        #expect(grid.stages[row("A1")][0] == .submitted)
        #expect(grid.cells[row("A2")][0].code == "on_time")
        #expect(grid.stages[row("A2")][0] == .approved)
        #expect(grid.cells[row("B1")][0].code == "on_time")
        #expect(grid.cells[row("B2")][0].code == "missing")
        #expect(grid.stages[row("B2")][0] == .open)
        let summary = try w.reportingSummary(orgUnit: w.tree.index["C"]!, period: try Period("202601"))
        let county = try #require(summary.rows.first { $0.unit == w.tree.index["C"]! && $0.dataset == "monthly" })
        #expect(
            [county.expected, county.received, county.onTime, county.submitted, county.approved] == [4, 3, 2, 3, 1])
    }

    @Test(arguments: TestBackend.available)
    func aReportSubmittedByItsDueDayIsOnTimeInTheBulletinAsInTheGrid(_ backend: TestBackend) throws {
        // January's values of A1 and A2 were first stored on 20 February, ten days after their due day. A1 was
        // submitted on 5 February: on time. A2 was never submitted: late by its values. B1 submitted on time
        // without values: received, on time. B2 sent nothing. Hand-counted for the county: 4 expected, 3 received
        // (A1, A2, B1), 2 on time (A1, B1); one late report, A2's. Their yearly population reports are expected too
        // (4 more, none received): 3 of 8.
        let place = try County.make(backend, data: Self.data, time: Self.now + 86_400 * 15)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let a1 = try w.report(dataset: "monthly", orgUnit: "A1", period: "202601")
        let b1 = try w.report(dataset: "monthly", orgUnit: "B1", period: "202601")
        _ = try w.act(.submit, on: a1, by: Self.clerk, time: Self.now, accounts: accounts)
        _ = try w.act(
            .submit, on: b1, by: UserAccount(name: "b", role: .clerk, orgUnit: "B1", created: 0), time: Self.now,
            accounts: accounts)
        let county = w.tree.index["C"]!
        let january = try Period("202601")
        let grid = try w.reportingGrid(orgUnit: county, period: january, dataset: "monthly", asOf: nil)
        let codes = ["A1", "A2", "B1", "B2"].map { code in
            grid.cells[grid.units.firstIndex(of: w.tree.index[code]!)!][0].code
        }
        #expect(codes == ["on_time", "late", "on_time", "missing"])
        let day = Timestamp.day(Self.now + 86_400 * 20)
        // The dashboard's overview, the same computation as the bulletin's.
        let overview = try w.dashboard(orgUnit: county, period: january, language: .zh, today: day).overview
        #expect(overview.reports.map { [$0.current.received, $0.current.expected] } == [3, 8])
        let late = (overview.audit?.findings ?? []).filter { $0.payload is LateReportCheck.Payload }
        #expect(late.map { w.tree.units[$0.unit].code } == ["A2"])
        // The bulletin says so in words: three of eight received; on time two of the county's four monthly
        // reports (A1, B1), one of 甲镇's two (A1).
        let bulletin = try w.bulletin(orgUnit: county, period: january, language: .zh, preparedOn: day)
        #expect(bulletin.caveat?.contains("本期应报8份报表，已收到3份（37.5%）") == true)
        let sentences = (bulletin.quality?.findings ?? []).map(\.sentence)
        #expect(sentences.contains { $0.hasPrefix("云溪县2026年1月月报应报4份，按时报送2份，占50.0%") })
        #expect(sentences.contains { $0.hasPrefix("甲镇2026年1月月报应报2份，按时报送1份，占50.0%") })
    }

    @Test func theApprovalLevelsAreChecked() throws {
        let tree = try OrgUnitFile.read(bytes: Array(FixtureCounty.orgUnits.utf8), name: "o.csv").tree
        func parse(_ approval: String) throws -> DataSet? {
            let text = FixtureCounty.metadata.replacingOccurrences(of: "approval: [2, 1]", with: approval)
            return try MetadataParser(file: "m.yaml", units: tree).parse(text).datasets.first { $0.code == "monthly" }
        }
        #expect(try parse("approval: [2, 1]")?.approvalLevels == [2, 1])
        #expect(try parse("approval: none")?.approvalLevels == [])
        #expect(try parse("")?.approvalLevels == [])
        func refusal(_ approval: String) -> String? {
            thrown(MetadataError.self) { try parse(approval) }?.message(.en)
        }
        #expect(
            refusal("approval: [3]")
                == "m.yaml, line 44, datasets.monthly.approval[0]: level 3 is not above the reporting units (level 3); approval levels are higher up, e.g. [3, 2] when level 4 reports"
        )
        #expect(refusal("approval: [1, 2]")?.contains("level 2 is not above the approval level before it (1)") == true)
        #expect(refusal("approval: [5]")?.contains("the org-unit tree has no level 5 (the deepest is 3)") == true)
        #expect(refusal("approval: [x]")?.contains("'x' is not allowed") == true)
        #expect(
            thrown(MetadataError.self) { try parse("approval: [3]") }?.message(.zh).contains("不在报送单位（第3级）之上") == true)
    }
}
