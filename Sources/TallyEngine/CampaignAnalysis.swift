public import TallyCore
public import TallyTargets

/// One unit's standing in a campaign.
public struct CampaignRow: Sendable {
    /// The unit (tree index).
    public var unit: Int
    /// Its target, explicit or derived; `nil` when none can be derived.
    public var target: Int?
    /// What it achieved from the start of the window to the as-of date (0 when nothing was reported).
    public var achieved: Double
    /// Whether anything was reported in its subtree.
    public var reported: Bool
    /// Progress against the target and the milestones (count campaigns with a target).
    public var progress: TargetProgress?
    /// The rank among siblings by share of the target achieved (1 = best; ties share a rank).
    public var rank: Int?
    /// The indicator's value over the window (threshold campaigns).
    public var value: Double?
    /// Whether the value reaches the threshold (threshold campaigns).
    public var passes: Bool?
}

/// A campaign's standing as of a date, for an org unit and the units below it.
public struct CampaignResult: Sendable {
    /// The campaign.
    public var campaign: CampaignDefinition
    /// The as-of date.
    public var asOf: Day
    /// The days counted: from the start to the as-of date (at most the end).
    public var window: Period
    /// The org unit's own row first, then the listed units by rank (units without a rank last, in tree order).
    public var rows: [CampaignRow]
    /// The best units per parent (praise list), parents in tree order.
    public var praise: [(parent: Int, units: [Int])]
    /// The lowest units per parent (warning list), parents in tree order.
    public var warning: [(parent: Int, units: [Int])]
    /// Units below the threshold (threshold campaigns), in tree order.
    public var below: [Int]
}

/// Computes campaign progress: targets split down the tree, achievement from stored values, status against
/// the milestone schedule, projections, ranks, and the praise and warning lists.
public struct CampaignAnalysis {
    /// The aggregator supplying totals.
    public let aggregator: Aggregator

    /// An analysis over an aggregator.
    public init(aggregator: Aggregator) {
        self.aggregator = aggregator
    }

    var tree: OrgUnitTree { aggregator.tree }

    var targetTree: TargetTree {
        TargetTree(parent: tree.parent.map(Int.init), names: tree.units.map(\.name))
    }

    /// Every unit's target: explicit targets kept, the rest split by the campaign's weight or summed upward.
    ///
    /// - Parameter explicit: targets by tree index.
    /// - Throws: `TargetError` for negative targets and contradictions.
    public func targets(_ campaign: CampaignDefinition, explicit: [Int: Int]) throws -> [Int?] {
        var weights: [Double?] = []
        if case .element(let reference, let period) = campaign.weight {
            weights = try aggregator.totals(reference, period: period)
        }
        return try Targets.decompose(tree: targetTree, explicit: explicit, weights: weights)
    }

    /// The campaign as the target logic sees it.
    public static func schedule(_ campaign: CampaignDefinition) throws -> Campaign {
        try Campaign(
            start: CampaignDate(daysSince1970: campaign.start.ordinal),
            end: CampaignDate(daysSince1970: campaign.end.ordinal),
            milestones: campaign.milestones.map {
                Milestone(date: CampaignDate(daysSince1970: $0.date.ordinal), share: $0.share)
            })
    }

    /// The campaign's standing as of `asOf` for `orgUnit` and the units of `scope`.
    public func run(
        _ campaign: CampaignDefinition, explicit: [Int: Int], asOf: Day, orgUnit: Int, scope: Scope = .children
    ) throws -> CampaignResult {
        if asOf < campaign.start {
            throw TargetError(
                .asOfBeforeStart,
                zh: "截至日期 \(asOf) 早于专项行动“\(campaign.code)”的开始日期（\(campaign.start)）；请选 \(campaign.start) 及以后的日期",
                en:
                    "the as-of date \(asOf) is before the campaign '\(campaign.code)' starts (\(campaign.start)); choose a date from \(campaign.start) on"
            )
        }
        let window = try campaign.window(upTo: asOf)
        let listed: [Int]
        switch scope {
        case .unit: listed = []
        case .children: listed = tree.children(orgUnit)
        case .level(let level): listed = tree.descendants(of: orgUnit, atLevel: level).filter { $0 != orgUnit }
        case .list(let units): listed = units.filter { $0 != orgUnit }
        }
        let units = [orgUnit] + listed
        switch campaign.measure {
        case .threshold(let indicator, let threshold):
            let figures = try Evaluator(aggregator: aggregator).figures(.indicator(indicator), period: window)
            let rows = units.map { u in
                CampaignRow(
                    unit: u, target: nil, achieved: 0, reported: figures[u].value != nil, progress: nil, rank: nil,
                    value: figures[u].value, passes: Targets.passes(value: figures[u].value, threshold: threshold))
            }
            let ranks = Ranking.competition(listed.map { figures[$0].value })
            var result = CampaignResult(
                campaign: campaign, asOf: asOf, window: window, rows: rows, praise: [], warning: [],
                below: listed.filter { Targets.passes(value: figures[$0].value, threshold: threshold) == false })
            for i in listed.indices { result.rows[i + 1].rank = ranks[i] }
            return result
        case .count(let reference):
            let targets = try self.targets(campaign, explicit: explicit)
            let totals = try aggregator.totals(reference, period: window)
            let achieved = totals.map { $0 ?? 0 }
            let schedule = try Self.schedule(campaign)
            let date = CampaignDate(daysSince1970: asOf.ordinal)
            let siblingRanks = Targets.siblingRanks(tree: targetTree, targets: targets, achieved: achieved)
            var rows = try units.map { u in
                let progress = try targets[u].map {
                    try Targets.progress(target: $0, achieved: achieved[u], asOf: date, campaign: schedule)
                }
                return CampaignRow(
                    unit: u, target: targets[u], achieved: achieved[u], reported: totals[u] != nil, progress: progress,
                    rank: u == orgUnit ? nil : siblingRanks[u])
            }
            rows[1...].sort { ($0.rank ?? .max, $0.unit) < ($1.rank ?? .max, $1.unit) }
            let parents = Set(listed.map { Int(tree.parent[$0]) })
            let praise = Targets.praise(campaign.praise, tree: targetTree, targets: targets, achieved: achieved)
            let warning = Targets.warning(campaign.warning, tree: targetTree, targets: targets, achieved: achieved)
            let order = parents.sorted()
            return CampaignResult(
                campaign: campaign, asOf: asOf, window: window, rows: rows,
                praise: order.compactMap { p in praise[p].map { (p, $0) } },
                warning: order.compactMap { p in warning[p].map { (p, $0) } },
                below: [])
        }
    }
}
