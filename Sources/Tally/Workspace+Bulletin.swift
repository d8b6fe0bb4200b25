public import TallyBulletin
public import TallyCore
public import TallyEngine
public import TallyRender
internal import TallyStore
internal import TallyTargets
public import TallyText

extension Workspace {
    /// A campaign's standing as of a day for an org unit and its children, with the targets stored by
    /// `tally targets CAMPAIGN --import`.
    ///
    /// - Throws: `BulletinError` for an unknown campaign, `TargetError` when a count campaign has no targets
    ///   or the day is before it starts.
    public func campaignStanding(
        _ code: String, asOf: Day, orgUnit: Int, scope: Scope = .children
    ) throws -> CampaignResult {
        guard let definition = metadata.campaign(code) else {
            let known = metadata.campaigns.map(\.code)
            throw BulletinError(
                .unknownCampaign,
                known.isEmpty
                    ? Localized(
                        zh: "“\(code)”不是专项行动；元数据中没有定义任何专项行动（campaigns:）",
                        en: "'\(code)' is not a campaign; the metadata defines none (campaigns:)")
                    : Localized(
                        zh: "“\(code)”不是专项行动；应为以下之一：\(known.joined(separator: "、"))",
                        en: "'\(code)' is not a campaign; expected one of: \(known.joined(separator: ", "))"))
        }
        var explicit: [Int: Int] = [:]
        for (unit, target) in try store.targets(campaign: code) {
            if let i = tree.index[unit] { explicit[i] = target }
        }
        if case .count = definition.measure, explicit.isEmpty {
            throw TargetError(
                .noTarget,
                zh: "专项行动“\(code)”还没有目标；请用“tally targets \(code) --import targets.csv”导入",
                en:
                    "the campaign '\(code)' has no targets yet; load them with 'tally targets \(code) --import targets.csv'"
            )
        }
        return try CampaignAnalysis(aggregator: engine.evaluator.aggregator)
            .run(definition, explicit: explicit, asOf: asOf, orgUnit: orgUnit, scope: scope)
    }

    /// The bulletin of an org unit for a period, with the data-quality audit and, when asked, a campaign's
    /// standing as of a day.
    public func bulletin(
        orgUnit: Int, period: Period, language: Language, preparedOn: Day, campaign: String? = nil, asOf: Day? = nil
    ) throws -> Bulletin {
        let standing = try campaign.map { try campaignStanding($0, asOf: asOf ?? preparedOn, orgUnit: orgUnit) }
        return try BulletinBuilder(engine: engine, metadata: metadata)
            .build(
                BulletinBuilder.Request(
                    orgUnit: orgUnit, period: period, language: language, preparedOn: preparedOn, campaign: standing))
    }
}
