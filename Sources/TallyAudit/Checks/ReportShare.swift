/// A unit's share of a dataset's reports against the share required, for ``CompletenessCheck`` (reports
/// received) and ``TimelinessCheck`` (reports received by their due day).
public struct ReportShare<Check: ReportShareCheck>: FindingPayload {
    /// The dataset.
    public var dataset: String
    /// The dataset's first element (the `element` column).
    public var element: String
    /// The reports counted: received, or received on time.
    public var reports: Int
    /// The reports expected.
    public var expected: Int
    /// The share below which a unit is flagged.
    public var threshold: Double

    /// Reports ÷ expected.
    public var share: Double { Double(reports) / Double(expected) }
}

/// A check of a share of reports: what ``CompletenessCheck`` and ``TimelinessCheck`` have in common.
public protocol ReportShareCheck: AuditCheck {
    /// The group of the score the check counts in.
    static var group: ScoreGroup { get }
    /// How the counted reports were sent: the verb in Chinese (报送, 按时报送), and what follows the period in
    /// English (` on time`).
    static var sent: (zh: String, en: String) { get }
}

extension ReportShare {
    public var distance: Double { 1 - share }

    public var scoring: ScoreMark? { ScoreMark(Check.group, key: dataset, reach: .ownUnit) }

    public var sentence: Sentence {
        let reports = Word.count(Double(self.reports))
        let expected = Word.count(Double(self.expected))
        let below = Sentence.share(share, below: threshold)
        return Sentence(
            zh: "\(.unit)\(.period)\(.dataset(dataset))应报\(expected)份，\(Check.sent.zh)\(reports)份，占\(below)。",
            en:
                "\(.unit) sent \(reports) of the \(expected) reports due for \(.period)\(Check.sent.en) (\(.dataset(dataset))): \(below)."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: Double(reports), expected: Double(expected), low: threshold,
            score: share, dataset: dataset)
    }
}
