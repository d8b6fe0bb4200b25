extension Targets {
    /// A whole-number target for every unit of `tree` (任务分解), from targets given for some units at any level.
    ///
    /// The rules, applied in order:
    /// 1. An explicit target is kept.
    /// 2. A unit without one whose children all have targets gets their sum (upward, e.g. from targets given at the
    ///    leaves). Such a unit is *fixed from below* like an explicitly given one.
    /// 3. Going down the tree, what remains of a unit's target after its fixed children is split among its other
    ///    children in proportion to `weights`, with largest-remainder rounding so that the children add up exactly
    ///    to the parent (see ``apportion(_:weights:)``: a missing or zero weight gets nothing when a sibling has a
    ///    weight; with no weights at all the split is equal).
    /// 4. Units still without a target — a subtree with no target given in or above it, or a parent whose children
    ///   do not all have one — get nil: a partial sum would make a misleading target.
    ///
    /// Children whose fixed targets add up to less than their parent's, with no other child to take the rest, are
    /// allowed: the rest stays unallocated.
    ///
    /// - Parameters:
    ///   - tree: the units, in pre-order.
    ///   - explicit: targets given in a file, by unit index; every key must be a unit of `tree`.
    ///   - weights: a weight per unit (such as population), nil for none; a shorter list counts as missing weights.
    /// - Returns: one target per unit, nil where none can be derived.
    /// - Throws: ``TargetError`` with code `negativeTarget` for a target below zero, `noTarget` when `explicit` is
    ///   empty, `contradiction` when a unit's children add up to more than its own (given or derived) target — the
    ///   first such unit from the top.
    public static func decompose(
        tree: TargetTree, explicit: [Int: Int], weights: [Double?] = []
    ) throws(TargetError) -> [Int?] {
        let count = tree.count
        for (unit, target) in explicit.sorted(by: { $0.key < $1.key }) {
            precondition(unit >= 0 && unit < count, "decompose: explicit target for unit \(unit) outside the tree")
            if target < 0 { throw .negativeTarget(target, unit: unit, name: tree.name(of: unit)) }
        }
        guard !explicit.isEmpty else { throw .noTarget }

        // Fixed from below: explicit, or the sum of children that are all fixed. Children come after their parent.
        var fixed = [Int?](repeating: nil, count: count)
        for unit in stride(from: count - 1, through: 0, by: -1) {
            if let target = explicit[unit] {
                fixed[unit] = target
                continue
            }
            let children = tree.children(of: unit)
            guard !children.isEmpty else { continue }
            var sum = 0
            var complete = true
            for child in children {
                guard let target = fixed[child] else {
                    complete = false
                    break
                }
                sum += target
            }
            if complete { fixed[unit] = sum }
        }

        // Down the tree: each unit with a target hands what its fixed children leave to the others.
        var targets = fixed
        for unit in 0..<count {
            guard let target = targets[unit] else { continue }
            let children = tree.children(of: unit)
            guard !children.isEmpty else { continue }
            var fixedChildren: [(unit: Int, target: Int)] = []
            var open: [Int] = []
            var sum = 0
            for child in children {
                if let childTarget = fixed[child] {
                    fixedChildren.append((child, childTarget))
                    sum += childTarget
                } else {
                    open.append(child)
                }
            }
            guard sum <= target else {
                throw .contradiction(
                    parent: unit, tree: tree, children: fixedChildren, sum: sum, target: target,
                    explicit: explicit[unit] != nil)
            }
            guard !open.isEmpty else { continue }
            let shares = apportion(target - sum, weights: open.map { $0 < weights.count ? weights[$0] : nil })
            for (child, share) in zip(open, shares) { targets[child] = share }
        }
        return targets
    }
}
