import Foundation
import Tally
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// An upload runs the validation rules on the values as they would be after it: a rule of `high` importance refuses
/// the file at the rows involved, the others are warnings of the dry run. On SQLite and PostgreSQL.
@Suite struct ImportRulesTests {
    static let town = UserAccount(name: "wang", role: .analyst, orgUnit: "TA", created: 0)
    /// 2026-02-05 12:00 UTC.
    static let now: Int64 = 1_770_292_800
    static let header = "dataelement,period,orgunit,categoryoptioncombo,value\n"

    @Test(arguments: TestBackend.available)
    func theDryRunListsRuleBreaksAndAHighOneRefuses(_ backend: TestBackend) throws {
        // Stored: A1's January visits 7. The file gives A1's births 5 boys (line 2) and 4 girls (line 3): births 9
        // exceed the stored visits 7 (medium, lines 2 and 3) and the boys 5 exceed 4 (low, line 2).
        let place = try County.make(
            backend, metadata: FixtureCounty.metadata + FixtureCounty.rules,
            data: Self.header + "visits,202601,A1,,7\n", time: Self.now - 86_400)
        defer { place.remove() }
        let w = place.workspace
        let accounts = w.store as! any AccountStore
        let policy = PeriodPolicy(closeAfterDays: 30)
        let births = DataUpload(
            name: "births.csv",
            path: try place.file("births.csv", Self.header + "births,202601,A1,male,5\nbirths,202601,A1,female,4\n"))
        let check = try w.checkUpload(births, by: Self.town, policy: policy, accounts: accounts, time: Self.now)
        guard case .ready(let summary, let fingerprint) = check.outcome else {
            Issue.record("refused: \(check.outcome)")
            return
        }
        #expect(summary.new == 2)
        #expect(check.ruleWarnings.map(\.ruleBreak.rule.code) == ["births_by_visits", "boys"])
        #expect(check.ruleWarnings.map(\.lines) == [[2, 3], [2]])
        #expect(
            check.ruleWarnings.first?.sentence(.zh)
                == "甲一村（A1）202601：校验规则“出生不超过访视”不成立：左边 9，应 <= 右边 7（第2、3行）")
        #expect(
            check.ruleWarnings.last?.sentence(.en)
                == "甲一村 (A1) 202601: rule 'Boys at most 4' does not hold: left side 5 should be <= right side 4 (line 2)"
        )
        // Warnings do not stop the import.
        let done = try w.applyUpload(
            births, by: Self.town, policy: policy, accounts: accounts, time: Self.now, fingerprint: fingerprint)
        #expect(done.new == 2)
        // 120 visits for A2 (line 3) break the high rule: refused at its row, nothing written; A1's 50 are fine,
        // and they mend A1's medium break (births 9 ≤ visits 50).
        let visits = DataUpload(
            name: "visits.csv",
            path: try place.file("visits.csv", Self.header + "visits,202601,A1,,50\nvisits,202601,A2,,120\n"))
        let refused = try w.checkUpload(visits, by: Self.town, policy: policy, accounts: accounts, time: Self.now)
        guard case .refused(let error) = refused.outcome else {
            Issue.record("not refused: \(refused.outcome)")
            return
        }
        #expect(error.total == 1)
        #expect(error.errorCode == "import.ruleBroken")
        #expect(error.issues.first?.line == 3)
        #expect(
            error.issues.first?.messages(.zh)
                == "visits.csv，第3行：违反重要校验规则，不能导入：甲二村（A2）202601：校验规则“访视不超过100”不成立：左边 120，应 <= 右边 100（第3行）")
        #expect(throws: ImportError.self) {
            try w.applyUpload(
                visits, by: Self.town, policy: policy, accounts: accounts, time: Self.now, fingerprint: "")
        }
        let mended = DataUpload(
            name: "mended.csv", path: try place.file("mended.csv", Self.header + "visits,202601,A1,,50\n"))
        let ok = try w.checkUpload(mended, by: Self.town, policy: policy, accounts: accounts, time: Self.now)
        // Only the rules naming what the file gives there: the boys' rule names births only, so it is not listed.
        #expect(ok.ruleWarnings.isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func aFileBeyondTheRuleCheckLimitIsSaidToBeUncheckedNotBroken(_ backend: TestBackend) throws {
        // Two values of the rules' elements with room for one: not checked, and said so apart from the warnings
        // (it was once shown as "1 validation rule breaks after the import").
        let place = try County.make(
            backend, metadata: FixtureCounty.metadata + FixtureCounty.rules, data: Self.header,
            time: Self.now - 86_400)
        defer { place.remove() }
        var w = place.workspace
        w.ruleCheckLimit = 1
        let path = try place.file("births.csv", Self.header + "births,202601,A1,male,5\nbirths,202601,A1,female,4\n")
        let summary = try w.importFile(path, user: "wang", time: Self.now, dryRun: true)
        #expect(summary.new == 2)
        #expect(summary.rulesUncheckedAbove == 1)
        #expect(summary.warnings.isEmpty)
        let upload = try w.checkUpload(
            DataUpload(name: "births.csv", path: path), by: Self.town, policy: PeriodPolicy(closeAfterDays: 30),
            accounts: w.store as! any AccountStore, time: Self.now)
        #expect(upload.rulesUnchecked)
        #expect(upload.ruleWarnings.isEmpty)
        // Within the limit the rules are checked: nothing unchecked.
        w.ruleCheckLimit = 10
        #expect(try w.importFile(path, user: "wang", time: Self.now, dryRun: true).rulesUncheckedAbove == nil)
    }
}
