internal import TallyCore
internal import TallyEngine
internal import TallyQuality

/// Expected vs reported (漏报, OpenCRVS' estimate): for an element with a `reference_rate` (events per 1,000 per
/// year), expected = rate ÷ 1000 × population × days ÷ 365; a unit is flagged when the expected count lies
/// outside the exact (Garwood) Poisson interval of its reported count at the configured confidence (moderate),
/// or outside the 99.9% interval (extreme). The audited unit's reported and expected counts go to the totals.
public enum ExpectedVsReportedCheck: AuditCheck, AuditStep {
    /// A unit's reported count against the count its population implies.
    public struct Payload: FindingPayload {
        public typealias Check = ExpectedVsReportedCheck
        /// The element (with a reference rate).
        public var element: String
        /// The count reported.
        public var reported: Double
        /// The count the population and the reference rate imply.
        public var expected: Double
        /// The exact Poisson interval of the reported count at ``confidence``.
        public var interval: NumberRange
        /// The confidence of ``interval`` (0.95 by default).
        public var confidence: Double
        /// The reference rate, events per 1,000 a year.
        public var ratePerThousand: Double
        /// Expected minus reported (the reported count rounded): events that may be unreported, negative
        /// when more were reported than expected.
        public var unreported: Double
        /// The reported rate minus the reference rate, in per-mille points.
        public var rateGap: Double?

        /// Reported ÷ expected; nil when nothing is expected.
        public var ratio: Double? { expected > 0 ? reported / expected : nil }
    }

    public static let code = "expected_vs_reported"
    public static let title = CheckTitle(zh: "漏报估计", en: "Expected vs reported", table: "Expected vs reported (漏报)")

    static func run(_ audit: inout AuditRun) throws {
        let settings = audit.settings
        guard let populationCode = settings.population else { return }
        let period = audit.period
        let aggregator = audit.aggregator
        let population = try aggregator.totals(ElementReference(element: populationCode), period: period)
        for element in audit.metadata.elements {
            guard let rate = element.referenceRate else { continue }
            let reported = try aggregator.totals(ElementReference(element: element.code), period: period)
            for u in audit.units {
                guard let pop = population[u], pop > 0 else { continue }
                audit.scope.add(.expectedVsReported, element.code, units: [u])
                let count = reported[u] ?? 0
                let events = ExpectedEvents(
                    reported: Int(count.rounded()), population: pop, days: period.days, ratePerThousand: rate,
                    confidence: settings.confidence)
                if u == audit.orgUnit { audit.totals.append((element.code, count, events.expected)) }
                guard events.isUnderReported || events.isOverReported else { continue }
                let strict = PoissonInterval.garwood(count: Int(count.rounded()), confidence: 0.999)
                let extreme = events.expected > strict.high || events.expected < strict.low
                audit.add(
                    extreme ? .extreme : .moderate, unit: u, period: period,
                    Payload(
                        element: element.code, reported: count, expected: events.expected,
                        interval: NumberRange(low: events.reportedLowerLimit, high: events.reportedUpperLimit),
                        confidence: settings.confidence, ratePerThousand: rate, unreported: events.shortfall,
                        rateGap: events.rateGap))
            }
        }
    }
}

extension ExpectedVsReportedCheck.Payload {
    public var distance: Double { abs(1 - (ratio ?? 1)) }

    public var scoring: ScoreMark? {
        ScoreMark(.expectedVsReported, key: element, reach: .ownUnit)
    }

    public var sentence: Sentence {
        let name = Word.element(element)
        let reported = Word.count(self.reported)
        let expected = Word.count(self.expected)
        let rate = Word.decimal(ratePerThousand, places: 1)
        let confidence = Word.percent(self.confidence, places: 0)
        let low = Word.count(interval.low)
        let high = Word.count(interval.high)
        let range = Sentence(
            zh: "报告数的\(confidence)%区间为\(low)–\(high)",
            en: "\(confidence)% interval of the report \(low)–\(high)")
        let gap = rateGap.map { gap in
            let points = Word.decimal(abs(gap), places: 1)
            return Sentence(
                zh: "报告的率比参考值\(gap < 0 ? "低" : "高")\(points)个千分点。",
                en: " The reported rate is \(points) per-mille points \(gap < 0 ? "below" : "above") the reference.")
        }
        if self.expected > self.reported {
            let missing = Word.count(self.expected - self.reported)
            return Sentence(
                zh:
                    "\(.unit)\(.period)报告\(name)\(reported)，按人口和参考率（\(rate)‰）应约为\(expected)（\(range)），可能漏报约\(missing)。\(gap)",
                en:
                    "\(.unit) reported \(reported) \(name) in \(.period); its population and the reference rate (\(rate)‰) imply \(expected) (\(range)): about \(missing) \(name) may be unreported.\(gap)"
            )
        }
        return Sentence(
            zh:
                "\(.unit)\(.period)报告\(name)\(reported)，按人口和参考率（\(rate)‰）仅应约为\(expected)（\(range)），请核查是否重复统计或人口数有误。\(gap)",
            en:
                "\(.unit) reported \(reported) \(name) in \(.period); its population and the reference rate (\(rate)‰) imply only \(expected) (\(range)): check for double counting or a wrong population.\(gap)"
        )
    }

    public var columns: FindingColumns {
        FindingColumns(
            element: element, value: reported, expected: expected, low: interval.low, high: interval.high,
            score: ratio, unreported: unreported, rateGap: rateGap)
    }
}
