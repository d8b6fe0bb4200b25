public import TallyCore
public import TallyEngine
public import TallyIO
internal import TallyStore
public import TallyTargets
public import TallyText

extension Workspace {
    /// A campaign's standing as of a day for an org unit and the units of `scope`, with the targets stored by
    /// ``importTargets(campaign:file:encoding:)``: every unit's target (explicit or split down the tree), what it
    /// achieved from the start to the day, its progress against the milestones, ranks, praise and warning lists.
    ///
    /// The bulletin, the dashboard, `tally targets`, the demo and `GET /api/targets/{campaign}` all call this.
    ///
    /// - Throws: ``CampaignError`` for an unknown campaign, a count campaign without targets, a day before the
    ///   campaign starts or targets that contradict each other; the store's errors.
    public func campaignStanding(
        _ code: String, asOf: Day, orgUnit: Int, scope: Scope = .children
    ) throws -> CampaignResult {
        let definition = try campaign(code)
        var explicit: [Int: Int] = [:]
        for (unit, target) in try store.targets(campaign: code) {
            if let i = tree.index[unit] { explicit[i] = target }
        }
        if case .count = definition.measure, explicit.isEmpty {
            throw CampaignError(
                .noTargets,
                Localized(
                    zh: "专项行动“\(code)”还没有目标；请用“tally targets \(code) --import targets.csv”导入",
                    en:
                        "the campaign '\(code)' has no targets yet; load them with 'tally targets \(code) --import targets.csv'"
                ))
        }
        return try CampaignError.wrapping {
            try CampaignAnalysis(aggregator: engine.evaluator.aggregator)
                .run(definition, explicit: explicit, asOf: asOf, orgUnit: orgUnit, scope: scope)
        }
    }

    /// Loads a campaign's targets from a CSV file `orgunit,target` (at any levels), replacing the stored ones,
    /// after checking the whole split down the tree: nothing is stored when a target is negative or children's
    /// targets add up to more than their parent's.
    ///
    /// - Parameter encoding: the file's encoding (GBK and GB18030 are converted as it is read).
    /// - Returns: the targets read and the top unit's target after the split (`nil` when none can be derived).
    /// - Throws: ``CampaignError`` for an unknown campaign or targets that contradict each other; `TargetFileError`
    ///   naming the line of a bad row; the store's errors.
    public func importTargets(
        campaign code: String, file: String, encoding: TextEncoding = .utf8
    ) throws -> TargetImport {
        let definition = try campaign(code)
        let entries = try TargetFile.read(path: file, units: Set(tree.index.keys), encoding: encoding)
        var explicit: [Int: Int] = [:]
        for entry in entries { explicit[tree.index[entry.orgUnit]!] = entry.target }
        // Check the whole split (contradictions, negative targets) before storing anything.
        let all = try CampaignError.wrapping {
            try CampaignAnalysis(aggregator: engine.evaluator.aggregator).targets(definition, explicit: explicit)
        }
        try store.replaceTargets(
            campaign: code, targets: Dictionary(uniqueKeysWithValues: entries.map { ($0.orgUnit, $0.target) }))
        let root = try unit(nil)
        return TargetImport(campaign: code, entries: entries, topUnit: root, topTarget: all[root])
    }

    /// The campaign of a code.
    ///
    /// - Throws: ``CampaignError`` naming the campaigns the metadata defines.
    public func campaign(_ code: String) throws(CampaignError) -> CampaignDefinition {
        guard let definition = metadata.campaign(code) else {
            let known = metadata.campaigns.map(\.code)
            throw CampaignError(
                .unknownCampaign,
                known.isEmpty
                    ? Localized(
                        zh: "“\(code)”不是专项行动；元数据中没有定义任何专项行动（campaigns:）",
                        en: "'\(code)' is not a campaign; the metadata defines none (campaigns:)")
                    : Localized(
                        zh: "“\(code)”不是专项行动；应为以下之一：\(known.joined(separator: "、"))",
                        en: "'\(code)' is not a campaign; expected one of: \(known.joined(separator: ", "))"))
        }
        return definition
    }
}

/// Targets loaded by ``Workspace/importTargets(campaign:file:encoding:)``.
public struct TargetImport: Sendable {
    /// The campaign's code.
    public var campaign: String
    /// The targets as read from the file.
    public var entries: [TargetFile.Entry]
    /// The top unit (tree index).
    public var topUnit: Int
    /// The top unit's target after the split; `nil` when none can be derived.
    public var topTarget: Int?
}

/// A campaign whose standing or targets cannot be given: the one error of the campaign use cases.
public struct CampaignError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: Sendable, Equatable {
        /// The metadata defines no campaign of that code.
        case unknownCampaign
        /// A count campaign has no targets stored.
        case noTargets
        /// The campaign's targets or dates do not allow it (from the target logic): a day before the start,
        /// negative or contradicting targets, milestones out of order.
        case targets(TargetError.Code)
    }

    /// What is wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    /// `campaign.unknown`, `campaign.noTargets`, or the target logic's code (`targets.contradiction`, …).
    public var errorCode: String {
        switch code {
        case .unknownCampaign: "campaign.unknown"
        case .noTargets: "campaign.noTargets"
        case .targets(let code): "targets.\(code.rawValue)"
        }
    }

    /// Runs `body`, turning the target logic's `TargetError` into a campaign error with the same sentence.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TargetError {
            throw CampaignError(.targets(error.code), error.messages)
        }
    }
}
