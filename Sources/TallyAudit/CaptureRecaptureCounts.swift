public import TallyCore
internal import TallyEngine
public import TallyQuality
public import TallyText

/// The capture–recapture estimate of one unit over a period (the metadata's `capture_recapture:`): the two lists'
/// counts, the events on both, and Chapman's estimate of the true total — or why there is none.
public struct CaptureRecaptureCounts: Sendable, Equatable {
    /// What the counts give.
    public enum Outcome: Sendable, Equatable {
        /// Chapman's estimate (`CaptureRecapture.Result`: total, variance, intervals, completeness, missed).
        case estimate(CaptureRecapture.Result)
        /// No event is on both lists (m = 0): the total cannot be estimated.
        case undefined
        /// The counts cannot be two lists of the same events (such as more matched than on a list).
        case impossible(CaptureRecaptureError)
    }

    /// The events on the first list (n1).
    public let first: Double
    /// The events on the second list (n2).
    public let second: Double
    /// The events found on both (m).
    public let matched: Double
    /// The estimate, or why there is none.
    public let outcome: Outcome

    /// Estimates the total from the counts at `confidence` (refusing impossible counts with their reason).
    public init(first: Double, second: Double, matched: Double, confidence: Double = 0.95) {
        self.first = first
        self.second = second
        self.matched = matched
        do {
            switch try CaptureRecapture.estimate(first: first, second: second, matched: matched, confidence: confidence)
            {
            case .estimate(let result): outcome = .estimate(result)
            case .undefined: outcome = .undefined
            }
        } catch {
            outcome = .impossible(CaptureRecaptureError(error))
        }
    }

    /// The counts and estimates of `units` over `period`; nil for a unit missing any of the three counts, or with
    /// lists below it that no matched count covers (missing is not zero: lists pooled without their matches would
    /// make the estimate too high); an empty list when the metadata declares no capture–recapture.
    ///
    /// A matched count stored at a unit covers the lists of its whole subtree (an office matches a town's births,
    /// reported by its villages, against the hospitals' list for the town); lists stored at a unit that neither it
    /// nor a unit above it (up to the one judged) has a matched count for are not covered.
    static func of(_ units: [Int], period: Period, aggregator: Aggregator) throws -> [Int: CaptureRecaptureCounts] {
        guard let definition = aggregator.metadata.captureRecapture else { return [:] }
        let first = try aggregator.totals(definition.first, period: period)
        let second = try aggregator.totals(definition.second, period: period)
        let matched = try aggregator.totals(definition.matched, period: period)
        let uncovered = uncoveredLists(first: first, second: second, matched: matched, tree: aggregator.tree)
        var result: [Int: CaptureRecaptureCounts] = [:]
        for u in units {
            guard let n1 = first[u], let n2 = second[u], let m = matched[u], uncovered[u] == 0 else { continue }
            result[u] = CaptureRecaptureCounts(
                first: n1, second: n2, matched: m, confidence: aggregator.metadata.quality.confidence)
        }
        return result
    }

    /// For every unit, how many units in its subtree store a list's count that no matched count at or above them
    /// (inside the subtree) covers. Totals are subtree sums, so a unit's own count is told from its children's: it
    /// has one when its total is present and differs from the sum of its children's (or none of them has any).
    static func uncoveredLists(first: [Double?], second: [Double?], matched: [Double?], tree: OrgUnitTree) -> [Int] {
        let n = tree.count
        var uncovered = [Int](repeating: 0, count: n)
        var childSums = [[Double]](repeating: [0, 0, 0], count: n)
        var childHas = [[Bool]](repeating: [false, false, false], count: n)
        let totals = [first, second, matched]
        // Pre-order: every unit's descendants come after it, so walking backwards visits children first.
        for i in stride(from: n - 1, through: 0, by: -1) {
            func own(_ k: Int) -> Bool {
                guard let total = totals[k][i] else { return false }
                return !childHas[i][k] || abs(total - childSums[i][k]) > 1e-9 * max(1, abs(total))
            }
            if own(2) {
                uncovered[i] = 0
            } else if own(0) || own(1) {
                uncovered[i] += 1
            }
            let p = Int(tree.parent[i])
            guard p >= 0 else { continue }
            uncovered[p] += uncovered[i]
            for k in 0..<3 {
                if let total = totals[k][i] {
                    childSums[p][k] += total
                    childHas[p][k] = true
                }
            }
        }
        return uncovered
    }
}

extension QualityAudit {
    /// The capture–recapture estimates of `units` over `period`, in order, as the metadata's `capture_recapture:`
    /// declares them; a unit missing any of the three counts is left out, and without a declaration the list is
    /// empty.
    public func captureRecapture(units: [Int], period: Period) throws -> [(unit: Int, counts: CaptureRecaptureCounts)] {
        let found = try CaptureRecaptureCounts.of(units, period: period, aggregator: aggregator)
        return units.compactMap { u in found[u].map { (u, $0) } }
    }
}

/// Counts that cannot be two lists of the same events, with the reason in every language (the bridge from
/// `CaptureRecapture.InputError` to `TallyError`).
public struct CaptureRecaptureError: TallyError, Equatable {
    /// The reason, with the count and the value found.
    public let input: CaptureRecapture.InputError

    /// The error for `input`.
    public init(_ input: CaptureRecapture.InputError) {
        self.input = input
    }

    /// `captureRecapture.matchedExceedsFirst` and the like.
    public var errorCode: String { input.code }

    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        func name(_ count: CaptureRecapture.Count) -> String {
            switch (count, language) {
            case (.first, .zh): "第一来源数"
            case (.second, .zh): "第二来源数"
            case (.matched, .zh): "两来源均有的数"
            case (.first, .en): "the first list's count"
            case (.second, .en): "the second list's count"
            case (.matched, .en): "the matched count"
            }
        }
        func number(_ v: Double) -> String { NumberText.exact(v) }
        switch (input, language) {
        case (.notFinite(let count, let v), .zh): return "\(name(count))为\(number(v))，应为0或正整数"
        case (.notFinite(let count, let v), .en):
            return "\(name(count)) is \(number(v)); expected a whole number of 0 or more"
        case (.tooLarge(let count, let v), .zh): return "\(name(count))\(number(v))过大，最多为2⁵³"
        case (.tooLarge(let count, let v), .en): return "\(name(count)) \(number(v)) is too large; at most 2⁵³"
        case (.negative(let count, let v), .zh): return "\(name(count))为\(number(v))，计数不能为负"
        case (.negative(let count, let v), .en): return "\(name(count)) is \(number(v)); a count cannot be negative"
        case (.notWhole(let count, let v), .zh): return "\(name(count))为\(number(v))，计数应为整数"
        case (.notWhole(let count, let v), .en): return "\(name(count)) is \(number(v)); a count must be a whole number"
        case (.matchedExceedsFirst(let m, let n1), .zh):
            return "两来源均有的数（\(number(m))）大于第一来源数（\(number(n1))），不可能成立"
        case (.matchedExceedsFirst(let m, let n1), .en):
            return "the matched count (\(number(m))) exceeds the first list's \(number(n1)), which cannot be"
        case (.matchedExceedsSecond(let m, let n2), .zh):
            return "两来源均有的数（\(number(m))）大于第二来源数（\(number(n2))），不可能成立"
        case (.matchedExceedsSecond(let m, let n2), .en):
            return "the matched count (\(number(m))) exceeds the second list's \(number(n2)), which cannot be"
        }
    }
}
