public import TallyCore

/// The store's id of each org unit, looked up by code.
///
/// A workspace builds it from its tree (``init(tree:ids:)``): the tree's own index of codes finds the unit and an
/// array by tree index holds its id, so opening a database builds no dictionary of codes for the ids (42,111 codes
/// at the province, on every command's start-up), and the tree's index is built when a code is first looked up. A
/// store's ``Store/catalog()`` gives one by code (``init(_:)``).
public struct OrgUnitIDs: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private enum Storage: Sendable {
        case codes([String: Int32])
        case tree(OrgUnitTree, ids: [Int32])
    }

    private let storage: Storage

    /// Ids by code.
    public init(_ codes: [String: Int32]) { storage = .codes(codes) }

    /// Ids from a literal of codes and ids.
    public init(dictionaryLiteral elements: (String, Int32)...) {
        storage = .codes(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The ids of a tree's units.
    ///
    /// - Parameter ids: the store id of each unit, by tree index (-1 for a unit the store does not know).
    public init(tree: OrgUnitTree, ids: [Int32]) {
        precondition(ids.count == tree.count, "one id for each unit of the tree")
        storage = .tree(tree, ids: ids)
    }

    /// The id of the unit with `code`, or `nil`.
    public subscript(code: String) -> Int32? {
        switch storage {
        case .codes(let codes): codes[code]
        case .tree(let tree, let ids): tree.index[code].flatMap { ids[$0] >= 0 ? ids[$0] : nil }
        }
    }

    /// The id of each unit of `tree`, by tree index (-1 for a unit without one): the array itself when these ids
    /// were built from that very tree, else one lookup a unit.
    public func ids(of tree: OrgUnitTree) -> [Int32] {
        if case .tree(let own, let ids) = storage, own.isIdentical(to: tree) { return ids }
        return tree.units.map { self[$0.code] ?? -1 }
    }

    /// Every code with its id, in no particular order.
    public func makeIterator() -> AnyIterator<(code: String, id: Int32)> {
        switch storage {
        case .codes(let codes):
            var base = codes.makeIterator()
            return AnyIterator { base.next().map { (code: $0.key, id: $0.value) } }
        case .tree(let tree, let ids):
            var base = tree.index.makeIterator()
            return AnyIterator {
                while let (code, i) = base.next() {
                    if ids[i] >= 0 { return (code: code, id: ids[i]) }
                }
                return nil
            }
        }
    }
}
