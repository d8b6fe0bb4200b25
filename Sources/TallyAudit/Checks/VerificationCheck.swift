internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Verification factor (核实, WHO DQR): for an element with a `verified_by` counterpart, verified ÷ reported;
/// flagged below `verification.low` (over-reporting) or above `verification.high` (under-reporting), and where a
/// unit reports events but none are verified. Extreme when the factor is off by more than twice the tolerance,
/// or when nothing was verified.
public enum VerificationCheck: AuditCheck, AuditStep {
    /// A unit's reported count against its verified recount.
    public struct Payload: FindingPayload {
        public typealias Check = VerificationCheck
        /// The element (with a verified counterpart).
        public var element: String
        /// The count reported.
        public var reported: Double
        /// The count verified (0 when there is none).
        public var verified: Double
        /// Verified ÷ reported; nil when no verified count was stored.
        public var factor: Double?
        /// The factors that pass: the quality settings' thresholds.
        public var accepted: NumberRange
    }

    public static let code = "verification"
    public static let title = CheckTitle(zh: "核实", en: "Verification", table: "Verification (核实)")

    static func run(_ audit: inout AuditRun) throws {
        let settings = audit.settings
        let period = audit.period
        for element in audit.metadata.elements {
            guard let counterpart = element.verifiedBy else { continue }
            let reported = try audit.aggregator.totals(ElementReference(element: element.code), period: period)
            let verified = try audit.aggregator.totals(ElementReference(element: counterpart), period: period)
            for u in audit.units {
                guard let r = reported[u], r > 0 else { continue }
                let check = VerificationFactor(
                    reported: r, verified: verified[u], lowerThreshold: settings.verificationLow,
                    upperThreshold: settings.verificationHigh)
                guard check.flag != nil else { continue }
                let factor = check.factor ?? 0
                let tolerance = factor < 1 ? 1 - settings.verificationLow : settings.verificationHigh - 1
                let extreme = check.flag == .reportsWithoutVerification || abs(factor - 1) > 2 * tolerance
                audit.add(
                    extreme ? .extreme : .moderate, unit: u, period: period,
                    Payload(
                        element: element.code, reported: r, verified: verified[u] ?? 0, factor: check.factor,
                        accepted: NumberRange(low: settings.verificationLow, high: settings.verificationHigh)))
            }
        }
    }
}

extension VerificationCheck.Payload {
    public var distance: Double { abs(1 - (factor ?? 0)) }

    public var scoring: ScoreMark? {
        ScoreMark(.verification, key: element, reach: .ownUnit)
    }

    public var sentence: Sentence {
        let name = Word.element(element)
        let reported = Word.count(self.reported)
        if self.verified == 0 {
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(reported)，但核实数为0。",
                en: "\(.unit) reported \(reported) \(name) in \(.period), but none could be verified.")
        }
        let verified = Word.count(self.verified)
        let factor = Word.decimal(self.factor ?? 0, places: 2)
        let low = Word.decimal(accepted.low, places: 2)
        let high = Word.decimal(accepted.high, places: 2)
        let range = Sentence(zh: "正常范围\(low)–\(high)", en: "expected \(low)–\(high)")
        if self.verified < self.reported {
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(reported)，核实仅\(verified)（核实系数\(factor)，\(range)），报告数高于可核实数。",
                en:
                    "\(.unit) reported \(reported) \(name) in \(.period), but only \(verified) were verified (verification factor \(factor), \(range)): the reports exceed what could be verified."
            )
        }
        return Sentence(
            zh: "\(.unit)\(.period)报告\(name)\(reported)，核实\(verified)（核实系数\(factor)，\(range)），核实数多于报告数，存在漏报。",
            en:
                "\(.unit) reported \(reported) \(name) in \(.period), and \(verified) were verified (verification factor \(factor), \(range)): more were verified than reported, so reports are missing."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: reported, expected: verified, low: accepted.low, high: accepted.high,
            score: factor)
    }
}
