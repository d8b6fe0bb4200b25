import Foundation
import Tally
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// Validation rules checked on a write (`Workspace.writeValues`): on the values as they would be after it (the
/// entries over what is stored), with each rule's missing-value strategy and importance. On SQLite and PostgreSQL.
@Suite struct RuleUseCaseTests {
    /// The fixture county with its three rules: visits at most 100 (high), births at most visits (medium), boys at most
    /// 4 (low, missing counts as 0).
    static let metadata = FixtureCounty.metadata + FixtureCounty.rules
    /// January 2026 in A1: 3 boys, 2 girls, 7 visits.
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        births,202601,A1,male,3
        births,202601,A1,female,2
        visits,202601,A1,,7

        """
    static let clerk = UserAccount(name: "clerk", role: .clerk, orgUnit: "A1", created: 0)
    static let now: Int64 = 1_772_712_000
    static let january = try! Period("202601")

    func write(_ w: Workspace, _ entries: [ValueEntry], confirm: Bool = false) throws -> WrittenValues {
        try w.writeValues(
            entries, by: Self.clerk, source: "test", time: Self.now, policy: PeriodPolicy(closeAfterDays: 60),
            accounts: w.store as! any AccountStore, confirmRules: confirm)
    }

    func entry(_ element: String, _ combo: String? = nil, _ unit: String = "A1", _ value: String?) -> ValueEntry {
        ValueEntry(
            element: element, combo: combo, orgUnit: unit, period: "202601", value: value, deleted: value == nil)
    }

    func stored(_ w: Workspace, _ element: String) throws -> [Double?] {
        try w.valueStates(elements: [element], orgUnit: "A1", period: Self.january).map { $0.stored?.value }
    }

    @Test(arguments: TestBackend.available)
    func aRefusingRuleWritesNothing(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // The padded code is A1, checked as A1; the boys' value of the same batch is not written either.
        for unit in ["A1", " A1 ", "A1\u{3000}"] {
            let refused = thrown(ValueError.self) {
                try write(w, [entry("births", "male", "A1", "4"), entry("visits", nil, unit, "150")])
            }
            #expect(refused?.errorCode == "rule.refused", "\(unit)")
            #expect(
                refused?.message
                    == "the values break validation rules; nothing was saved: rule 'Visits at most 100' does not hold: left side 150 should be <= right side 100"
            )
            #expect(
                refused?.message(.zh) == "违反校验规则，没有保存任何数值：校验规则“访视不超过100”不成立：左边 150，应 <= 右边 100")
        }
        #expect(try stored(w, "visits") == [7])
        #expect(try stored(w, "births") == [3, 2])
    }

    @Test(arguments: TestBackend.available)
    func aMediumRuleNeedsTheConfirmationOnTheMergedValues(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // 3 visits against the stored 3 + 2 births.
        let unconfirmed = thrown(ValueError.self) { try write(w, [entry("visits", nil, "A1", "3")]) }
        #expect(unconfirmed?.errorCode == "rule.unconfirmed")
        guard case .ruleUnconfirmed(let broken)? = unconfirmed?.code else {
            Issue.record("not unconfirmed")
            return
        }
        #expect(broken.map(\.rule.code) == ["births_by_visits"])
        #expect(broken.first?.left == 5 && broken.first?.right == 3)
        #expect(broken.first?.elements == ["births", "visits"])
        #expect(try stored(w, "visits") == [7])
        // Confirmed, it is written and named among the broken rules.
        let written = try write(w, [entry("visits", nil, "A1", "3")], confirm: true)
        #expect(written.summary.changed == 1)
        #expect(written.brokenRules.map(\.rule.code) == ["births_by_visits"])
        #expect(try stored(w, "visits") == [3])
        // Girls removed in the same batch bring births to 3: the rule holds on the values after the write.
        let fixed = try write(w, [entry("births", "female", "A1", nil), entry("visits", nil, "A1", "3")])
        #expect(fixed.brokenRules.isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func missingValuesAndALowRule(_ backend: TestBackend) throws {
        let county = try County.make(backend, metadata: Self.metadata, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // Without visits, births ≤ visits is skipped (skip_if_any_missing).
        let removed = try write(w, [entry("visits", nil, "A1", nil)])
        #expect(removed.brokenRules.isEmpty && removed.summary.deleted == 1)
        // A low rule warns and writes.
        let boys = try write(w, [entry("births", "male", "A1", "6")])
        #expect(boys.brokenRules.map(\.rule.code) == ["boys"])
        #expect(
            boys.brokenRules.first?.sentence.en
                == "rule 'Boys at most 4' does not hold: left side 6 should be <= right side 4")
        #expect(try stored(w, "births") == [6, 2])
        // The entry sheet shows the stored values' broken rules.
        let sheet = try w.entrySheet(
            dataset: "monthly", orgUnit: w.tree.index["A1"]!, period: Self.january, user: Self.clerk,
            today: Timestamp.day(Self.now), policy: PeriodPolicy(closeAfterDays: 60),
            accounts: w.store as! any AccountStore)
        #expect(sheet.brokenRules.map(\.rule.code) == ["boys"])
    }
}
