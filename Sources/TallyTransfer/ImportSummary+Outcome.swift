internal import TallyIO
internal import TallyStore

extension ImportSummary {
    /// Counts a write's outcome; returns false for a duplicate, which the caller reports.
    mutating func count(_ outcome: WriteOutcome) -> Bool {
        countOne(outcome == .duplicate) { $0.count(outcome) }
    }

    /// Counts a text write's outcome; returns false for a duplicate, which the caller reports.
    mutating func count(_ outcome: TextOutcome) -> Bool {
        countOne(outcome == .duplicate) { $0.count(outcome) }
    }

    private mutating func countOne(_ duplicate: Bool, _ add: (inout StagedOutcomes) -> Void) -> Bool {
        guard !duplicate else { return false }
        var one = StagedOutcomes()
        add(&one)
        count(one)
        return true
    }

    /// Counts the outcomes of staged writes (duplicates are the caller's to report).
    mutating func count(_ staged: StagedOutcomes) {
        new += staged.new
        changed += staged.changed
        unchanged += staged.unchanged
        deleted += staged.deleted
        absent += staged.absent
        ignored += staged.ignored
    }
}
