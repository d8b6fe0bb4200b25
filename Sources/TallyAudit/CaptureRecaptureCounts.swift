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

    /// The counts and estimates of `units` over `period`; nil for a unit missing any of the three counts, or with a
    /// unit below it that has a list's count but no matched count (missing is not zero: its lists without their
    /// matches would make the pooled estimate too high); an empty list when the metadata declares no
    /// capture–recapture.
    static func of(_ units: [Int], period: Period, aggregator: Aggregator) throws -> [Int: CaptureRecaptureCounts] {
        guard let definition = aggregator.metadata.captureRecapture else { return [:] }
        let first = try aggregator.totals(definition.first, period: period)
        let second = try aggregator.totals(definition.second, period: period)
        let matched = try aggregator.totals(definition.matched, period: period)
        let tree = aggregator.tree
        // The units in each subtree with a list's count and no matched count.
        var unmatched = (0..<tree.count).map { u in
            (first[u] != nil || second[u] != nil) && matched[u] == nil ? 1 : 0
        }
        tree.addUpSubtrees(&unmatched)
        var result: [Int: CaptureRecaptureCounts] = [:]
        for u in units {
            guard let n1 = first[u], let n2 = second[u], let m = matched[u], unmatched[u] == 0 else { continue }
            result[u] = CaptureRecaptureCounts(
                first: n1, second: n2, matched: m, confidence: aggregator.metadata.quality.confidence)
        }
        return result
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
