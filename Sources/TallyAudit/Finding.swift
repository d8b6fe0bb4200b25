public import TallyCore

/// One data-quality finding: a number an office should not trust without a look.
///
/// What was found is the ``payload``, a value of its check's own type; read it by that type
/// (`finding.payload as? OutlierCheck.Payload`). The check, its sentence, its CSV and JSON columns and its
/// place in the order of findings all come from the payload's check.
public struct Finding: Sendable, Equatable {
    /// How serious it is.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        /// For information (the data-quality score).
        case info
        /// Worth a look.
        case moderate
        /// Very unlikely to be chance.
        case extreme

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

        /// The severity of a share below its threshold: moderate, or extreme 15 points below it.
        static func ofShare(_ share: Double, below threshold: Double) -> Self {
            share < threshold - 0.15 ? .extreme : .moderate
        }

        var rank: Int {
            switch self {
            case .info: 0
            case .moderate: 1
            case .extreme: 2
            }
        }
    }

    /// The severity.
    public var severity: Severity
    /// The org unit (tree index).
    public var unit: Int
    /// The period: the audit period, or the reporting period of a late report, an outlier or a broken rule.
    public var period: Period
    /// What the check found.
    public var payload: any FindingPayload

    /// A finding.
    public init(severity: Severity, unit: Int, period: Period, payload: any FindingPayload) {
        self.severity = severity
        self.unit = unit
        self.period = period
        self.payload = payload
    }

    /// The check that found it.
    public var check: any AuditCheck.Type { payload.check }

    /// The sentence, in Chinese and English.
    public var sentence: Sentence { payload.sentence }

    /// The columns of `tally check`'s CSV and JSON.
    public var columns: FindingColumns { payload.columns }

    /// How far it lies from what was expected (see ``FindingPayload/distance``).
    public var distance: Double { payload.distance }

    /// What it fails in the data-quality score (see ``FindingPayload/scoring``).
    public var scoring: ScoreMark? { payload.scoring }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.severity == rhs.severity && lhs.unit == rhs.unit && lhs.period == rhs.period
            && lhs.payload.isEqual(rhs.payload)
    }
}
