import TallyCore
import TallyEngine
import TallyIO
import TallyRender
import TallyText
import Testing

@testable import TallyAudit

/// The bulletin's finding sentences for every check, in Chinese and English, against golden text.
@Suite struct AuditSentenceGoldenTests {
    static var metadata: Metadata {
        try! MetadataParser()
            .parse(
                """
                categories:
                  sex: {name: {en: Sex, zh: 性别}, options: {male: {en: Male, zh: 男}, female: {en: Female, zh: 女}}}
                elements:
                  births: {name: {en: Live births, zh: 出生数}, reference_rate: 8.8, categories: [sex]}
                  registrations: {name: {en: Birth registrations, zh: 出生登记数}}
                  anc: {name: {en: Antenatal first visits, zh: 孕早期检查人数}, verified_by: anc_v}
                  anc_v: {name: {en: Antenatal first visits (verified), zh: 孕早期检查人数（核实）}}
                datasets:
                  monthly: {name: {en: Monthly births report, zh: 出生月报}, period: monthly, level: 3, due_days: 10, elements: [births, registrations, anc, anc_v]}
                validation_rules:
                  reg: {name: {en: Registrations do not exceed births, zh: 出生登记数不超过出生数}, left: "#{registrations}", operator: "<=", right: "#{births}"}
                """)
    }

    static var tree: OrgUnitTree {
        try! OrgUnitTree([
            OrgUnit(code: "C", name: "云溪县", parentCode: nil, translations: ["en": "Yunxi County"]),
            OrgUnit(code: "B", name: "白沙乡", parentCode: "C", translations: ["en": "Baisha Township"]),
            OrgUnit(code: "v", name: "沙头村", parentCode: "B"),
        ])
    }

    static func findings() throws -> [Finding] {
        let p = try Period("202510..202601")
        let m = try Period("202510")
        var result: [Finding] = []
        func add(_ unit: Int, _ period: Period, _ payload: any FindingPayload) {
            result.append(Finding(severity: .moderate, unit: unit, period: period, payload: payload))
        }
        func expected(
            _ reported: Double, _ expected: Double, _ low: Double, _ high: Double, gap: Double?
        )
            -> ExpectedVsReportedCheck.Payload
        {
            ExpectedVsReportedCheck.Payload(
                element: "births", reported: reported, expected: expected, interval: NumberRange(low: low, high: high),
                confidence: 0.95, ratePerThousand: 8.8, unreported: expected - reported, rateGap: gap)
        }
        func verification(
            _ reported: Double, _ verified: Double, _ factor: Double?, units: (reporting: Int, recounted: Int)? = nil
        ) -> VerificationCheck.Payload {
            VerificationCheck.Payload(
                element: "anc", reported: reported, verified: verified, factor: factor,
                accepted: NumberRange(low: 0.9, high: 1.1), reportingUnits: units?.reporting ?? 1,
                recountedUnits: units?.recounted ?? (verified > 0 ? 1 : 0))
        }
        add(1, p, expected(50, 69.42, 37.11, 65.92, gap: -2.44))
        add(1, p, expected(138, 104.4, 115.9, 163.2, gap: nil))
        add(1, p, verification(86, 63, 63.0 / 86))
        add(1, p, verification(12, 0, nil))
        add(1, p, verification(100, 115, 1.15))
        add(1, p, verification(258, 200, 200.0 / 258, units: (4, 3)))
        add(1, p, verification(31, 0, nil, units: (2, 0)))
        for (n1, n2, m) in [(60.0, 50.0, 30.0), (12, 9, 0), (25, 40, 30)] {
            add(
                1, p,
                CaptureRecaptureCheck.Payload(
                    first: "births", second: "registrations",
                    counts: CaptureRecaptureCounts(first: n1, second: n2, matched: m), threshold: 0.9))
        }
        add(
            1, m,
            CompletenessCheck.Payload(dataset: "monthly", element: "births", reports: 7, expected: 12, threshold: 0.9))
        add(
            1, m,
            TimelinessCheck.Payload(dataset: "monthly", element: "births", reports: 6, expected: 12, threshold: 0.8))
        add(
            2, m,
            OutlierCheck.Payload(
                element: "anc", value: 130,
                reason: .unusual(median: 13, usual: NumberRange(low: 6, high: 19), zScore: 36.94, probability: nil)))
        add(
            2, m,
            OutlierCheck.Payload(
                element: "anc", value: 60, reason: .unusual(median: 5, usual: nil, zScore: nil, probability: 7.6e-43)))
        add(2, m, OutlierCheck.Payload(element: "anc", value: 0, reason: .belowMinimum(minimum: 2, maximum: 40)))
        add(
            2, m,
            OutlierCheck.Payload(
                element: "births", combo: "male", value: 35, reason: .aboveMaximum(minimum: nil, maximum: 30)))
        add(
            1, m,
            ElementCompletenessCheck.Payload(
                element: "births", dataset: "monthly", present: 9, expected: 12, zeros: 2, threshold: 0.9))
        add(2, m, ValidationCheck.Payload(rule: "reg", element: "registrations", left: 14, right: 12))
        add(
            1, p,
            ConsistencyCheck.Payload(
                element: "births", value: 200, reference: 100, referenceYears: 3, unitRatio: 2.0, comparedWith: 0,
                comparisonRatio: 1.25, relative: 1.6, expected: 125, band: 0.33))
        add(1, p, ScoreCheck.Payload(passed: 3, applicable: 4))
        add(
            2, p,
            MissingReportCheck.Payload(
                dataset: "monthly", element: "births", missing: [try Period("202511"), try Period("202601")],
                expected: 4))
        add(
            2, m,
            LateReportCheck.Payload(
                dataset: "monthly", element: "births", reportPeriod: m, daysLate: 32,
                stored: 1_765_497_600,  // 2025-12-12
                storedOn: Day(year: 2025, month: 12, day: 12)!, due: Day(year: 2025, month: 11, day: 10)!))
        return result
    }

    static let chinese = [
        "白沙乡2025年10月至2026年1月报告出生数50，按人口和参考率（8.8‰）应约为69（报告数的95%区间为37–66），可能漏报约19。报告的率比参考值低2.4个千分点。",
        "白沙乡2025年10月至2026年1月报告出生数138，按人口和参考率（8.8‰）仅应约为104（报告数的95%区间为116–163），请核查是否重复统计或人口数有误。",
        "白沙乡2025年10月至2026年1月报告孕早期检查人数86，核实仅63（核实系数0.73，正常范围0.90–1.10），报告数高于可核实数。",
        "白沙乡2025年10月至2026年1月报告孕早期检查人数12，但核实数为0。",
        "白沙乡2025年10月至2026年1月报告孕早期检查人数100，核实115（核实系数1.15，正常范围0.90–1.10），核实数多于报告数，存在漏报。",
        "白沙乡2025年10月至2026年1月报告孕早期检查人数258（4个报告单位中已核实3个），核实仅200（核实系数0.78，正常范围0.90–1.10），报告数高于可核实数。",
        "白沙乡2025年10月至2026年1月报告孕早期检查人数31，但核实数为0（2个报告单位中已核实0个）。",
        "白沙乡2025年10月至2026年1月出生数60、出生登记数50、两者均有30，估计实际约99（95%区间89–121）：出生数完整率60.4%，出生登记数完整率50.3%，低于要求的90%；两来源均未记录的约19。",
        "白沙乡2025年10月至2026年1月出生数12、出生登记数9，但两者均有的为0，无法估计实际总数，请核查比对工作。",
        "白沙乡2025年10月至2026年1月的两来源比对数据不能成立：两来源均有的数（30）大于第一来源数（25），不可能成立（出生数25、出生登记数40、两者均有30）。",
        "白沙乡2025年10月出生月报应报12份，报送7份，占58.3%，低于要求的90%。",
        "白沙乡2025年10月出生月报应报12份，按时报送6份，占50.0%，低于要求的80%。",
        "白沙乡沙头村2025年10月报告孕早期检查人数130，其常见值为6–19（中位数13），高于均值36.9个标准差，请核查是否录入错误。",
        "白沙乡沙头村2025年10月报告孕早期检查人数60，而其他各期均为5，如此偏离几乎不可能是偶然，请核查是否录入错误。",
        "白沙乡沙头村2025年10月报告孕早期检查人数0，低于最小合理值2，请核查是否录入错误。",
        "白沙乡沙头村2025年10月报告出生数（男）35，高于最大合理值30，请核查是否录入错误。",
        "白沙乡2025年10月出生数应有数值12个，实有9个（75.0%，低于要求的90%；其中2个为0）。",
        "白沙乡沙头村2025年10月不符合校验规则“出生登记数不超过出生数”：14对12。",
        "白沙乡2025年10月至2026年1月出生数为往年同期均值的2.00倍，云溪县为1.25倍，变化偏离60%（按此应约为125）。",
        "白沙乡通过适用检查4项中的3项（75%）。",
        "白沙乡沙头村未报送2025年11月、2026年1月的出生月报。",
        "白沙乡沙头村2025年10月的出生月报于2025年12月12日首次录入，比规定日期（2025年11月10日）晚32天。",
    ]

    static let english = [
        "Baisha Township reported 50 live births in October 2025 to January 2026; its population and the reference rate (8.8‰) imply 69 (95% interval of the report 37–66): about 19 live births may be unreported. The reported rate is 2.4 per-mille points below the reference.",
        "Baisha Township reported 138 live births in October 2025 to January 2026; its population and the reference rate (8.8‰) imply only 104 (95% interval of the report 116–163): check for double counting or a wrong population.",
        "Baisha Township reported 86 antenatal first visits in October 2025 to January 2026, but only 63 were verified (verification factor 0.73, expected 0.90–1.10): the reports exceed what could be verified.",
        "Baisha Township reported 12 antenatal first visits in October 2025 to January 2026, but none could be verified.",
        "Baisha Township reported 100 antenatal first visits in October 2025 to January 2026, and 115 were verified (verification factor 1.15, expected 0.90–1.10): more were verified than reported, so reports are missing.",
        "Baisha Township reported 258 antenatal first visits in October 2025 to January 2026 (3 of its 4 reporting units recounted), but only 200 were verified (verification factor 0.78, expected 0.90–1.10): the reports exceed what could be verified.",
        "Baisha Township reported 31 antenatal first visits in October 2025 to January 2026, but none could be verified (0 of its 2 reporting units recounted).",
        "Baisha Township's lists for October 2025 to January 2026 hold 60 live births and 50 birth registrations, 30 on both, so the true total is about 99 (95% interval 89–121): the first holds 60.4% of it and the second 50.3%, below the 90% expected; on neither list: about 19.",
        "Baisha Township's lists for October 2025 to January 2026 hold 12 live births and 9 birth registrations, but none is on both: the true total cannot be estimated, so check the matching.",
        "Baisha Township's two lists for October 2025 to January 2026 cannot be right: the matched count (30) exceeds the first list's 25, which cannot be (live births 25, birth registrations 40, 30 on both).",
        "Baisha Township sent 7 of the 12 reports due for October 2025 (monthly births report): 58.3%, below the 90% expected.",
        "Baisha Township sent 6 of the 12 reports due for October 2025 on time (monthly births report): 50.0%, below the 80% expected.",
        "沙头村 (Baisha Township) reported 130 antenatal first visits for October 2025; its usual values are 6–19 (median 13), so this is 36.9 standard deviations above its mean: check for a typing error.",
        "沙头村 (Baisha Township) reported 60 antenatal first visits for October 2025, where every other period has 5: a count that far out is almost impossible by chance, so check for a typing error.",
        "沙头村 (Baisha Township) reported 0 antenatal first visits for October 2025, below the smallest plausible value, 2: check for a typing error.",
        "沙头村 (Baisha Township) reported 35 live births (male) for October 2025, above the largest plausible value, 30: check for a typing error.",
        "Baisha Township has 9 of the 12 values of live births expected for October 2025 (75.0%, below the 90% expected; 2 of them are zero).",
        "沙头村 (Baisha Township), October 2025: the rule 'Registrations do not exceed births' (#{registrations} <= #{births}) does not hold: 14 against 12.",
        "Baisha Township's live births in October 2025 to January 2026 are 2.00 times the mean of the same period in the previous years, against 1.25 for Yunxi County: a change 60% out of line (about 125 expected).",
        "Baisha Township passed 3 of 4 applicable checks (75%).",
        "沙头村 (Baisha Township) has not sent the monthly births report for November 2025 and January 2026.",
        "沙头村 (Baisha Township) first stored the monthly births report for October 2025 on 12 Dec 2025, 32 days after it was due (10 Nov 2025).",
    ]

    @Test(arguments: [Language.zh, .en]) func everyCheckHasItsSentence(_ language: Language) throws {
        let findings = try Self.findings()
        let report = AuditReport(
            result: AuditResult(
                period: try Period("202510..202601"), units: [0, 1, 2], findings: findings, totals: []),
            tree: Self.tree, metadata: Self.metadata, language: language)
        let golden = language == .zh ? Self.chinese : Self.english
        #expect(findings.count == golden.count)
        for (f, expected) in zip(findings, golden) {
            #expect(report.sentence(f, language) == expected)
        }
    }

    @Test func theFixtureHoldsEveryCheck() throws {
        let found = Set(try Self.findings().map { ObjectIdentifier($0.check) })
        for check in QualityAudit.checks {
            #expect(found.contains(ObjectIdentifier(check)), "no golden sentence for \(check.code)")
        }
    }
}
