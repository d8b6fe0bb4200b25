internal import Synchronization
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
    /// Index by code, built on first use: a command that names no unit by its code (a figure for the top unit) does
    /// not hash 42,111 codes to start.
    public var index: [String: Int] { codeIndex.index(of: units) }
    private let codeIndex: CodeIndex
    /// Where each unit was in the array the tree was built from, by tree index.
    public let positions: [Int32]

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
        var parents = [Int32](repeating: -1, count: units.count)
        for (i, unit) in units.enumerated() {
            guard let parentCode = unit.parentCode, !parentCode.isEmpty else { continue }
            guard let p = position[parentCode] else {
                throw OrgUnitError(
                    .unknownParent, unit: unit.code, location: location(i),
                    detail: Localized(
                        zh: "“\(unit.code)”（\(unit.name)）的上级“\(parentCode)”不在列表中；上级应为另一个单位的代码，最上级单位的上级留空",
                        en:
                            "the parent '\(parentCode)' of '\(unit.code)' (\(unit.name)) is not in the list; expected the code of another unit or an empty parent for the top unit"
                    ))
            }
            parents[i] = Int32(p)
        }
        try self.init(arranging: units, parents: parents, location: location)
    }

    /// Builds the tree of units whose parents are already resolved to positions: a database's units, whose codes
    /// are unique and whose parents exist by the database's own constraints.
    ///
    /// The same tree as ``init(_:locations:)`` gives for these units (roots and children in the order given; both
    /// lay units out the same way), built without looking a code up.
    ///
    /// - Parameter parents: the position in `units` of each unit's parent, or -1 for a root.
    /// - Throws: ``OrgUnitError`` for a parent position out of range or a cycle.
    public init(units: [OrgUnit], parents: [Int32]) throws(OrgUnitError) {
        precondition(parents.count == units.count, "one parent for each unit")
        for (i, p) in parents.enumerated() where p >= 0 {
            guard Int(p) < units.count, Int(p) != i else {
                throw OrgUnitError(
                    .unknownParent, unit: units[i].code,
                    detail: Localized(
                        zh: "“\(units[i].code)”（\(units[i].name)）的上级不在列表中",
                        en: "the parent of '\(units[i].code)' (\(units[i].name)) is not in the list"))
            }
        }
        try self.init(arranging: units, parents: parents, location: { _ in nil })
    }

    /// Lays out units whose parents are positions in range (a unit may be its own parent: that is a cycle) in
    /// pre-order, roots and children in the order given; `location` names a unit's place for the cycle's error.
    private init(
        arranging units: [OrgUnit], parents: [Int32], location: (Int) -> Localized<String>?
    ) throws(OrgUnitError) {
        let n = units.count
        // Children by counting: child i of parent p sits in children[start[p] ..< start[p + 1]], in input order.
        var start = [Int32](repeating: 0, count: n + 1)
        for p in parents where p >= 0 { start[Int(p) + 1] += 1 }
        for k in 0..<n { start[k + 1] += start[k] }
        var fill = start
        var children = [Int32](repeating: 0, count: Int(start[n]))
        for (i, p) in parents.enumerated() where p >= 0 {
            children[Int(fill[Int(p)])] = Int32(i)
            fill[Int(p)] += 1
        }
        var order: [Int32] = []
        order.reserveCapacity(n)
        var orderedParent: [Int32] = []
        orderedParent.reserveCapacity(n)
        var levels: [Int] = []
        levels.reserveCapacity(n)
        var stack: [(unit: Int32, parentNew: Int32, level: Int)] = []
        for (i, p) in parents.enumerated().reversed() where p < 0 { stack.append((Int32(i), -1, 1)) }
        while let (u, p, l) = stack.popLast() {
            let me = Int32(order.count)
            order.append(u)
            orderedParent.append(p)
            levels.append(l)
            let first = Int(start[Int(u)])
            var c = Int(start[Int(u) + 1])
            while c > first {
                c -= 1
                stack.append((children[c], me, l + 1))
            }
        }
        if order.count < n {
            var reached = [Bool](repeating: false, count: n)
            for u in order { reached[Int(u)] = true }
            let stuck = reached.firstIndex(of: false)!
            var path = [units[stuck].code]
            var cursor = Int(parents[stuck])
            while cursor >= 0, !path.contains(units[cursor].code), path.count < 20 {
                path.append(units[cursor].code)
                cursor = Int(parents[cursor])
            }
            if cursor >= 0 { path.append(units[cursor].code) }
            throw OrgUnitError(
                .cycle, unit: units[stuck].code, location: location(stuck),
                detail: Localized(
                    zh: "上级关系形成了循环：\(path.joined(separator: " → "))；每条上级链都必须止于最上级单位",
                    en:
                        "the parents form a cycle: \(path.joined(separator: " → ")); every chain of parents must end at a top unit"
                ))
        }
        var sizes = [Int32](repeating: 1, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) where orderedParent[i] >= 0 {
            sizes[Int(orderedParent[i])] += sizes[i]
        }
        self.units = order.map { units[Int($0)] }
        self.parent = orderedParent
        self.level = levels
        self.subtreeSize = sizes
        self.codeIndex = CodeIndex(nil)
        self.positions = order
    }

    /// The number of units.
    public var count: Int { units.count }

    /// Whether `other` is this very tree (a copy of it), not merely one built alike: compared in constant time.
    public func isIdentical(to other: OrgUnitTree) -> Bool { codeIndex === other.codeIndex }

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

/// A tree's index of codes, built once when first asked for and shared by the tree's copies.
private final class CodeIndex: Sendable {
    private let built: Mutex<[String: Int]?>

    init(_ index: [String: Int]?) { built = Mutex(index) }

    /// The index of `units` (the tree's, in its order).
    func index(of units: [OrgUnit]) -> [String: Int] {
        built.withLock { built in
            if let built { return built }
            var index: [String: Int] = [:]
            index.reserveCapacity(units.count)
            for (i, unit) in units.enumerated() { index[unit.code] = i }
            built = index
            return index
        }
    }
}
