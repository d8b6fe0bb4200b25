import Tally
import TallyCore
import TallyServerTesting
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// The use cases' refusals in Chinese and English: the subject of a query, a campaign, an entry form, a write of
/// values. The English sentence is `message` (the command line's); the Chinese one is what the Chinese pages and the
/// API show by default.
@Suite struct UseCaseErrorLanguageTests {
    func expectBoth(
        _ error: (any TallyError)?, zh: String, en: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error?.message(.zh) == zh, sourceLocation: sourceLocation)
        #expect(error?.message(.en) == en && error?.message == en, sourceLocation: sourceLocation)
    }

    @Test func aSubjectThatNamesNothingSaysWhyInBothLanguages() throws {
        let county = try County.make(.sqlite, data: QueryUseCaseTests.data)
        defer { county.remove() }
        let w = county.workspace
        func refusal(_ elements: [String], _ indicators: [String]) -> SubjectError? {
            thrown(SubjectError.self) { try w.subjects(elements: elements, indicators: indicators) }
        }
        expectBoth(refusal([], []), zh: "请给出数据项或指标", en: "name an element or an indicator")
        expectBoth(
            refusal([], ["nothing"]), zh: "“nothing”不是指标；应为以下之一：cbr、srb",
            en: "'nothing' is not an indicator; expected one of: cbr, srb")
        expectBoth(
            refusal(["nothing"], []), zh: "“nothing”不是数据项；应为以下之一：population、births、visits",
            en: "'nothing' is not a data element; expected one of: population, births, visits")
        // A known element with an option it does not have: no list of elements after the sentence.
        expectBoth(
            refusal(["births.nothing"], []), zh: "“births.nothing”不是“births”的分类组合；应为 male、female 之一",
            en: "'births.nothing' names no combo of 'births'; expected one of male, female")
        let parse = refusal(["births..x"], [])
        #expect(parse?.message(.zh).hasPrefix("“births..x”不是数据项引用（") == true)
        #expect(parse?.message(.zh).contains("not") == false)
    }

    @Test func aCampaignRefusalSaysWhyInBothLanguages() throws {
        let county = try County.make(
            .sqlite, metadata: CampaignUseCaseTests.metadata, data: CampaignUseCaseTests.data)
        defer { county.remove() }
        let w = county.workspace
        let day = Day(year: 2025, month: 12, day: 5)!
        expectBoth(
            thrown(CampaignError.self) { try w.campaignStanding("nothing", asOf: day, orgUnit: 0) },
            zh: "“nothing”不是专项行动；应为以下之一：month", en: "'nothing' is not a campaign; expected one of: month")
        // The target logic's sentence is carried in both languages.
        let early = thrown(CampaignError.self) {
            _ = try w.importTargets(campaign: "month", file: try county.file("good.csv", "orgunit,target\nC,100\n"))
            return try w.campaignStanding("month", asOf: Day(year: 2025, month: 11, day: 30)!, orgUnit: 0)
        }
        expectBoth(
            early, zh: "截至日期 2025-11-30 早于专项行动“month”的开始日期（2025-12-01）；请选 2025-12-01 及以后的日期",
            en:
                "the as-of date 2025-11-30 is before the campaign 'month' starts (2025-12-01); choose a date from 2025-12-01 on"
        )
    }

    @Test func anEntryFormAndAWriteThatAreRefusedSayWhyInBothLanguages() throws {
        let county = try County.make(.sqlite, data: ValueUseCaseTests.data)
        defer { county.remove() }
        let w = county.workspace
        let accounts = w.store as! any AccountStore
        let today = Day(year: 2026, month: 3, day: 5)!
        let policy = ValueUseCaseTests.policy
        expectBoth(
            thrown(EntrySheetError.self) {
                try w.entrySheet(
                    dataset: "monthly", orgUnit: 0, period: try Period("2026"), user: ValueUseCaseTests.admin,
                    today: today, policy: policy, accounts: accounts)
            }, zh: "“2026”是年期间，但 monthly 按月报送",
            en: "'2026' is a yearly period, but monthly is reported monthly")
        // The villages (level 3) report monthly, not their town.
        let town = thrown(EntrySheetError.self) {
            try w.entrySheet(
                dataset: "monthly", orgUnit: try w.unit("TA"), period: try Period("202602"),
                user: ValueUseCaseTests.admin, today: today, policy: policy, accounts: accounts)
        }
        #expect(town?.errorCode == "entry.notReporting")
        expectBoth(
            town, zh: "甲镇（TA）不报送monthly；请打开报送它的单位的表单",
            en: "甲镇 (TA) does not report monthly; open the form of a unit that reports it")

        func refusal(_ entries: [ValueEntry], by user: UserAccount) -> ValueError? {
            thrown(ValueError.self) {
                try w.writeValues(
                    entries, by: user, source: "test", time: ValueUseCaseTests.now, policy: policy,
                    accounts: accounts)
            }
        }
        func visit(_ unit: String, _ period: String, _ value: String) -> ValueEntry {
            ValueEntry(element: "visits", orgUnit: unit, period: period, value: value, deleted: false, version: nil)
        }
        expectBoth(
            refusal([visit("A1", "202602", "9")], by: ValueUseCaseTests.analyst), zh: "analyst 是分析员，只能查看",
            en: "analyst is an analyst and may only read")
        expectBoth(
            refusal([visit("A2", "202602", "9")], by: ValueUseCaseTests.clerk),
            zh: "clerk 不能为 A2（甲二村）录入：它不在 A1 范围内", en: "clerk may not write for A2 (甲二村): it is outside A1")
        expectBoth(
            refusal([visit("A1", "202602", "9"), visit("A1", "202512", "9")], by: ValueUseCaseTests.clerk),
            zh: "第2行：202512 已关闭录入；请联系管理员为 A1 重新开放",
            en: "row 2: 202512 is closed for data entry; ask an admin to reopen it for A1")
        expectBoth(
            refusal([visit("A1", "202604", "9")], by: ValueUseCaseTests.clerk),
            zh: "202604 还没有开始；期间开始后才能录入数值", en: "202604 has not begun; values are entered once it has")
        let invalid = refusal([visit("A1", "202602", "1.5"), visit("A1", "202603", "x")], by: ValueUseCaseTests.clerk)
        #expect(invalid?.message(.zh).hasPrefix("第1行：“value”：“1.5”带有小数") == true)
        #expect(invalid?.message(.zh).hasSuffix("（另有1个问题）；没有保存任何数值") == true)
        #expect(invalid?.message.hasSuffix("(and 1 more problems); nothing was saved") == true)
    }
}
