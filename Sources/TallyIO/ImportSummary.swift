internal import TallyCore
internal import TallyStore

/// What an import did, or would do in a dry run.
public struct ImportSummary: Equatable, Sendable {
    /// The file.
    public var file: String
    /// Data rows read.
    public var rows = 0
    /// Values added.
    public var new = 0
    /// Values changed (their previous values are in history).
    public var changed = 0
    /// Values that were already stored with the same value.
    public var unchanged = 0
    /// Values removed (kept in history).
    public var deleted = 0
    /// Removals of values that did not exist.
    public var absent = 0
    /// Whether nothing was written because it was a dry run.
    public var dryRun = false

    /// An empty summary for a file.
    public init(file: String) {
        self.file = file
    }

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

    /// One line for people: `data.csv: 1,200 rows: 1,180 new, 15 changed, 5 unchanged, 0 deleted`.
    public var line: String {
        let verb = dryRun ? "would be" : ""
        var parts = [
            "\(Self.grouped(new)) new", "\(Self.grouped(changed)) changed", "\(Self.grouped(unchanged)) unchanged",
            "\(Self.grouped(deleted)) deleted",
        ]
        if absent > 0 { parts.append("\(Self.grouped(absent)) to delete not found") }
        let prefix =
            dryRun
            ? "\(file) (dry run, nothing written): \(Self.grouped(rows)) rows \(verb)"
            : "\(file): \(Self.grouped(rows)) rows:"
        return "\(prefix) \(parts.joined(separator: ", "))"
    }

    /// `1234567` as `1,234,567`.
    public static func grouped(_ n: Int) -> String { Thousands.grouped(n) }
}
