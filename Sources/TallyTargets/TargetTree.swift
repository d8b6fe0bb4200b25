/// The org-unit tree as campaign targets need it: units are the indices `0..<count`, listed in pre-order.
///
/// Only the shape and, optionally, the names used in error messages; the main project builds one from its own tree.
public struct TargetTree: Hashable, Sendable {
    /// The parent of each unit, `-1` for a root.
    public let parent: [Int]
    /// The names used in messages, such as `青石镇`; a unit without one is called `unit 3`.
    public let names: [String]
    /// The children of each unit, in index order.
    private let childLists: [[Int]]

    /// A tree whose units are named `unit 0`, `unit 1`, … in messages.
    ///
    /// - Parameter parent: the parent index of each unit, `-1` for a root. Units must be in pre-order, so every
    ///   parent index is smaller than its child's; anything else is a programming error and traps.
    public init(parent: [Int]) {
        self.init(parent: parent, names: [])
    }

    /// A tree with names for its messages.
    ///
    /// - Parameters:
    ///   - parent: the parent index of each unit, `-1` for a root; every parent index is smaller than its child's.
    ///   - names: the name of each unit; a missing entry is shown as `unit 3`.
    public init(parent: [Int], names: [String]) {
        var lists = [[Int]](repeating: [], count: parent.count)
        for (unit, up) in parent.enumerated() {
            precondition(up >= -1 && up < unit, "TargetTree: unit \(unit) has parent \(up); units must be in pre-order")
            if up >= 0 { lists[up].append(unit) }
        }
        self.parent = parent
        self.names = names
        self.childLists = lists
    }

    /// The number of units.
    public var count: Int { parent.count }

    /// The units without a parent, in index order.
    public var roots: [Int] { parent.indices.filter { parent[$0] < 0 } }

    /// The children of `unit`, in index order.
    public func children(of unit: Int) -> [Int] { childLists[unit] }

    /// The parent of `unit`, or nil for a root.
    public func parent(of unit: Int) -> Int? { parent[unit] < 0 ? nil : parent[unit] }

    /// The name of `unit` for messages: its given name, or `unit 3`.
    public func name(of unit: Int) -> String {
        unit < names.count && !names[unit].isEmpty ? names[unit] : "unit \(unit)"
    }
}
