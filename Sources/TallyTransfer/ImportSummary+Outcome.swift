internal import TallyIO
internal import TallyStore

extension ImportSummary {
    /// Counts a write's outcome; returns false for a duplicate, which the caller reports.
    mutating func count(_ outcome: WriteOutcome) -> Bool {
        switch outcome {
        case .new: new += 1
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        case .deleted: deleted += 1
        case .absent: absent += 1
        case .duplicate: return false
        }
        return true
    }

    /// Counts the outcomes of staged writes (duplicates are the caller's to report).
    mutating func count(_ staged: StagedOutcomes) {
        new += staged.new
        changed += staged.changed
        unchanged += staged.unchanged
        deleted += staged.deleted
        absent += staged.absent
    }
}
