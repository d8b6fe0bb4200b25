internal import TallyCore
internal import TallyEngine
internal import TallyQuality
internal import TallyText

/// Capture–recapture (two sources): where the metadata declares `capture_recapture:` — two lists of the same
/// events and the number found on both — Chapman's estimate of the true total for each audited unit, and each
/// list's completeness (its count ÷ the estimate). A list below the threshold (90% by default) is flagged:
/// moderate, extreme 15 points below it (as the shares of reports).
/// No event on both lists (the estimate is undefined) is moderate; counts that cannot be two lists (more matched
/// than on a list) are extreme, with the reason. A unit missing any of the three counts is not judged. Not
/// counted in the score.
public enum CaptureRecaptureCheck: AuditCheck, AuditStep {
    /// A unit's two lists, their overlap and what they give.
    public struct Payload: FindingPayload {
        public typealias Check = CaptureRecaptureCheck
        /// The first list's element (its code).
        public var first: String
        /// The second list's element.
        public var second: String
        /// The counts and the estimate, or why there is none.
        public var counts: CaptureRecaptureCounts
        /// The completeness below which a list is flagged.
        public var threshold: Double

        /// The smaller of the two lists' completeness; nil without an estimate.
        public var lowestCompleteness: Double? {
            guard case .estimate(let r) = counts.outcome else { return nil }
            return min(r.firstCompleteness, r.secondCompleteness)
        }
    }

    public static let code = "capture_recapture"
    public static let title = CheckTitle(
        zh: "两来源比对", en: "Capture–recapture", table: "Capture–recapture (two sources)")

    static func run(_ audit: inout AuditRun) throws {
        guard let definition = audit.metadata.captureRecapture else { return }
        let found = try CaptureRecaptureCounts.of(audit.units, period: audit.period, aggregator: audit.aggregator)
        for u in audit.units {
            guard let counts = found[u] else { continue }
            let payload = Payload(
                first: definition.first.element, second: definition.second.element, counts: counts,
                threshold: definition.threshold)
            switch counts.outcome {
            case .impossible:
                audit.add(.extreme, unit: u, period: audit.period, payload)
            case .undefined:
                guard counts.first > 0 || counts.second > 0 else { continue }
                audit.add(.moderate, unit: u, period: audit.period, payload)
            case .estimate(let r):
                let lowest = min(r.firstCompleteness, r.secondCompleteness)
                guard lowest < definition.threshold else { continue }
                audit.add(
                    Finding.Severity.ofShare(lowest, below: definition.threshold), unit: u, period: audit.period,
                    payload)
            }
        }
    }
}

extension CaptureRecaptureCheck.Payload {
    public var distance: Double {
        guard let lowest = lowestCompleteness else { return 1 }
        return threshold - lowest
    }

    public var scoring: ScoreMark? { nil }

    public var sentence: Sentence {
        let a = Word.element(first)
        let b = Word.element(second)
        let n1 = Word.count(counts.first)
        let n2 = Word.count(counts.second)
        let m = Word.count(counts.matched)
        switch counts.outcome {
        case .impossible(let error):
            return Sentence(
                zh: "\(.unit)\(.period)的两来源比对数据不能成立：\(error.message(.zh))（\(a)\(n1)、\(b)\(n2)、两者均有\(m)）。",
                en:
                    "\(.unit)'s two lists for \(.period) cannot be right: \(error.message(.en)) (\(a) \(n1), \(b) \(n2), \(m) on both)."
            )
        case .undefined:
            return Sentence(
                zh: "\(.unit)\(.period)\(a)\(n1)、\(b)\(n2)，但两者均有的为0，无法估计实际总数，请核查比对工作。",
                en:
                    "\(.unit)'s lists for \(.period) hold \(n1) \(a) and \(n2) \(b), but none is on both: the true total cannot be estimated, so check the matching."
            )
        case .estimate(let r):
            let total = Word.count(r.total)
            let low = Word.count(r.logNormalInterval.low)
            let high = Word.count(r.logNormalInterval.high)
            let p1 = Word.percent(r.firstCompleteness, places: 1)
            let p2 = Word.percent(r.secondCompleteness, places: 1)
            let required = Word.percent(threshold, places: 0)
            let confidence = Word.percent(r.confidence, places: 0)
            let missed = Word.count(r.missedByBoth)
            return Sentence(
                zh:
                    "\(.unit)\(.period)\(a)\(n1)、\(b)\(n2)、两者均有\(m)，估计实际约\(total)（\(confidence)%区间\(low)–\(high)）：\(a)完整率\(p1)%，\(b)完整率\(p2)%，低于要求的\(required)%；两来源均未记录的约\(missed)。",
                en:
                    "\(.unit)'s lists for \(.period) hold \(n1) \(a) and \(n2) \(b), \(m) on both, so the true total is about \(total) (\(confidence)% interval \(low)–\(high)): the first holds \(p1)% of it and the second \(p2)%, below the \(required)% expected; on neither list: about \(missed)."
            )
        }
    }

    public var columns: FindingColumns {
        guard case .estimate(let r) = counts.outcome else {
            return FindingColumns(element: first, value: counts.first)
        }
        return FindingColumns(
            element: first, value: counts.first, expected: r.total, low: r.logNormalInterval.low,
            high: r.logNormalInterval.high, score: lowestCompleteness, unreported: r.missedByBoth)
    }
}
