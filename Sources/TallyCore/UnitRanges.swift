/// Which org units a read needs, as ascending, disjoint ranges of a store's org-unit ids.
///
/// The engine works on one subtree at a time (``OrgUnitTree`` keeps a subtree as one range of tree indices); a
/// store numbers its units in the order they were first saved, which for a file listing parents before children
/// in depth-first order (as exports and the demo's files do) makes a subtree one range of ids too, and otherwise a
/// few. A store reads only the values of these units: a slice of each block (SQLite), or the rows of these ids
/// (PostgreSQL).
public struct UnitRanges: Sendable, Equatable {
    /// The ranges, ascending, neither overlapping nor touching.
    public private(set) var ranges: [ClosedRange<Int32>]

    /// The ranges covering `ids`, in any order, duplicates allowed.
    public init(ids: [Int32]) {
        var merged: [ClosedRange<Int32>] = []
        for id in ids.sorted() {
            if let last = merged.last, id <= last.upperBound &+ 1 {
                if id > last.upperBound { merged[merged.count - 1] = last.lowerBound...id }
            } else {
                merged.append(id...id)
            }
        }
        ranges = merged
    }

    /// The number of ids.
    public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound) - Int($1.lowerBound) + 1 } }

    /// Every id, ascending.
    public var ids: [Int32] { ranges.flatMap { Array($0) } }

    /// Whether `id` is in one of the ranges (by bisection).
    public func contains(_ id: Int32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < id {
                low = mid + 1
            } else if ranges[mid].lowerBound > id {
                high = mid
            } else {
                return true
            }
        }
        return false
    }
}
