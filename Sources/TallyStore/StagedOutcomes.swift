/// What ``ValueWriter/applyStaged(reporting:)`` did with the staged writes: how many of each outcome, and the
/// first duplicates.
public struct StagedOutcomes: Equatable, Sendable {
    /// Values added.
    public var new = 0
    /// Values changed (their previous values are in history).
    public var changed = 0
    /// Values given again with the value already stored.
    public var unchanged = 0
    /// Values removed (kept in history).
    public var deleted = 0
    /// Removals of values that did not exist.
    public var absent = 0
    /// Writes of a value already written earlier in the batch.
    public var duplicates = 0
    /// Writes left out by the strategy: of a value already stored (``WriteStrategy/createOnly``) or of one not
    /// stored (``WriteStrategy/updateOnly``).
    public var ignored = 0
    /// The duplicates with the smallest rows (then keys), at most the number asked for, in that order.
    public var firstDuplicates: [StagedDuplicate] = []

    /// No outcomes.
    public init() {}

    /// Counts one outcome as ``ValueWriter/upsert(_:)`` or ``ValueWriter/delete(_:by:at:)`` returned it.
    public mutating func count(_ outcome: WriteOutcome) {
        switch outcome {
        case .new: new += 1
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        case .deleted: deleted += 1
        case .absent: absent += 1
        case .duplicate: duplicates += 1
        case .ignored: ignored += 1
        }
    }

    /// Keeps `duplicate` in ``firstDuplicates`` when it is among the `limit` smallest by row and key.
    public mutating func list(_ duplicate: StagedDuplicate, limit: Int) {
        guard limit > 0 else { return }
        if firstDuplicates.count == limit {
            guard let last = firstDuplicates.last, duplicate < last else { return }
            firstDuplicates.removeLast()
        }
        let at = firstDuplicates.firstIndex { duplicate < $0 } ?? firstDuplicates.endIndex
        firstDuplicates.insert(duplicate, at: at)
    }
}

/// A staged write of a value that an earlier staged write of the same batch had already written.
public struct StagedDuplicate: Equatable, Sendable, Comparable {
    /// The row given when the duplicate was staged.
    public var row: Int
    /// The value's key.
    public var key: ValueKey
    /// The row of the first staged write of the same key.
    public var firstRow: Int

    /// A duplicate.
    public init(row: Int, key: ValueKey, firstRow: Int) {
        self.row = row
        self.key = key
        self.firstRow = firstRow
    }

    /// Ordered by row, then by element, period, org unit and combo.
    public static func < (a: StagedDuplicate, b: StagedDuplicate) -> Bool {
        (a.row, a.key.element, a.key.period, a.key.orgUnit, a.key.combo)
            < (b.row, b.key.element, b.key.period, b.key.orgUnit, b.key.combo)
    }
}

/// Which staged writes ``ValueWriter/applyStaged(reporting:strategy:)`` applies (DHIS2's import strategies).
/// Removals are applied whatever the strategy.
public enum WriteStrategy: String, Sendable, CaseIterable {
    /// Every write: new values are added, stored ones updated (DHIS2's `CREATE_AND_UPDATE`; the default).
    case createAndUpdate = "create-and-update"
    /// Only writes of values not stored yet; writes of stored values are ignored (DHIS2's `CREATE`).
    case createOnly = "create"
    /// Only writes of values already stored; writes of new values are ignored (DHIS2's `UPDATE`).
    case updateOnly = "update"
}
