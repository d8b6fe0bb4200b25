public import TallyCore

/// Late reports: a report first stored after the end of its due day (period end + `due_days`) in the office's
/// time zone, listed for the reporting units below the audited ones. Made by ``ReportingStep``.
public enum LateReportCheck: AuditCheck {
    /// A report stored late; the finding's period is the report's.
    public struct Payload: FindingPayload {
        public typealias Check = LateReportCheck
        /// The dataset.
        public var dataset: String
        /// The dataset's first element (the `element` column).
        public var element: String
        /// The report's period (also the finding's).
        public var reportPeriod: Period
        /// Whole days after the due day that the report was first stored (a part of a day counts as one).
        public var daysLate: Int
        /// When the report was first stored (seconds since 1970).
        public var stored: Int64
        /// The office's day it was first stored on (in its time zone).
        public var storedOn: Day
        /// The due day.
        public var due: Day
    }

    public static let code = "late_report"
    public static let title = CheckTitle(zh: "迟报", en: "Late reports", table: "Late reports")
}

extension LateReportCheck.Payload {
    public var distance: Double { Double(daysLate) / 100_000 }

    public var scoring: ScoreMark? {
        ScoreMark(.timeliness, key: dataset, reach: .enclosingUnits)
    }

    public var sentence: Sentence {
        let stored = Word.date(storedOn)
        let days = Word.count(Double(daysLate))
        return Sentence(
            zh: "\(.unit)\(.period)的\(.dataset(dataset))于\(stored)首次录入，比规定日期（\(.date(due))）晚\(days)天。",
            en:
                "\(.unit) first stored the \(.dataset(dataset)) for \(.period) on \(stored), \(days) day\(daysLate == 1 ? "" : "s") after it was due (\(.date(due)))."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: Double(daysLate), score: Double(daysLate), dataset: dataset,
            periods: [reportPeriod])
    }
}
