internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Verification factor (核实, WHO DQR): for an element with a `verified_by` counterpart, Σ verified ÷ Σ reported
/// over the reporting units below a unit that were recounted (those with both a reported and a verified value;
/// WHO's definition), with how many were; flagged below `verification.low` (over-reporting) or above
/// `verification.high` (under-reporting), and where a unit reports events but none of its reporting units was
/// recounted. Extreme when the factor is off by more than twice the tolerance, or when nothing was verified.
/// The reporting units are those that report the element's dataset (without one, the deepest level).
public enum VerificationCheck: AuditCheck, AuditStep {
    /// A unit's reported count against its verified recount.
    public struct Payload: FindingPayload {
        public typealias Check = VerificationCheck
        /// The element (with a verified counterpart).
        public var element: String
        /// The count reported by the units recounted (by every reporting unit when none was).
        public var reported: Double
        /// The count verified (0 when there is none).
        public var verified: Double
        /// Verified ÷ reported over the units recounted; nil when none was.
        public var factor: Double?
        /// The factors that pass: the quality settings' thresholds.
        public var accepted: NumberRange
        /// The reporting units (at or below the unit) with a reported value.
        public var reportingUnits: Int
        /// How many of them were recounted (have a verified value too).
        public var recountedUnits: Int
    }

    public static let code = "verification"
    public static let title = CheckTitle(zh: "核实", en: "Verification", table: "Verification (核实)")

    static func run(_ audit: inout AuditRun) throws {
        let settings = audit.settings
        let period = audit.period
        let tree = audit.tree
        for element in audit.metadata.elements {
            guard let counterpart = element.verifiedBy else { continue }
            let reported = try audit.aggregator.totals(ElementReference(element: element.code), period: period)
            let verified = try audit.aggregator.totals(ElementReference(element: counterpart), period: period)
            let dataset = audit.metadata.datasets.first { $0.elements.contains(element.code) }
            let reporters = { (u: Int) -> [Int] in
                dataset?.reporters(below: u, in: tree) ?? tree.descendants(of: u, atLevel: tree.depth)
            }
            let reporting = reporters(audit.orgUnit).filter { reported[$0] ?? 0 > 0 }
            audit.scope.add(.verification, element.code, units: reporting)
            for u in audit.units {
                guard let r = reported[u], r > 0 else { continue }
                // A unit below the reporting units stands for itself.
                let reportersBelow = reporters(u)
                let below = reportersBelow.isEmpty ? [u] : reportersBelow
                let recount = VerificationFactor.recounted(
                    below.map { (reported[$0], verified[$0]) }, lowerThreshold: settings.verificationLow,
                    upperThreshold: settings.verificationHigh)
                guard let flag = recount.flag else { continue }
                let factor = recount.factor ?? 0
                let tolerance = factor < 1 ? 1 - settings.verificationLow : settings.verificationHigh - 1
                let extreme = flag == .reportsWithoutVerification || abs(factor - 1) > 2 * tolerance
                audit.add(
                    extreme ? .extreme : .moderate, unit: u, period: period,
                    Payload(
                        element: element.code,
                        reported: recount.recountedUnits > 0 ? recount.recountedReported : recount.totalReported,
                        verified: recount.verified ?? 0, factor: recount.factor,
                        accepted: NumberRange(low: settings.verificationLow, high: settings.verificationHigh),
                        reportingUnits: recount.reportingUnits, recountedUnits: recount.recountedUnits))
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
        // Of an aggregate: which of its reporting units were recounted.
        let recounted =
            reportingUnits > 1
            ? Sentence(
                zh: "（\(.integer(reportingUnits))个报告单位中已核实\(.integer(recountedUnits))个）",
                en: " (\(.integer(recountedUnits)) of its \(.integer(reportingUnits)) reporting units recounted)") : nil
        if recountedUnits == 0 {
            return Sentence(
                zh: "\(.unit)\(.period)报告\(name)\(reported)，但核实数为0\(recounted)。",
                en: "\(.unit) reported \(reported) \(name) in \(.period), but none could be verified\(recounted).")
        }
        let verified = Word.count(self.verified)
        let factor = Word.decimal(self.factor ?? 0, places: 2)
        let low = Word.decimal(accepted.low, places: 2)
        let high = Word.decimal(accepted.high, places: 2)
        let range = Sentence(zh: "正常范围\(low)–\(high)", en: "expected \(low)–\(high)")
        if self.verified < self.reported {
            return Sentence(
                zh:
                    "\(.unit)\(.period)报告\(name)\(reported)\(recounted)，核实仅\(verified)（核实系数\(factor)，\(range)），报告数高于可核实数。",
                en:
                    "\(.unit) reported \(reported) \(name) in \(.period)\(recounted), but only \(verified) were verified (verification factor \(factor), \(range)): the reports exceed what could be verified."
            )
        }
        return Sentence(
            zh:
                "\(.unit)\(.period)报告\(name)\(reported)\(recounted)，核实\(verified)（核实系数\(factor)，\(range)），核实数多于报告数，存在漏报。",
            en:
                "\(.unit) reported \(reported) \(name) in \(.period)\(recounted), and \(verified) were verified (verification factor \(factor), \(range)): more were verified than reported, so reports are missing."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: reported, expected: verified, low: accepted.low, high: accepted.high,
            score: factor)
    }
}
