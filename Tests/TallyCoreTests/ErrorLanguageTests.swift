import TallyCore
import TallyText
import Testing

/// The model's errors in Chinese and English: periods, expressions, org-unit trees.
@Suite struct ErrorLanguageTests {
    @Test(
        arguments: [
            ("202513", "“202513”不是有效的月份", "'202513' is not a valid month"),
            ("2025W53", "“2025W53”不存在：2025年只有52个ISO周", "'2025W53' does not exist: 2025 has 52 ISO weeks"),
            (
                "202510..2025Q4", "“202510..2025Q4”混用了两种期间类型（月和季度）",
                "'202510..2025Q4' mixes period types (monthly and quarterly)"
            ),
            ("202601..202510", "“202601..202510”的结束早于开始", "'202601..202510' ends before it starts"),
            (
                "2025NovQ5", "“2025NovQ5”不是有效的季度；11月起的季度为 NovQ1–NovQ4",
                "'2025NovQ5' is not a valid quarter; quarters from November are NovQ1–NovQ4"
            ),
        ])
    func aPeriodThatIsNotOneSaysWhyInBothLanguages(text: String, zh: String, en: String) {
        #expect {
            try Period(text)
        } throws: { error in
            guard let error = error as? PeriodError else { return false }
            #expect(error.message(.zh) == zh)
            #expect(error.message(.en) == en && error.message == en)
            return true
        }
    }

    @Test func anISOIntervalThatIsNotOneSaysWhyInBothLanguages() {
        #expect {
            try Period(isoInterval: "2025-10-02/P1M")
        } throws: { error in
            let error = error as? PeriodError
            #expect(
                error?.message
                    == "'2025-10-02/P1M' does not start on the first day of a monthly period (that would be 2025-10-01)"
            )
            return error?.message(.zh) == "“2025-10-02/P1M”不是从月期间的第一天开始（应为 2025-10-01）"
        }
    }

    @Test func anExpressionErrorNamesThePositionInBothLanguages() {
        #expect {
            try Expression(parsing: "#{births} / (#{population}")
        } throws: { error in
            let error = error as? ExpressionError
            #expect(error?.message == "position 13: '(' is not closed; expected ')' in \"#{births} / (#{population}\"")
            return error?.message(.zh) == "第13个字符：“(”没有闭合；缺少“)”（表达式“#{births} / (#{population}”）"
        }
    }

    @Test func aTreeWithACycleSaysSoInBothLanguages() {
        let units = [
            OrgUnit(code: "A", name: "甲", parentCode: "B"), OrgUnit(code: "B", name: "乙", parentCode: "A"),
            OrgUnit(code: "C", name: "丙", parentCode: nil),
        ]
        #expect {
            try OrgUnitTree(units, locations: [.line(2, of: "o.csv"), .line(3, of: "o.csv"), .line(4, of: "o.csv")])
        } throws: { error in
            let error = error as? OrgUnitError
            #expect(
                error?.message
                    == "o.csv, line 2: the parents form a cycle: A → B → A; every chain of parents must end at a top unit"
            )
            return error?.message(.zh) == "o.csv，第2行：上级关系形成了循环：A → B → A；每条上级链都必须止于最上级单位"
        }
    }
}
