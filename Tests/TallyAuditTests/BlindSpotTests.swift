import TallyAudit
import TallyCore
import TallyEngine
import TallyQuality
import TallyRender
import TallyText
import Testing

/// The audit's blind spots of issue 17, each on a fixture worked by hand: a test that failed before the fix.
@Suite struct BlindSpotTests {
    /// County 河县 → towns 甲镇, 乙镇 → villages 一村, 二村 (甲镇) and 三村 (乙镇).
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "河县", parentCode: nil), OrgUnit(code: "T", name: "甲镇", parentCode: "C"),
        OrgUnit(code: "v1", name: "一村", parentCode: "T"), OrgUnit(code: "v2", name: "二村", parentCode: "T"),
        OrgUnit(code: "U", name: "乙镇", parentCode: "C"), OrgUnit(code: "v3", name: "三村", parentCode: "U"),
    ])

    static func months(_ year: Int) -> [Period] {
        (1...12).map { try! Period("\(year)\($0 < 10 ? "0" : "")\($0)") }
    }

    static func monthly(_ elements: [String], level: Int) -> DataSet {
        DataSet(code: "m", name: "Monthly", periodType: .monthly, level: level, dueDays: 10, elements: elements)
    }

    // MARK: 1. Outliers where most values are equal

    /// One village's 36 months (2023-10 … 2026-09) of a count, with `value` in 202609 and `others` before it.
    static func village(_ element: String, value: Double, others: [Double]) -> (QualityAudit, Period) {
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: element, name: "Visits")], indicators: [],
            datasets: [monthly([element], level: 3)])
        var s = InMemoryValueSource()
        let periods = (0..<36).map { i in
            let month = (9 + i) % 12 + 1
            return try! Period("\(2023 + (9 + i) / 12)\(month < 10 ? "0" : "")\(month)")
        }
        var rest = others.makeIterator()
        for p in periods {
            s.add(element, unit: 2, period: p, value: p.identifier == "202609" ? value : rest.next()!)
        }
        return (QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s)), try! Period("202609"))
    }

    @Test func aTypingErrorAmongMostlyZerosIsExtreme() throws {
        // 22 zeros, 5 ones and 8 twos: median 0 and MAD 0, so the modified z-score is 0 and hid the 40.
        // z = (40 − 0.6) ÷ 0.847 = 46.5; P(X ≥ 40 | 0.6) = 9.1e-58.
        let others =
            [Double](repeating: 0, count: 22) + [Double](repeating: 1, count: 5) + [Double](repeating: 2, count: 8)
        let (audit, month) = Self.village("anc_visits", value: 40, others: others)
        let found = try audit.run(orgUnit: 0, period: month, scope: .level(3)).findings(of: OutlierCheck.self)
        #expect(found.count == 1)
        let (finding, payload) = try #require(found.first)
        #expect(finding.severity == .extreme && payload.value == 40 && Self.tree.units[finding.unit].code == "v1")
        let z = try #require(finding.columns.score)
        #expect(abs(z - 46.5) < 0.05)
        #expect(finding.columns.expected == 0)  // the median
    }

    @Test func aTypingErrorInAConstantSeriesIsExtreme() throws {
        // 35 fives: no spread, no z-score; the Poisson test alone, P(X ≥ 60 | 5) = 7.6e-43.
        let (audit, month) = Self.village("child_checks", value: 60, others: [Double](repeating: 5, count: 35))
        let found = try audit.run(orgUnit: 0, period: month, scope: .level(3)).findings(of: OutlierCheck.self)
        #expect(found.count == 1)
        let (finding, payload) = try #require(found.first)
        #expect(finding.severity == .extreme && payload.value == 60)
        #expect(finding.columns.score == nil && finding.columns.expected == 5)
        // The ordinary value of a constant series is not an outlier.
        let (same, _) = Self.village("child_checks", value: 5, others: [Double](repeating: 5, count: 35))
        #expect(try same.run(orgUnit: 0, period: month, scope: .level(3)).findings(of: OutlierCheck.self).isEmpty)
    }

    // MARK: 2. A drop to zero; 5. the unit compared with

    /// Towns 甲镇 and 乙镇 report a count monthly: 甲镇 19, 21 and 20 a year in 2022–2024 and nothing (zeros) in
    /// 2025; 乙镇 170 a month, then 168 in 2025.
    static var dropToZero: QualityAudit {
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "order3", name: "Higher-order births")], indicators: [],
            datasets: [monthly(["order3"], level: 2)])
        var s = InMemoryValueSource()
        let t: [Int: [Double]] = [
            2022: [2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 0], 2023: [2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1],
            2024: [2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1], 2025: [Double](repeating: 0, count: 12),
        ]
        for year in 2022...2025 {
            for (i, p) in months(year).enumerated() {
                s.add("order3", unit: 1, period: p, value: t[year]![i])
                s.add("order3", unit: 4, period: p, value: year == 2025 ? 168 : 170)
            }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    @Test func aDropToZeroIsExtreme() throws {
        // 甲镇: reference 20, ratio 0. The county: 2,016 ÷ mean(2,059, 2,061, 2,060) = 0.97864, so 甲镇 expects
        // 20 × 0.97864 = 19.57 and P(X ≤ 0 | 19.57) = e^−19.57 = 3.2e-9: extreme. 乙镇: 2,016 ÷ 2,040 = 0.988.
        let r = try Self.dropToZero.run(orgUnit: 0, period: try Period("2025"))
        let found = r.findings(of: ConsistencyCheck.self)
        #expect(found.count == 1)
        let (finding, payload) = try #require(found.first)
        #expect(Self.tree.units[finding.unit].code == "T" && finding.severity == .extreme)
        #expect(finding.columns.value == 0 && finding.columns.score == 0)
        #expect(abs(try #require(finding.columns.expected) - 2016 / 2060.0) < 1e-12)
        #expect(payload.element == "order3")
    }

    @Test func consistencyNamesTheUnitComparedWith() throws {
        // Audited at the villages (--level 3), a village is compared with the county, not with its town.
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "order3", name: "Higher-order births")], indicators: [],
            datasets: [Self.monthly(["order3"], level: 3)])
        var s = InMemoryValueSource()
        for year in 2022...2025 {
            for p in Self.months(year) {
                s.add("order3", unit: 2, period: p, value: year == 2025 ? 0 : 2)
                s.add("order3", unit: 3, period: p, value: 50)
                s.add("order3", unit: 5, period: p, value: 50)
            }
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: Self.tree, source: s))
        let r = try audit.run(orgUnit: 0, period: try Period("2025"), scope: .level(3))
        let (finding, _) = try #require(r.findings(of: ConsistencyCheck.self).first)
        #expect(Self.tree.units[finding.unit].code == "v1")
        let report = AuditReport(result: r, tree: Self.tree, metadata: metadata)
        let en = report.sentence(finding)
        #expect(en.contains("河县") && !en.contains("the unit above it"), "\(en)")
        #expect(report.sentence(finding, .zh).contains("河县"))
    }

    // MARK: 3. Verification over the recounted units

    @Test func verificationCountsOnlyTheRecountedUnits() throws {
        // Four villages of one town report 90, 80, 88 and 31; the first three were recounted at 87, 76 and 85,
        // the fourth never. Over the recounted: 248 ÷ 258 = 0.961.
        let tree = try OrgUnitTree([
            OrgUnit(code: "T", name: "甲镇", parentCode: nil), OrgUnit(code: "a", name: "一村", parentCode: "T"),
            OrgUnit(code: "b", name: "二村", parentCode: "T"), OrgUnit(code: "c", name: "三村", parentCode: "T"),
            OrgUnit(code: "d", name: "四村", parentCode: "T"),
        ])
        let metadata = Metadata(
            categories: [],
            elements: [
                DataElement(code: "service", name: "Visits", verifiedBy: "service_v"),
                DataElement(code: "service_v", name: "Visits (verified)"),
            ],
            indicators: [], datasets: [])
        var s = InMemoryValueSource()
        let june = try Period("202506")
        for (u, reported, verified) in [(1, 90.0, 87.0), (2, 80, 76), (3, 88, 85), (4, 31, nil)] {
            s.add("service", unit: u, period: june, value: reported)
            if let verified { s.add("service_v", unit: u, period: june, value: verified) }
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
        let found = try audit.run(orgUnit: 0, period: june).findings(of: VerificationCheck.self)
        // The town passes (0.961 within 0.90–1.10); before, 248 ÷ 289 = 0.858 was flagged.
        #expect(!found.contains { $0.finding.unit == 0 }, "\(found.map(\.finding.columns))")
        // 四村 reported 31 with nothing verified: named, as before.
        #expect(found.map(\.finding.unit) == [4] && found.first?.finding.severity == .extreme)
    }

    // MARK: 4. Scores count only the checks with something expected

    @Test func checksWithNothingDueDoNotCount() throws {
        // A month audited: the yearly report (and its element) has nothing due in October, so the town is judged on
        // the monthly report's completeness and timeliness and its element's values: 3 checks, not 6.
        let tree = try OrgUnitTree([
            OrgUnit(code: "C", name: "河县", parentCode: nil), OrgUnit(code: "T", name: "甲镇", parentCode: "C"),
        ])
        let metadata = Metadata(
            categories: [],
            elements: [
                DataElement(code: "a", name: "Visits"),
                DataElement(code: "pop", name: "Population", aggregation: .averageSumOrgUnit),
            ],
            indicators: [],
            datasets: [
                Self.monthly(["a"], level: 2),
                DataSet(code: "y", name: "Yearly", periodType: .yearly, level: 2, dueDays: 31, elements: ["pop"]),
            ])
        var s = InMemoryValueSource()
        s.add("a", unit: 1, period: try Period("202510"), value: 4)
        s.add("pop", unit: 1, period: try Period("2025"), value: 1000)
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
        let r = try audit.run(orgUnit: 0, period: try Period("202510"), asOf: Day(year: 2026, month: 6, day: 1))
        let scores = r.findings(of: ScoreCheck.self)
        #expect(scores.count == 2)
        for (_, score) in scores {
            #expect(score.applicable == 3 && score.passed == 3)
        }
    }

    // MARK: 6. Partial reference years

    /// 甲镇 and 乙镇 report 1,000 a month from 2021; 新镇 begins in `firstMonth` of 2023 with `perMonth` a month,
    /// and reports 10 a month in 2024 and 2025.
    static func lateStarter(firstMonth: Int, perMonth: Double) -> QualityAudit {
        let tree = try! OrgUnitTree([
            OrgUnit(code: "C", name: "河县", parentCode: nil), OrgUnit(code: "A", name: "甲镇", parentCode: "C"),
            OrgUnit(code: "B", name: "乙镇", parentCode: "C"), OrgUnit(code: "N", name: "新镇", parentCode: "C"),
        ])
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "births", name: "Births")], indicators: [],
            datasets: [monthly(["births"], level: 2)])
        var s = InMemoryValueSource()
        for year in 2021...2025 {
            for (i, p) in months(year).enumerated() {
                s.add("births", unit: 1, period: p, value: 1000)
                s.add("births", unit: 2, period: p, value: 1000)
                if year == 2023 && i + 1 >= firstMonth { s.add("births", unit: 3, period: p, value: perMonth) }
                if year >= 2024 { s.add("births", unit: 3, period: p, value: 10) }
            }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    @Test func aYearWithOneMonthIsNotAReference() throws {
        // 新镇 began in December 2023 (10 births): counted as a year, the reference was mean(10, 120) = 65 and the
        // ratio 120 ÷ 65 = 1.85 against the county's 1.003: extreme. 1 of 12 months is not a year: the reference
        // is 120 and the ratio 1.
        let r = try Self.lateStarter(firstMonth: 12, perMonth: 10).run(orgUnit: 0, period: try Period("2025"))
        #expect(r.findings(of: ConsistencyCheck.self).isEmpty, "\(r.findings(of: ConsistencyCheck.self))")
    }

    @Test func aYearCountsFromThreeQuartersOfItsMonths() throws {
        // April to December 2023 (9 of 12 months, 100 a month = 900) counts: reference mean(900, 120) = 510, ratio
        // 120 ÷ 510 = 0.24 against the county's 24,120 ÷ mean(24,000, 24,900, 24,120) = 0.991: flagged.
        let nine = try Self.lateStarter(firstMonth: 4, perMonth: 100).run(orgUnit: 0, period: try Period("2025"))
        let found = nine.findings(of: ConsistencyCheck.self)
        #expect(found.count == 1 && found.first?.finding.unit == 3)
        #expect(abs(try #require(found.first?.finding.columns.value) - 120.0 / 510) < 1e-12)
        // May to December (8 of 12) does not: the reference is 2024's 120 alone and the ratio 1.
        let eight = try Self.lateStarter(firstMonth: 5, perMonth: 100).run(orgUnit: 0, period: try Period("2025"))
        #expect(eight.findings(of: ConsistencyCheck.self).isEmpty)
    }

    // MARK: 7. Bounds per combo; the office's time zone

    @Test func boundsApplyToEachCombo() throws {
        // max 30 per value (DHIS2's MIN_MAX): 20 boys and 20 girls (40 in all) pass; 35 boys are above it.
        let sex = Category(
            code: "sex", name: "Sex",
            options: [CategoryOption(code: "male", name: "Male"), CategoryOption(code: "female", name: "Female")])
        var births = DataElement(code: "births", name: "Births", categories: ["sex"])
        births.maximum = 30
        let metadata = Metadata(
            categories: [sex], elements: [births], indicators: [], datasets: [Self.monthly(["births"], level: 3)])
        var s = InMemoryValueSource()
        for p in Self.months(2025) {
            s.add("births", combo: 0, unit: 2, period: p, value: p.identifier == "202502" ? 35 : 20)
            s.add("births", combo: 1, unit: 2, period: p, value: p.identifier == "202502" ? 5 : 20)
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: Self.tree, source: s))
        let found = try audit.run(orgUnit: 0, period: try Period("2025"), scope: .level(3)).findings(
            of: OutlierCheck.self)
        #expect(found.count == 1, "\(found.map(\.payload))")
        let (finding, payload) = try #require(found.first)
        #expect(finding.period.identifier == "202502" && payload.value == 35 && finding.severity == .extreme)
        #expect(finding.columns.element == "births.male")
    }
}
