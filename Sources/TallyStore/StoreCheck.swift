public import TallyCore

/// One check of `tally verify`: what was checked, what it looked at, and the problems found.
public struct StoreCheck: Equatable, Sendable {
    /// What was checked, such as `value blocks`.
    public var name: String
    /// What was looked at, such as `1,024 blocks, 84,452 values`; empty when there is nothing to count.
    public var scope: String
    /// The problems, one sentence each; empty when the check passed. A long list ends with a count of the
    /// problems left out.
    public var problems: [String]
    /// How many problems were found, including those left out of ``problems``.
    public var count: Int

    /// The most problems listed for one check; the rest are counted.
    public static let maxListedProblems = 50

    /// A check.
    public init(name: String, scope: String = "", problems: [String] = []) {
        self.name = name
        self.scope = scope
        self.problems = problems
        self.count = problems.count
    }

    /// Counts the problems and keeps at most ``maxListedProblems`` of them, then a line with the rest's count.
    public mutating func finish() {
        count = problems.count
        if problems.count > Self.maxListedProblems {
            let more = problems.count - Self.maxListedProblems
            problems = Array(problems.prefix(Self.maxListedProblems)) + ["… and \(more) more"]
        }
    }

    /// What `tally verify` asks of the stored metadata document, which a store cannot parse itself: given the
    /// document and the codes of the elements that have values, the problems found.
    public typealias MetadataCheck = (_ document: String, _ elementsWithValues: [String]) -> [String]

    /// Checks the stored metadata document (`nil`: none has been applied) with `metadata`; `elementsWithValues`
    /// is read only when there is a document.
    public mutating func checkMetadata(
        _ document: String?, elementsWithValues: () throws -> [String], _ metadata: MetadataCheck
    ) rethrows {
        guard let document else {
            problems.append("no metadata has been applied ('tally metadata apply FILE')")
            return
        }
        problems += metadata(document, try elementsWithValues())
    }

    /// Checks an org-unit tree given by each unit's parent (`nil` at the top) and code: counts the units and adds
    /// the ``treeProblems(parents:codes:)``.
    public mutating func checkTree(parents: [Int64: Int64?], codes: [Int64: String]) {
        scope = "\(Thousands.grouped(parents.count)) units"
        problems += Self.treeProblems(parents: parents, codes: codes)
    }

    /// The problems of an org-unit tree given by each unit's parent (`nil` at the top) and code: no unit at the
    /// top, units under a missing parent, cycles.
    public static func treeProblems(parents: [Int64: Int64?], codes: [Int64: String]) -> [String] {
        var problems: [String] = []
        if !parents.isEmpty && !parents.values.contains(where: { $0 == nil }) {
            problems.append("no unit is at the top (every unit has a parent)")
        }
        for (id, parent) in parents.sorted(by: { $0.key < $1.key }) {
            if let parent, parents[parent] == nil {
                problems.append("'\(codes[id] ?? "?")' is under a unit (id \(parent)) that does not exist")
            }
        }
        // A unit on a cycle never reaches the top.
        var reachesTop: [Int64: Bool] = [:]
        for start in parents.keys.sorted() where reachesTop[start] == nil {
            var path: [Int64] = []
            var seen = Set<Int64>()
            var cursor: Int64? = start
            var result = true
            while let id = cursor {
                if let known = reachesTop[id] {
                    result = known
                    break
                }
                if !seen.insert(id).inserted {
                    result = false
                    let cycle = path.drop(while: { $0 != id }).map { codes[$0] ?? "?" }
                    problems.append("the units \(cycle.joined(separator: " → ")) form a cycle")
                    break
                }
                path.append(id)
                guard let parent = parents[id] else {
                    result = false  // reported above as a missing parent
                    break
                }
                cursor = parent
            }
            for id in path { reachesTop[id] = result }
        }
        return problems
    }

    /// The problem of one stored period, or `nil`: its identifier must be a single period of the stored type,
    /// first and last day (day ordinals).
    public static func periodProblem(id: Int64, identifier: String, type: String, start: Int, end: Int) -> String? {
        guard let period = try? Period(identifier), period.count == 1 else {
            return "period \(id) '\(identifier)' is not a single period identifier"
        }
        if type != period.type.rawValue || start != period.start.ordinal || end != period.end.ordinal {
            return "period \(id) '\(identifier)' is stored with the wrong type or dates (\(type), \(start)–\(end))"
        }
        return nil
    }
}
