public import TallyCore

/// Where each check of the data-quality score had something to judge: per group and key (a dataset, an element,
/// a rule), the units at which a report or a value was due, a population was known or a report was there to
/// verify. A check applies to a unit when it was due at the unit or anywhere below it; a check with nothing due
/// (a yearly report in a month, a campaign's daily report outside its dates) does not count as passed.
public struct ScoreScope: Sendable {
    /// Per group and key, the units it was due at.
    var due: [ScoreGroup: [String: Set<Int>]] = [:]

    /// An empty scope.
    public init() {}

    /// Records that `key` of `group` was due at `units`.
    mutating func add(_ group: ScoreGroup, _ key: String, units: some Sequence<Int>) {
        due[group, default: [:]][key, default: []].formUnion(units)
    }

    /// For each group, its keys with the number of units they are due at up to each tree index, so that "due
    /// somewhere in a subtree" is one subtraction.
    func prefixCounts(tree: OrgUnitTree) -> [ScoreGroup: [(key: String, upTo: [Int32])]] {
        var result: [ScoreGroup: [(key: String, upTo: [Int32])]] = [:]
        for (group, keys) in due {
            result[group] = keys.keys.sorted().map { key in
                var upTo = [Int32](repeating: 0, count: tree.count + 1)
                for u in keys[key]! where u < tree.count { upTo[u + 1] = 1 }
                for i in 0..<tree.count { upTo[i + 1] += upTo[i] }
                return (key, upTo)
            }
        }
        return result
    }
}
