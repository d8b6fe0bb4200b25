/// Each audited unit's data-quality score: the share of the checks that apply to it which it passed (see
/// ``QualityAudit/scoreCards(units:findings:scope:)``); information, made last from the other checks' findings.
/// Only the checks with something due at the unit or below it count (``ScoreScope``).
public enum ScoreCheck: AuditCheck, AuditStep {
    /// A unit's checks passed and applicable.
    public struct Payload: FindingPayload {
        public typealias Check = ScoreCheck
        /// Checks passed.
        public var passed: Int
        /// Checks that apply to the unit.
        public var applicable: Int

        /// Passed ÷ applicable.
        public var share: Double { Double(passed) / Double(applicable) }
    }

    public static let code = "score"
    public static let title = CheckTitle(
        zh: "数据质量得分", en: "Data-quality score", table: "Data-quality score (share of checks passed)")

    static func run(_ audit: inout AuditRun) throws {
        let cards = QualityAudit(aggregator: audit.aggregator).scoreCards(
            units: audit.units, findings: audit.findings, scope: audit.scope)
        for u in audit.units {
            let groups = cards[u] ?? [:]
            let applicable = groups.values.reduce(0) { $0 + $1.applicable }
            let passed = groups.values.reduce(0) { $0 + $1.passed }
            guard applicable > 0 else { continue }
            audit.add(.info, unit: u, period: audit.period, Payload(passed: passed, applicable: applicable))
        }
    }
}

extension ScoreCheck.Payload {
    public var distance: Double { 1 - share }

    public var scoring: ScoreMark? { nil }

    public var sentence: Sentence {
        let passed = Word.count(Double(self.passed))
        let applicable = Word.count(Double(self.applicable))
        let percent = Word.percent(share, places: 0)
        return Sentence(
            zh: "\(.unit)通过适用检查\(applicable)项中的\(passed)项（\(percent)%）。",
            en: "\(.unit) passed \(passed) of \(applicable) applicable checks (\(percent)%).")
    }

    public var columns: FindingColumns {
        FindingColumns(element: "", value: Double(passed), expected: Double(applicable), score: share)
    }
}
