public import TallyText

/// The org-unit hierarchy, laid out for fast roll-ups.
///
/// Units are stored in depth-first pre-order, so the subtree of unit `i` is the contiguous index range
/// `i ..< i + subtreeSize[i]` and a bottom-up pass over the indices in reverse visits children before
/// parents. Levels are derived: a root is level 1.
public struct OrgUnitTree: Sendable {
    /// The units in pre-order.
    public let units: [OrgUnit]
    /// The parent's index, or -1 for a root.
    public let parent: [Int32]
    /// The level of each unit (root = 1).
    public let level: [Int]
    /// The number of units in each unit's subtree, itself included.
    public let subtreeSize: [Int32]
    /// Index by code.
    public let index: [String: Int]

    /// Builds and checks a tree.
    ///
    /// - Parameters:
    ///   - units: every unit, in any order.
    ///   - locations: optional source location for each unit (same order), used in error messages.
    /// - Throws: ``OrgUnitError`` for an empty code, a duplicate code, an unknown parent or a cycle.
    public init(_ units: [OrgUnit], locations: [Localized<String>]? = nil) throws(OrgUnitError) {
        func location(_ i: Int) -> Localized<String>? { locations.flatMap { i < $0.count ? $0[i] : nil } }
        var position: [String: Int] = [:]
        position.reserveCapacity(units.count)
        for (i, unit) in units.enumerated() {
            if unit.code.isEmpty {
                throw OrgUnitError(
                    .emptyCode, unit: "", location: location(i),
                    detail: Localized(
                        zh: "单位“\(unit.name)”的代码为空；每个单位都需要代码",
                        en: "the unit '\(unit.name)' has an empty code; every unit needs a code"))
            }
            if unit.name.isEmpty {
                throw OrgUnitError(
                    .emptyName, unit: unit.code, location: location(i),
                    detail: Localized(zh: "单位“\(unit.code)”的名称为空", en: "the unit '\(unit.code)' has an empty name"))
            }
            if let first = position[unit.code] {
                let firstAt = location(first)
                throw OrgUnitError(
                    .duplicateCode, unit: unit.code, location: location(i),
                    detail: Localized(
                        zh: "代码“\(unit.code)”用了两次\(firstAt.map { "（第一次在\($0.zh)）" } ?? "")；代码不能重复",
                        en:
                            "the code '\(unit.code)' is used twice\(firstAt.map { " (first at \($0.en))" } ?? ""); codes must be unique"
                    ))
            }
            position[unit.code] = i
        }
        var childLists = [[Int]](repeating: [], count: units.count)
        var roots: [Int] = []
        for (i, unit) in units.enumerated() {
            guard let parentCode = unit.parentCode, !parentCode.isEmpty else {
                roots.append(i)
                continue
            }
            guard let p = position[parentCode] else {
                throw OrgUnitError(
                    .unknownParent, unit: unit.code, location: location(i),
                    detail: Localized(
                        zh: "“\(unit.code)”（\(unit.name)）的上级“\(parentCode)”不在列表中；上级应为另一个单位的代码，最上级单位的上级留空",
                        en:
                            "the parent '\(parentCode)' of '\(unit.code)' (\(unit.name)) is not in the list; expected the code of another unit or an empty parent for the top unit"
                    ))
            }
            childLists[p].append(i)
        }
        // Depth-first from the roots; anything not reached lies on a cycle.
        var order: [Int] = []
        order.reserveCapacity(units.count)
        var orderedParent: [Int32] = []
        orderedParent.reserveCapacity(units.count)
        var levels: [Int] = []
        levels.reserveCapacity(units.count)
        var newIndex = [Int](repeating: -1, count: units.count)
        var stack: [(unit: Int, parentNew: Int, level: Int)] = roots.reversed().map { ($0, -1, 1) }
        while let (u, p, l) = stack.popLast() {
            newIndex[u] = order.count
            order.append(u)
            orderedParent.append(Int32(p))
            levels.append(l)
            let me = newIndex[u]
            for c in childLists[u].reversed() { stack.append((c, me, l + 1)) }
        }
        if order.count < units.count {
            let stuck = units.indices.first { newIndex[$0] < 0 }!
            var path = [units[stuck].code]
            var cursor = units[stuck].parentCode
            while let c = cursor, !path.contains(c), path.count < 20 {
                path.append(c)
                cursor = units[position[c]!].parentCode
            }
            if let c = cursor { path.append(c) }
            throw OrgUnitError(
                .cycle, unit: units[stuck].code, location: location(stuck),
                detail: Localized(
                    zh: "上级关系形成了循环：\(path.joined(separator: " → "))；每条上级链都必须止于最上级单位",
                    en:
                        "the parents form a cycle: \(path.joined(separator: " → ")); every chain of parents must end at a top unit"
                ))
        }
        var sizes = [Int32](repeating: 1, count: order.count)
        for i in stride(from: order.count - 1, through: 0, by: -1) where orderedParent[i] >= 0 {
            sizes[Int(orderedParent[i])] += sizes[i]
        }
        self.units = order.map { units[$0] }
        self.parent = orderedParent
        self.level = levels
        self.subtreeSize = sizes
        var idx: [String: Int] = [:]
        idx.reserveCapacity(order.count)
        for (i, unit) in self.units.enumerated() { idx[unit.code] = i }
        self.index = idx
    }

    /// The number of units.
    public var count: Int { units.count }

    /// The indices of the roots.
    public var roots: [Int] { units.indices.filter { parent[$0] < 0 } }

    /// The deepest level.
    public var depth: Int { level.max() ?? 0 }

    /// The subtree of unit `i`, itself included, as an index range.
    public func subtree(_ i: Int) -> Range<Int> { i..<i + Int(subtreeSize[i]) }

    /// Adds each unit's count into its ancestors' in place (a count per unit, by tree index): afterwards every unit
    /// holds the sum over its subtree. Inlinable, so that a caller in another module gets it specialized for its
    /// counts: unspecialized, every addition looks up the type's metadata (a quarter of a county's dashboard at the
    /// province).
    @inlinable
    public func addUpSubtrees<Count: AdditiveArithmetic>(_ counts: inout [Count]) {
        for i in stride(from: count - 1, through: 0, by: -1) where parent[i] >= 0 {
            counts[Int(parent[i])] += counts[i]
        }
    }

    /// The direct children of unit `i`, in order.
    public func children(_ i: Int) -> [Int] {
        var result: [Int] = []
        var c = i + 1
        let end = i + Int(subtreeSize[i])
        while c < end {
            result.append(c)
            c += Int(subtreeSize[c])
        }
        return result
    }

    /// The units of `level` inside the subtree of `i`, in order.
    public func descendants(of i: Int, atLevel target: Int) -> [Int] {
        subtree(i).filter { level[$0] == target }
    }

    /// Looks a unit up by code.
    public func unit(_ code: String) throws(OrgUnitError) -> Int {
        guard let i = index[code] else {
            throw OrgUnitError(
                .unknownUnit, unit: code,
                detail: Localized(zh: "没有代码为“\(code)”的单位", en: "there is no org unit with the code '\(code)'"))
        }
        return i
    }
}
