import TallyCore
import TallyEngine
import TallyText
import Testing

@testable import TallyAudit

/// The audit's protocol: every check names itself, and each check's payload gives its distance, its score mark,
/// its CSV and JSON columns and its sentence, here on hand-made payloads.
@Suite struct AuditCheckTests {
    @Test func everyCheckHasItsCodeAndTitlesInTheReportsOrder() {
        // The codes are what programs read in the JSON and CSV: they do not change, nor their order; each is
        // one check's, in snake case.
        let codes = QualityAudit.checks.map { $0.code }
        let published = [
            "expected_vs_reported", "verification", "completeness", "missing_report", "timeliness", "late_report",
            "outlier", "element_completeness", "validation", "consistency", "score",
        ]
        #expect(codes.filter(published.contains) == published)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } && !$0.isEmpty })
        for check in QualityAudit.checks {
            #expect(!check.title.zh.isEmpty && !check.title.en.isEmpty && !check.title.table.isEmpty, "\(check.code)")
            #expect(check.title.text(.zh) == check.title.zh && check.title.text(.en) == check.title.en)
        }
        for language in Language.allCases {
            #expect(Set(QualityAudit.checks.map { $0.title.text(language) }).count == QualityAudit.checks.count)
        }
        #expect(Set(QualityAudit.checks.map { $0.title.table }).count == QualityAudit.checks.count)
    }

    @Test func everyScoreGroupHasItsNames() {
        for language in Language.allCases {
            let names = ScoreGroup.allCases.map { $0.text(language) }
            #expect(names.allSatisfy { !$0.isEmpty } && Set(names).count == names.count)
        }
    }

    /// One hand-made payload per check: its distance, score mark and columns.
    static let payloads: [(any FindingPayload, distance: Double, mark: ScoreMark?, columns: FindingColumns)] = {
        let m = try! Period("202510")
        let n = try! Period("202511")
        return [
            (
                ExpectedVsReportedCheck.Payload(
                    element: "births", reported: 50, expected: 80, interval: NumberRange(low: 37, high: 66),
                    confidence: 0.95, ratePerThousand: 8, unreported: 30, rateGap: -3),
                0.375, ScoreMark(.expectedVsReported, key: "births", reach: .ownUnit),
                FindingColumns(
                    element: "births", value: 50, expected: 80, low: 37, high: 66, score: 0.625, unreported: 30,
                    rateGap: -3)
            ),
            (
                VerificationCheck.Payload(
                    element: "anc", reported: 80, verified: 60, factor: 0.75,
                    accepted: NumberRange(low: 0.9, high: 1.1),
                    reportingUnits: 3, recountedUnits: 2),
                0.25, ScoreMark(.verification, key: "anc", reach: .ownUnit),
                FindingColumns(element: "anc", value: 80, expected: 60, low: 0.9, high: 1.1, score: 0.75)
            ),
            (
                VerificationCheck.Payload(
                    element: "anc", reported: 12, verified: 0, factor: nil, accepted: NumberRange(low: 0.9, high: 1.1),
                    reportingUnits: 1, recountedUnits: 0),
                1, ScoreMark(.verification, key: "anc", reach: .ownUnit),
                FindingColumns(element: "anc", value: 12, expected: 0, low: 0.9, high: 1.1)
            ),
            (
                CompletenessCheck.Payload(dataset: "m", element: "r", reports: 3, expected: 4, threshold: 0.9),
                0.25, ScoreMark(.reporting, key: "m", reach: .ownUnit),
                FindingColumns(element: "r", value: 3, expected: 4, low: 0.9, score: 0.75, dataset: "m")
            ),
            (
                MissingReportCheck.Payload(dataset: "m", element: "r", missing: [m, n], expected: 3),
                0.002, ScoreMark(.reporting, key: "m", reach: .enclosingUnits),
                FindingColumns(element: "r", value: 2, expected: 3, dataset: "m", periods: [m, n])
            ),
            (
                TimelinessCheck.Payload(dataset: "m", element: "r", reports: 1, expected: 4, threshold: 0.75),
                0.75, ScoreMark(.timeliness, key: "m", reach: .ownUnit),
                FindingColumns(element: "r", value: 1, expected: 4, low: 0.75, score: 0.25, dataset: "m")
            ),
            (
                LateReportCheck.Payload(
                    dataset: "m", element: "r", reportPeriod: m, daysLate: 5, stored: 1_763_164_800,
                    storedOn: Day(year: 2025, month: 11, day: 15)!, due: Day(year: 2025, month: 11, day: 10)!),
                0.000_05, ScoreMark(.timeliness, key: "m", reach: .enclosingUnits),
                FindingColumns(element: "r", value: 5, score: 5, dataset: "m", periods: [m])
            ),
            (
                OutlierCheck.Payload(
                    element: "w", value: 90,
                    reason: .unusual(median: 40, usual: NumberRange(low: 30, high: 50), zScore: -8, probability: nil)),
                8, ScoreMark(.values, key: "w", reach: .enclosingUnits),
                FindingColumns(element: "w", value: 90, expected: 40, low: 30, high: 50, score: -8)
            ),
            (
                OutlierCheck.Payload(element: "w", value: 0, reason: .belowMinimum(minimum: 1, maximum: nil)),
                0, ScoreMark(.values, key: "w", reach: .enclosingUnits),
                FindingColumns(element: "w", value: 0, low: 1)
            ),
            (
                OutlierCheck.Payload(element: "w", value: 120, reason: .aboveMaximum(minimum: nil, maximum: 100)),
                0, ScoreMark(.values, key: "w", reach: .enclosingUnits),
                FindingColumns(element: "w", value: 120, high: 100)
            ),
            (
                ElementCompletenessCheck.Payload(
                    element: "a", dataset: "m", present: 1, expected: 4, zeros: 1, threshold: 0.9),
                0.75, ScoreMark(.values, key: "a", reach: .ownUnit),
                FindingColumns(element: "a", value: 1, expected: 4, low: 0.9, score: 0.25, dataset: "m", zeros: 1)
            ),
            (
                ValidationCheck.Payload(rule: "a_le_b", element: "a", left: 5, right: 3),
                2, ScoreMark(.validation, key: "a_le_b", reach: .enclosingUnits),
                FindingColumns(element: "a", value: 5, expected: 3, rule: "a_le_b")
            ),
            (
                ConsistencyCheck.Payload(
                    element: "b", value: 200, reference: 100, referenceYears: 3, unitRatio: 2, comparedWith: 0,
                    comparisonRatio: 1.25, relative: 1.6, expected: 125, band: 0.25),
                0.6000000000000001, nil,
                FindingColumns(element: "b", value: 2, expected: 1.25, low: 0.75, high: 1.25, score: 1.6)
            ),
            (
                ScoreCheck.Payload(passed: 4, applicable: 5), 0.19999999999999996, nil,
                FindingColumns(element: "", value: 4, expected: 5, score: 0.8)
            ),
        ]
    }()

    @Test(arguments: Self.payloads.indices) func payloadGivesDistanceMarkAndColumns(_ i: Int) throws {
        let (payload, distance, mark, columns) = Self.payloads[i]
        let f = Finding(severity: .moderate, unit: 1, period: try Period("202510"), payload: payload)
        #expect(f.distance == distance, "\(f.check.code)")
        #expect(f.scoring == mark, "\(f.check.code)")
        #expect(f.columns == columns, "\(f.check.code)")
        // Both sentences are written, and each starts with the unit.
        for language in Language.allCases {
            let phrase = f.sentence.phrase(language)
            #expect(phrase.parts.first == .word(.unit), "\(f.check.code) \(language)")
            #expect(phrase.parts.count > 2)
        }
    }

    @Test func findingsAreEqualByTheirPayloads() throws {
        let p = try Period("202510")
        let a = Finding(severity: .moderate, unit: 1, period: p, payload: ScoreCheck.Payload(passed: 1, applicable: 2))
        #expect(
            a == Finding(severity: .moderate, unit: 1, period: p, payload: ScoreCheck.Payload(passed: 1, applicable: 2))
        )
        #expect(
            a != Finding(severity: .moderate, unit: 1, period: p, payload: ScoreCheck.Payload(passed: 2, applicable: 2))
        )
        let other = ValidationCheck.Payload(rule: "r", element: "a", left: 1, right: 2)
        #expect(a != Finding(severity: .moderate, unit: 1, period: p, payload: other))
        #expect(a.check == ScoreCheck.self && a.check != ValidationCheck.self)
        #expect(a.payload as? ScoreCheck.Payload == ScoreCheck.Payload(passed: 1, applicable: 2))
        #expect(a.payload as? ValidationCheck.Payload == nil)
    }

    @Test func phrasesHoldTextWordsAndSentences() {
        let inner = Sentence(zh: "甲", en: " a")
        let none: Sentence? = nil
        let phrase: Phrase = "\(.unit) has \(.count(3))\(inner)\(none)\("s")."
        #expect(
            phrase.parts == [
                .word(.unit), .text(" has "), .word(.count(3)), .sentence(inner), .text("s"), .text("."),
            ])
        #expect(("" as Phrase).parts.isEmpty)
        #expect(Sentence(zh: "中", en: "en").phrase(.zh) == "中" && Sentence(zh: "中", en: "en").phrase(.en) == "en")
    }
}

/// The score's reach, on hand-made findings over `QualityAuditTests.tree` (C with towns T, U, V, W) and the
/// metadata of `RulesAndScoreTests` (a monthly dataset `m` reported by the towns, elements a and b, rule a_le_b):
/// five checks apply to every unit.
@Suite struct ScoreCardTests {
    @Test func aRateFailsItsOwnUnitAndAMissingReportEveryUnitAbove() throws {
        let audit = RulesAndScoreTests.audit(.skipIfAnyMissing)
        let u = QualityAuditTests.tree.index
        let p = try Period("202501")
        let findings = [
            // T misses a report: T and the county fail "reports received".
            Finding(
                severity: .moderate, unit: u["T"]!, period: p,
                payload: MissingReportCheck.Payload(dataset: "m", element: "a", missing: [p], expected: 1)),
            // U's completeness is low: only U fails "reports received".
            Finding(
                severity: .moderate, unit: u["U"]!, period: p,
                payload: CompletenessCheck.Payload(dataset: "m", element: "a", reports: 0, expected: 1, threshold: 0.9)
            ),
            // V breaks the rule: V and the county fail "validation".
            Finding(
                severity: .moderate, unit: u["V"]!, period: p,
                payload: ValidationCheck.Payload(rule: "a_le_b", element: "a", left: 2, right: 1)),
            // A consistency finding does not count.
            Finding(
                severity: .moderate, unit: u["W"]!, period: p,
                payload: ConsistencyCheck.Payload(
                    element: "a", value: 2, reference: 1, referenceYears: 3, unitRatio: 2, comparedWith: 0,
                    comparisonRatio: 1, relative: 2, expected: nil, band: 0.33)),
        ]
        // Where the checks were due: the audit of the period (every town reports the monthly dataset, and the rule
        // applies at every town).
        let scope = try audit.run(orgUnit: 0, period: p, asOf: RulesAndScoreTests.asOf).scope
        let cards = audit.scoreCards(units: [0, u["T"]!, u["U"]!, u["V"]!, u["W"]!], findings: findings, scope: scope)
        func passed(_ code: String, _ group: ScoreGroup) -> Int? { cards[u[code]!]?[group]?.passed }
        #expect(passed("C", .reporting) == 0 && passed("T", .reporting) == 0 && passed("U", .reporting) == 0)
        #expect(passed("V", .reporting) == 1 && passed("W", .reporting) == 1)
        #expect(passed("C", .validation) == 0 && passed("V", .validation) == 0 && passed("T", .validation) == 1)
        #expect(passed("W", .values) == 2 && cards[u["W"]!]?[.values]?.applicable == 2)
        // Groups that do not apply are absent: no element has a reference rate or a verified counterpart.
        #expect(cards[0]?[.expectedVsReported] == nil && cards[0]?[.verification] == nil)
        #expect(cards[0].map { $0.values.reduce(0) { $0 + $1.applicable } } == 5)
    }

    @Test func findingsComeMostSeriousFirstThenFarthestFirst() throws {
        let r = try RulesAndScoreTests.audit(.skipIfAnyMissing).run(
            orgUnit: 0, period: try Period("202501"), asOf: RulesAndScoreTests.asOf)
        #expect(r.findings.count > 3)
        for (a, b) in zip(r.findings, r.findings.dropFirst()) {
            #expect(a.severity > b.severity || (a.severity == b.severity && a.distance >= b.distance))
        }
        // The score of each unit is made too: T passed 4 of the 5 checks.
        let t = try #require(
            r.findings(of: ScoreCheck.self).first { $0.finding.unit == QualityAuditTests.tree.index["T"] })
        #expect(t.payload.passed == 4 && t.payload.applicable == 5)
    }
}
