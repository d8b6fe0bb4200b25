internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Completeness of each element's data (WHO DQR: completeness of indicator data): values present ÷ values
/// expected (reporting units × expected periods × the element's combos), with zeros counted apart, judged for
/// each audited unit; flagged below `element_completeness` (moderate), extreme 15 points lower.
public enum ElementCompletenessCheck: AuditCheck, AuditStep {
    /// A unit's values of an element against those expected.
    public struct Payload: FindingPayload {
        public typealias Check = ElementCompletenessCheck
        /// The element.
        public var element: String
        /// The dataset the element was judged in (its first dataset).
        public var dataset: String
        /// Values present.
        public var present: Int
        /// Values expected.
        public var expected: Int
        /// The values present that are zero.
        public var zeros: Int
        /// The share below which a unit is flagged.
        public var threshold: Double

        /// Present ÷ expected.
        public var share: Double { Double(present) / Double(expected) }
    }

    public static let code = "element_completeness"
    public static let title = CheckTitle(
        zh: "指标数据完整性", en: "Completeness of indicator data", table: "Completeness of indicator data")

    static func run(_ audit: inout AuditRun) throws {
        let metadata = audit.metadata
        for (dataset, code, counts) in try ValueCounts.each(audit) {
            audit.scope.add(.values, code, units: counts.reporters)
            for u in audit.units {
                let values = counts.values(u)
                guard values.expected > 0 else { continue }
                let found = Payload(
                    element: code, dataset: dataset.code, present: values.present, expected: values.expected,
                    zeros: values.zeros, threshold: metadata.quality.elementCompleteness)
                guard found.share < found.threshold else { continue }
                let severity = Finding.Severity.ofShare(found.share, below: found.threshold)
                audit.add(severity, unit: u, period: audit.period, found)
            }
        }
    }
}

/// An element's values over its dataset's expected reports: per unit (added up the tree) the values expected
/// (reporting units × expected periods × combos), present and zero.
struct ValueCounts {
    /// The reporting units below the audited unit.
    let reporters: [Int]
    let expected: [Int]
    let present: [Int]
    let zeros: [Int]

    /// The counts of `unit` (a tree index).
    func values(_ unit: Int) -> ValueCompleteness {
        ValueCompleteness(expected: expected[unit], present: present[unit], zeros: zeros[unit])
    }

    /// Every element of a dataset with reports expected, each judged in its first such dataset.
    static func each(_ audit: AuditRun) throws -> [(dataset: DataSet, element: String, counts: ValueCounts)] {
        var done: Set<String> = []
        var result: [(dataset: DataSet, element: String, counts: ValueCounts)] = []
        for dataset in audit.metadata.datasets {
            let periods = audit.expectedPeriods(dataset)
            let reporters = dataset.reporters(below: audit.orgUnit, in: audit.tree)
            guard !periods.isEmpty, !reporters.isEmpty else { continue }
            for code in dataset.elements where !done.contains(code) {
                done.insert(code)
                // A text (a remark, a narrative) is no indicator data: it is optional, and not in the value blocks.
                guard let element = audit.metadata.element(code), !element.valueType.isText else { continue }
                result.append(
                    (dataset, code, try ValueCounts(element, periods: periods, reporters: reporters, audit: audit)))
            }
        }
        return result
    }

    init(_ element: DataElement, periods: [Period], reporters: [Int], audit: AuditRun) throws {
        let tree = audit.tree
        let source = audit.aggregator.source
        var storedIndex: [Period: Int] = [:]
        for (i, p) in source.storedPeriods.enumerated() { storedIndex[p] = i }
        let combos = audit.metadata.combos(of: element).count
        let isReporter = Set(reporters)
        let values = try source.values(
            element: element.code, periods: periods.compactMap { storedIndex[$0] }, within: audit.aggregator.scope)
        var present = [Int](repeating: 0, count: tree.count)
        var zeros = [Int](repeating: 0, count: tree.count)
        var expected = [Int](repeating: 0, count: tree.count)
        for i in 0..<values.count where isReporter.contains(Int(values.orgUnit[i])) {
            present[Int(values.orgUnit[i])] += 1
            if values.value[i] == 0 { zeros[Int(values.orgUnit[i])] += 1 }
        }
        for r in reporters { expected[r] = periods.count * combos }
        tree.addUpSubtrees(&present)
        tree.addUpSubtrees(&zeros)
        tree.addUpSubtrees(&expected)
        self.reporters = reporters
        self.expected = expected
        self.present = present
        self.zeros = zeros
    }
}

extension ElementCompletenessCheck.Payload {
    public var distance: Double { 1 - share }

    public var scoring: ScoreMark? { ScoreMark(.values, key: element, reach: .ownUnit) }

    public var sentence: Sentence {
        let name = Word.element(element)
        let present = Word.count(Double(self.present))
        let expected = Word.count(Double(self.expected))
        let below = Sentence.share(share, below: threshold)
        return Sentence(
            zh: "\(.unit)\(.period)\(name)应有数值\(expected)个，实有\(present)个（\(below)；其中\(.integer(zeros))个为0）。",
            en:
                "\(.unit) has \(present) of the \(expected) values of \(name) expected for \(.period) (\(below); \(.integer(zeros)) of them are zero)."
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: Double(present), expected: Double(expected), low: threshold,
            score: share, dataset: dataset, zeros: zeros)
    }
}
