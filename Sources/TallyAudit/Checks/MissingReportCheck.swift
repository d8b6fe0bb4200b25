public import TallyCore

/// Missing reports: a reporting unit's expected reports of a dataset that have not arrived, listed for the
/// reporting units below the audited ones. Made by ``ReportingStep``.
public enum MissingReportCheck: AuditCheck {
    /// A reporting unit's reports that have not arrived.
    public struct Payload: FindingPayload {
        public typealias Check = MissingReportCheck
        /// The dataset.
        public var dataset: String
        /// The dataset's first element (the `element` column).
        public var element: String
        /// The reporting periods whose reports have not arrived.
        public var missing: [Period]
        /// The reports expected from the unit in the audit period.
        public var expected: Int
    }

    public static let code = "missing_report"
    public static let title = CheckTitle(zh: "缺报", en: "Missing reports", table: "Missing reports")
}

extension MissingReportCheck.Payload {
    public var distance: Double { Double(missing.count) / 1000 }

    public var scoring: ScoreMark? {
        ScoreMark(.reporting, key: dataset, reach: .enclosingUnits)
    }

    public var sentence: Sentence {
        Sentence(
            zh: "\(.unit)未报送\(.periods(missing))的\(.dataset(dataset))。",
            en: "\(.unit) has not sent the \(.dataset(dataset)) for \(.periods(missing)).")
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: Double(missing.count), expected: Double(expected), dataset: dataset,
            periods: missing)
    }
}
