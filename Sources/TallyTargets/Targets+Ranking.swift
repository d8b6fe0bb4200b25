extension Targets {
    /// Competition ranks, highest value first: equal values share a rank and the next rank skips (1, 2, 2, 4).
    /// Nil values are unranked.
    public static func ranks(_ values: [Double?]) -> [Int?] {
        let present = values.indices.compactMap { index in values[index].map { (index, $0) } }
        let sorted = present.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var ranks = [Int?](repeating: nil, count: values.count)
        for (position, (index, value)) in sorted.enumerated() {
            if position > 0, sorted[position - 1].1 == value {
                ranks[index] = ranks[sorted[position - 1].0]
            } else {
                ranks[index] = position + 1
            }
        }
        return ranks
    }

    /// Each unit's competition rank among its siblings (the roots rank among themselves) by percent of target
    /// achieved, highest first; units with no target or a target of 0 are unranked.
    ///
    /// - Parameters:
    ///   - tree: the units.
    ///   - targets: a target per unit, nil for none (as from ``decompose(tree:explicit:weights:)``).
    ///   - achieved: what each unit has achieved; give 0 for a unit with no data.
    public static func siblingRanks(tree: TargetTree, targets: [Int?], achieved: [Double]) -> [Int?] {
        precondition(targets.count == tree.count && achieved.count == tree.count, "siblingRanks: one value per unit")
        var result = [Int?](repeating: nil, count: tree.count)
        for group in siblingGroups(tree) {
            let groupRanks = ranks(group.units.map { percent(achieved: achieved[$0], target: targets[$0]) })
            for (unit, rank) in zip(group.units, groupRanks) { result[unit] = rank }
        }
        return result
    }

    /// The top `k` children of each parent by percent of target achieved (表扬), best first.
    ///
    /// Ties are broken by the larger amount achieved, then the lower index. Units with no target or a target of 0
    /// are on neither list. With fewer than 2k ranked siblings a unit can be on both this list and the warning list;
    /// callers who mind can drop those from one of them.
    ///
    /// - Returns: the list for each parent index, `-1` for the roots; parents with no ranked child are left out.
    public static func praise(_ k: Int, tree: TargetTree, targets: [Int?], achieved: [Double]) -> [Int: [Int]] {
        lists(k, tree: tree, targets: targets, achieved: achieved, best: true)
    }

    /// The bottom `k` children of each parent by percent of target achieved (通报/预警), worst first.
    ///
    /// Ties are broken by the smaller amount achieved, then the lower index. Units with no target or a target of 0
    /// are on neither list.
    ///
    /// - Returns: the list for each parent index, `-1` for the roots; parents with no ranked child are left out.
    public static func warning(_ k: Int, tree: TargetTree, targets: [Int?], achieved: [Double]) -> [Int: [Int]] {
        lists(k, tree: tree, targets: targets, achieved: achieved, best: false)
    }

    /// Praise (`best`) or warning lists per parent.
    static func lists(_ k: Int, tree: TargetTree, targets: [Int?], achieved: [Double], best: Bool) -> [Int: [Int]] {
        precondition(targets.count == tree.count && achieved.count == tree.count, "praise/warning: one value per unit")
        guard k > 0 else { return [:] }
        var result: [Int: [Int]] = [:]
        for group in siblingGroups(tree) {
            let ranked = group.units.compactMap { unit in
                percent(achieved: achieved[unit], target: targets[unit]).map { (unit: unit, percent: $0) }
            }
            guard !ranked.isEmpty else { continue }
            let ordered = ranked.sorted { a, b in
                if a.percent != b.percent { return best ? a.percent > b.percent : a.percent < b.percent }
                let (x, y) = (achieved[a.unit], achieved[b.unit])
                if x != y { return best ? x > y : x < y }
                return a.unit < b.unit
            }
            result[group.parent] = ordered.prefix(k).map(\.unit)
        }
        return result
    }

    /// The children of each parent and the roots (parent `-1`).
    static func siblingGroups(_ tree: TargetTree) -> [(parent: Int, units: [Int])] {
        var groups: [(parent: Int, units: [Int])] = [(-1, tree.roots)]
        for unit in 0..<tree.count where !tree.children(of: unit).isEmpty {
            groups.append((unit, tree.children(of: unit)))
        }
        return groups
    }
}
