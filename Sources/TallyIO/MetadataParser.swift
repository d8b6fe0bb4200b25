public import TallyCore
internal import TallyText
internal import Yams

/// Reads a metadata file (YAML) into checked ``Metadata``.
///
/// The file has the sections `categories`, `elements`, `indicators` and `datasets`; see
/// `docs/metadata.md`. Unknown keys, wrong types, duplicate codes and references to codes that do not
/// exist are reported with the key path and line.
public struct MetadataParser: Sendable {
    /// The file name used in messages.
    public let file: String
    /// The org units the datasets' `orgunits` must name, when known; without them those codes are checked only
    /// as codes.
    public let units: OrgUnitTree?

    /// A parser whose messages name `file`, checking the units that datasets name against `units` when given.
    public init(file: String = "tally.yaml", units: OrgUnitTree? = nil) {
        self.file = file
        self.units = units
    }

    /// Sections the parser understands; later features add their own.
    public static let sections = [
        "categories", "elements", "indicators", "datasets", "campaigns", "quality", "validation_rules", "report",
        "time_zone", "capture_recapture", "review",
    ]

    /// Parses and checks a metadata document.
    public func parse(_ text: String) throws(MetadataError) -> Metadata {
        try MetadataReader(file: file, units: units).parse(text)
    }
}

/// One parse: remembers the line of each key so that messages can point at keys.
final class MetadataReader {
    let file: String
    let units: OrgUnitTree?
    var keyLines: [String: Int] = [:]
    /// The elements whose `entered_by` the file gives.
    var enteredByGiven: Set<String> = []

    init(file: String, units: OrgUnitTree? = nil) {
        self.file = file
        self.units = units
    }

    /// No tag resolution: every scalar is read as text by the sections below, so Yams' default resolver, which
    /// compiles seven regular expressions on first use and matches each plain scalar against them, was about a
    /// millisecond of every command's start-up spent on types nothing reads. Merge keys (`<<`) stay plain keys and
    /// are refused as unknown keys, like aliases. (Composing builds no Swift values, so the constructor given to
    /// Yams has empty tables; the encoding is given so that Yams does not read it from the environment.)
    static let resolver = Resolver.basic

    func parse(_ text: String) throws(MetadataError) -> Metadata {
        switch YAMLShape.check(text) {
        case .alias(let name, let line):
            throw MetadataError(
                .unsupported, file: file, keyPath: "", line: line,
                detail: Localized(
                    zh: "“*\(name)”是 YAML 别名；元数据文件不使用锚点和别名（嵌套的别名能让几行文字无限展开），请把值完整写出，或给以“*”开头的文字加引号",
                    en:
                        "'*\(name)' is a YAML alias; metadata files do not use anchors and aliases (nested aliases can make "
                        + "a few lines expand without bound), so write the value out in full, or put text that starts with '*' in quotes"
                ))
        case .tooDeep(let line):
            throw MetadataError(
                .unsupported, file: file, keyPath: "", line: line,
                detail:
                    Localized(
                        zh: "这里的 YAML 嵌套超过\(YAMLShape.maximumNesting)层；元数据只需要几层，所以这多半不是元数据文件",
                        en:
                            "the YAML nests deeper than \(YAMLShape.maximumNesting) levels here; metadata needs only a few levels, so this is probably not a metadata file"
                    )
            )
        case nil:
            break
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, Self.resolver, Constructor([:], [:], [:]), .utf8) else {
                return Metadata(categories: [], elements: [], indicators: [], datasets: [])
            }
            root = node
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let keysZh = duplicates.map { "“\($0)”" }.joined(separator: "、")
            throw MetadataError(
                .duplicateCode, file: file, keyPath: "", line: context.mark.line,
                detail: Localized(
                    zh: "\(keysZh)在同一映射中定义了两次；每个代码只能出现一次",
                    en: "\(keys) is defined twice in the same mapping; each code may appear once"))
        } catch let error as YamlError {
            throw MetadataError(
                .syntax, file: file, keyPath: "", line: Self.line(of: error),
                detail: Localized(
                    zh: "这不是有效的 YAML：\(Self.summary(of: error))",
                    en: "this is not valid YAML: \(Self.summary(of: error))"))
        } catch {
            throw MetadataError(
                .syntax, file: file, keyPath: "", line: nil,
                detail: Localized(zh: "这不是有效的 YAML：\(error)", en: "this is not valid YAML: \(error)"))
        }
        let top = try mapping(root, "")
        try checkKeys(top, "", allowed: MetadataParser.sections)
        let categories = try parseCategories(top)
        let categoryIndex = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var elements = try parseElements(top, categories: categoryIndex)
        for element in elements {
            guard let counterpart = element.verifiedBy else { continue }
            if counterpart == element.code || !elements.contains(where: { $0.code == counterpart }) {
                throw MetadataError(
                    .unknownReference, file: file, keyPath: "elements.\(element.code).verified_by",
                    line: keyLines["elements.\(element.code).verified_by"],
                    detail:
                        Localized(
                            zh: "“\(counterpart)”不是另一个数据项；应为保存核实复核数的数据项代码",
                            en:
                                "'\(counterpart)' is not another data element; expected the code of the element that holds the verified recount"
                        )
                )
            }
        }
        // A recount is entered above the reporting unit unless its element says otherwise.
        let counterparts = Set(elements.compactMap(\.verifiedBy))
        for i in elements.indices where counterparts.contains(elements[i].code) {
            if !enteredByGiven.contains(elements[i].code) { elements[i].enteredBy = .above }
        }
        let datasets = try parseDatasets(
            top, metadata: Metadata(categories: categories, elements: elements, indicators: [], datasets: []),
            categories: categoryIndex)
        try addAttributes(of: datasets, to: &elements)
        let partial = Metadata(categories: categories, elements: elements, indicators: [], datasets: [])
        let indicators = try parseIndicators(top, metadata: partial)
        let withIndicators = Metadata(
            categories: categories, elements: elements, indicators: indicators, datasets: datasets)
        let campaigns = try parseCampaigns(top, metadata: withIndicators)
        let quality = try parseQuality(top, metadata: withIndicators)
        let rules = try parseRules(top, metadata: withIndicators)
        let report = try parseReport(top, metadata: withIndicators)
        var metadata = Metadata(
            categories: categories, elements: elements, indicators: indicators, datasets: datasets,
            campaigns: campaigns, quality: quality, validationRules: rules, report: report)
        metadata.timeZone = try parseTimeZone(top)
        metadata.captureRecapture = try parseCaptureRecapture(top, metadata: withIndicators)
        metadata.review = try parseReview(top, metadata: withIndicators)
        return metadata
    }

    // MARK: Sections

    private func parseCategories(_ top: [(String, Node)]) throws(MetadataError) -> [Category] {
        guard let section = value(top, "categories") else { return [] }
        var result: [Category] = []
        for (code, node) in try mapping(section, "categories") {
            let path = "categories.\(code)"
            try checkCode(code, path: path, node: node)
            let fields = try mapping(node, path)
            try checkKeys(fields, path, allowed: ["name", "options"])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            guard let optionsNode = value(fields, "options") else {
                throw missing("options", path, node)
            }
            var options: [CategoryOption] = []
            for (optionCode, optionNode) in try mapping(optionsNode, "\(path).options") {
                let optionPath = "\(path).options.\(optionCode)"
                guard optionCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !optionCode.isEmpty else {
                    throw MetadataError(
                        .badValue, file: file, keyPath: optionPath, line: line(optionNode),
                        detail:
                            Localized(
                                zh: "“\(optionCode)”不是选项代码；只能用字母和数字（分类组合用“_”连接选项）",
                                en:
                                    "'\(optionCode)' is not an option code; expected letters and digits only (combos join options with '_')"
                            )
                    )
                }
                let optionName = try localized(optionNode, optionPath) ?? LocalizedText(optionCode)
                options.append(CategoryOption(code: optionCode, name: optionName))
            }
            if options.isEmpty {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).options", line: line(optionsNode),
                    detail: Localized(zh: "分类至少需要一个选项", en: "a category needs at least one option"))
            }
            result.append(Category(code: code, name: name, options: options))
        }
        return result
    }

    private func parseElements(
        _ top: [(String, Node)], categories: [String: Category]
    ) throws(MetadataError) -> [DataElement] {
        guard let section = value(top, "elements") else { return [] }
        var result: [DataElement] = []
        for (code, node) in try mapping(section, "elements") {
            let path = "elements.\(code)"
            try checkCode(code, path: path, node: node)
            let fields = try mapping(node, path)
            try checkKeys(
                fields, path,
                allowed: [
                    "name", "type", "aggregation", "categories", "negative", "reference_rate", "verified_by", "min",
                    "max", "entered_by",
                ])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            let type = try enumValue(value(fields, "type"), "\(path).type", ValueType.self) ?? .integer
            let aggregation =
                try enumValue(value(fields, "aggregation"), "\(path).aggregation", AggregationType.self) ?? .sum
            var categoryCodes: [String] = []
            if let list = value(fields, "categories") {
                for (i, item) in try sequence(list, "\(path).categories").enumerated() {
                    let itemPath = "\(path).categories[\(i)]"
                    let c = try string(item, itemPath)
                    guard categories[c] != nil else {
                        throw MetadataError(
                            .unknownReference, file: file, keyPath: itemPath, line: line(item),
                            detail:
                                Localized(
                                    zh: "“\(c)”不是分类；应为以下之一：\(categories.keys.sorted().joined(separator: "、"))",
                                    en:
                                        "'\(c)' is not a category; expected one of: \(categories.keys.sorted().joined(separator: ", "))"
                                )
                        )
                    }
                    if categoryCodes.contains(c) {
                        throw MetadataError(
                            .duplicateCode, file: file, keyPath: itemPath, line: line(item),
                            detail: Localized(zh: "分类“\(c)”列了两次", en: "the category '\(c)' is listed twice"))
                    }
                    categoryCodes.append(c)
                }
            }
            let negative = try bool(value(fields, "negative"), "\(path).negative") ?? false
            if negative && !type.admitsNegativeSetting {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).negative", line: line(value(fields, "negative")!),
                    detail: Localized(
                        zh: "类型 \(type.rawValue) 有自己的取值范围，不能再设 negative；只有 integer 和 number 可以",
                        en:
                            "the type \(type.rawValue) has a range of its own and takes no 'negative'; only integer and number do"
                    ))
            }
            if type.isText, let key = ["min", "max", "reference_rate"].first(where: { value(fields, $0) != nil }) {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).\(key)", line: line(value(fields, key)!),
                    detail: Localized(
                        zh: "类型 \(type.rawValue) 的值是文本，不能设 \(key)",
                        en: "the type \(type.rawValue) holds text and takes no '\(key)'"))
            }
            let rate = try number(value(fields, "reference_rate"), "\(path).reference_rate")
            if let rate, rate <= 0 {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).reference_rate",
                    line: line(value(fields, "reference_rate")!),
                    detail: Localized(
                        zh: "参考率是每千人口每年的事件数，必须大于0",
                        en: "a reference rate is events per 1,000 population per year and must be above 0"))
            }
            let verifiedBy = try value(fields, "verified_by").map { (n: Node) throws(MetadataError) in
                try string(n, "\(path).verified_by")
            }
            var element = DataElement(
                code: code, name: name, valueType: type, aggregation: aggregation, categories: categoryCodes,
                allowNegative: negative, referenceRate: rate, verifiedBy: verifiedBy)
            if let given = try entryLevel(value(fields, "entered_by"), "\(path).entered_by") {
                element.enteredBy = given
                enteredByGiven.insert(code)
            }
            element.minimum = try number(value(fields, "min"), "\(path).min")
            element.maximum = try number(value(fields, "max"), "\(path).max")
            if let low = element.minimum, let high = element.maximum, high < low {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).max", line: line(value(fields, "max")!),
                    detail: Localized(
                        zh: "最大值\(high)小于最小值\(low)", en: "the maximum \(high) is below the minimum \(low)"))
            }
            result.append(element)
        }
        return result
    }

    private func parseIndicators(_ top: [(String, Node)], metadata: Metadata) throws(MetadataError) -> [Indicator] {
        guard let section = value(top, "indicators") else { return [] }
        var result: [Indicator] = []
        for (code, node) in try mapping(section, "indicators") {
            let path = "indicators.\(code)"
            try checkCode(code, path: path, node: node)
            if metadata.element(code) != nil {
                throw MetadataError(
                    .duplicateCode, file: file, keyPath: path, line: line(node),
                    detail: Localized(
                        zh: "“\(code)”已经是数据项；指标需要自己的代码",
                        en: "'\(code)' is already a data element; an indicator needs its own code"))
            }
            let fields = try mapping(node, path)
            try checkKeys(
                fields, path, allowed: ["name", "numerator", "denominator", "factor", "decimals", "unit", "annualized"])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            let numerator = try expression(fields, "numerator", path, node, metadata)
            let denominator = try expression(fields, "denominator", path, node, metadata)
            let factor = try number(value(fields, "factor"), "\(path).factor") ?? 1
            let decimals = try integer(value(fields, "decimals"), "\(path).decimals", range: 0...10) ?? 1
            let unit = try value(fields, "unit").map { (n: Node) throws(MetadataError) in try string(n, "\(path).unit")
            }
            let annualized = try bool(value(fields, "annualized"), "\(path).annualized") ?? false
            result.append(
                Indicator(
                    code: code, name: name, numerator: numerator, denominator: denominator, factor: factor,
                    decimals: decimals, unit: unit, annualized: annualized))
        }
        return result
    }

    private func parseDatasets(
        _ top: [(String, Node)], metadata: Metadata, categories: [String: Category]
    ) throws(MetadataError) -> [DataSet] {
        guard let section = value(top, "datasets") else { return [] }
        var result: [DataSet] = []
        for (code, node) in try mapping(section, "datasets") {
            let path = "datasets.\(code)"
            try checkCode(code, path: path, node: node)
            let fields = try mapping(node, path)
            try checkKeys(
                fields, path,
                allowed: [
                    "name", "period", "level", "orgunits", "due_days", "elements", "start", "end", "approval",
                    "attributes",
                ])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            guard let periodNode = value(fields, "period") else { throw missing("period", path, node) }
            let periodText = try string(periodNode, "\(path).period")
            guard let periodType = PeriodType.named(periodText) else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).period", line: line(periodNode),
                    detail:
                        Localized(
                            zh:
                                "“\(periodText)”不是期间类型；应为以下之一：\(PeriodType.allCases.map(\.rawValue).joined(separator: "、"))",
                            en:
                                "'\(periodText)' is not a period type; expected one of: \(PeriodType.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                )
            }
            let assignment = try assignment(fields, path)
            let due = try integer(value(fields, "due_days"), "\(path).due_days", range: 0...3660) ?? 0
            guard let list = value(fields, "elements") else { throw missing("elements", path, node) }
            let codes = try elementList(list, "\(path).elements", metadata: metadata)
            let start: Day? = value(fields, "start") == nil ? nil : try day(fields, "start", path, node)
            let end: Day? = value(fields, "end") == nil ? nil : try day(fields, "end", path, node)
            if let start, let end, end < start {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).end", line: line(value(fields, "end")!),
                    detail: Localized(
                        zh: "报表的报送结束日期（\(end)）早于开始日期（\(start)）",
                        en: "the dataset's reports end (\(end)) before they start (\(start))"))
            }
            var dataset = DataSet(
                code: code, name: name, periodType: periodType, assignment: assignment, dueDays: due,
                elements: codes, start: start, end: end)
            dataset.approvalLevels = try approvalLevels(fields, path, assignment: assignment)
            dataset.attributes = try attributeCategories(fields, path, elements: codes, metadata: metadata, categories)
            result.append(dataset)
        }
        return result
    }

    private func parseCampaigns(
        _ top: [(String, Node)], metadata: Metadata
    ) throws(MetadataError) -> [CampaignDefinition] {
        guard let section = value(top, "campaigns") else { return [] }
        var result: [CampaignDefinition] = []
        for (code, node) in try mapping(section, "campaigns") {
            let path = "campaigns.\(code)"
            try checkCode(code, path: path, node: node)
            let fields = try mapping(node, path)
            try checkKeys(
                fields, path,
                allowed: [
                    "name", "element", "indicator", "threshold", "start", "end", "level", "weight", "milestones",
                    "praise", "warning",
                ])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            let start = try day(fields, "start", path, node)
            let end = try day(fields, "end", path, node)
            if end < start {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).end", line: line(value(fields, "end")!),
                    detail: Localized(
                        zh: "专项行动的结束日期（\(end)）早于开始日期（\(start)）",
                        en: "the campaign ends (\(end)) before it starts (\(start))"))
            }
            let measure: CampaignDefinition.Measure
            switch (value(fields, "element"), value(fields, "indicator")) {
            case (let e?, nil):
                let reference = try reference(e, "\(path).element", metadata)
                measure = .count(reference)
            case (nil, let i?):
                let indicator = try string(i, "\(path).indicator")
                guard metadata.indicator(indicator) != nil else {
                    throw MetadataError(
                        .unknownReference, file: file, keyPath: "\(path).indicator", line: line(i),
                        detail: Localized(
                            zh: "“\(indicator)”不是指标；应为“indicators”下的代码之一",
                            en: "'\(indicator)' is not an indicator; expected one of the codes under 'indicators'"))
                }
                guard let threshold = try number(value(fields, "threshold"), "\(path).threshold") else {
                    throw missing("threshold", path, node)
                }
                measure = .threshold(indicator: indicator, threshold: threshold)
            default:
                throw MetadataError(
                    .missingKey, file: file, keyPath: path, line: line(node),
                    detail:
                        Localized(
                            zh: "专项行动需要“element”（按目标计数）或带“threshold”的“indicator”（覆盖率阈值），二者只能选一",
                            en:
                                "a campaign needs either 'element' (a count against targets) or 'indicator' with 'threshold' (a coverage threshold), not both"
                        )
                )
            }
            let level = try integer(value(fields, "level"), "\(path).level", range: 1...20) ?? 1
            var weight = CampaignDefinition.Weight.equal
            if let w = value(fields, "weight") {
                if case .scalar(let scalar) = w {
                    guard scalar.string == "equal" else {
                        throw MetadataError(
                            .badValue, file: file, keyPath: "\(path).weight", line: line(w),
                            detail:
                                Localized(
                                    zh: "“\(scalar.string)”不是权重；应为“equal”或 {element: population, period: 2025}",
                                    en:
                                        "'\(scalar.string)' is not a weight; expected 'equal' or {element: population, period: 2025}"
                                )
                        )
                    }
                } else {
                    let weightFields = try mapping(w, "\(path).weight")
                    try checkKeys(weightFields, "\(path).weight", allowed: ["element", "period"])
                    guard let e = value(weightFields, "element") else { throw missing("element", "\(path).weight", w) }
                    guard let p = value(weightFields, "period") else { throw missing("period", "\(path).weight", w) }
                    let periodText = try string(p, "\(path).weight.period")
                    let period: Period
                    do {
                        period = try Period(periodText)
                    } catch {
                        throw MetadataError(
                            .badValue, file: file, keyPath: "\(path).weight.period", line: line(p),
                            detail: error.messages)
                    }
                    weight = .element(try reference(e, "\(path).weight.element", metadata), period)
                }
            }
            var milestones: [CampaignDefinition.Milestone] = []
            if let m = value(fields, "milestones") {
                for (dateText, shareNode) in try mapping(m, "\(path).milestones") {
                    let itemPath = "\(path).milestones.\(dateText)"
                    guard let date = Day.parse(dateText) else {
                        throw MetadataError(
                            .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                            detail: Localized(
                                zh: "“\(dateText)”不是日期；应为如 2025-12-05",
                                en: "'\(dateText)' is not a date; expected e.g. 2025-12-05"))
                    }
                    let shareText = try string(shareNode, itemPath).trimmed
                    let isPercent = shareText.hasSuffix("%")
                    guard let raw = Double(isPercent ? String(shareText.dropLast()) : shareText), raw.isFinite else {
                        throw MetadataError(
                            .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                            detail: Localized(
                                zh: "“\(shareText)”不是比例；应为如 60% 或 0.6",
                                en: "'\(shareText)' is not a share; expected e.g. 60% or 0.6"))
                    }
                    let share = isPercent ? raw / 100 : raw
                    guard share > 0 && share <= 1 else {
                        throw MetadataError(
                            .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                            detail: Localized(
                                zh: "“\(shareText)”不是0到100%之间的比例",
                                en: "'\(shareText)' is not a share between 0 and 100%"))
                    }
                    if date < start || date > end {
                        throw MetadataError(
                            .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                            detail: Localized(
                                zh: "节点 \(date) 不在专项行动期间内（\(start)至\(end)）",
                                en: "the milestone \(date) lies outside the campaign (\(start) to \(end))"))
                    }
                    if let last = milestones.last {
                        if date <= last.date {
                            throw MetadataError(
                                .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                                detail: Localized(
                                    zh: "节点日期必须递增：\(date) 排在 \(last.date) 之后",
                                    en: "milestone dates must increase: \(date) comes after \(last.date)"))
                        }
                        if share <= last.share {
                            throw MetadataError(
                                .badValue, file: file, keyPath: itemPath, line: line(shareNode),
                                detail:
                                    Localized(
                                        zh: "节点比例必须递增：\(shareText) 不大于 \(last.date) 前应完成的 \(Self.percent(last.share))",
                                        en:
                                            "milestone shares must increase: \(shareText) is not more than the \(Self.percent(last.share)) due by \(last.date)"
                                    )
                            )
                        }
                    }
                    milestones.append(CampaignDefinition.Milestone(date: date, share: share))
                }
                if let last = milestones.last, abs(last.share - 1) > 1e-9 {
                    throw MetadataError(
                        .badValue, file: file, keyPath: "\(path).milestones", line: line(m),
                        detail: Localized(
                            zh: "最后一个节点必须是100%，不能是\(Self.percent(last.share))",
                            en: "the last milestone must be 100%, not \(Self.percent(last.share))"))
                }
            }
            if case .count = measure, milestones.isEmpty {
                milestones = [CampaignDefinition.Milestone(date: end, share: 1)]
            }
            let praise = try integer(value(fields, "praise"), "\(path).praise", range: 0...100) ?? 3
            let warning = try integer(value(fields, "warning"), "\(path).warning", range: 0...100) ?? 3
            result.append(
                CampaignDefinition(
                    code: code, name: name, measure: measure, start: start, end: end, level: level, weight: weight,
                    milestones: milestones, praise: praise, warning: warning))
        }
        return result
    }

    private func parseQuality(_ top: [(String, Node)], metadata: Metadata) throws(MetadataError) -> QualitySettings {
        var settings = QualitySettings()
        guard let section = value(top, "quality") else {
            settings.population = metadata.elements.first { $0.code == "population" }?.code
            return settings
        }
        let fields = try mapping(section, "quality")
        try checkKeys(
            fields, "quality",
            allowed: [
                "population", "confidence", "verification", "completeness", "timeliness", "element_completeness",
                "outliers",
                "consistency", "coverage_thresholds",
            ])
        if let o = value(fields, "outliers") {
            let of = try mapping(o, "quality.outliers")
            try checkKeys(of, "quality.outliers", allowed: ["moderate", "extreme", "modified", "years"])
            settings.outlierModerate =
                try number(value(of, "moderate"), "quality.outliers.moderate") ?? settings.outlierModerate
            settings.outlierExtreme =
                try number(value(of, "extreme"), "quality.outliers.extreme") ?? settings.outlierExtreme
            settings.outlierModified =
                try number(value(of, "modified"), "quality.outliers.modified") ?? settings.outlierModified
            settings.outlierYears =
                try integer(value(of, "years"), "quality.outliers.years", range: 1...20) ?? settings.outlierYears
            guard settings.outlierModerate > 0, settings.outlierExtreme >= settings.outlierModerate,
                settings.outlierModified > 0
            else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.outliers", line: line(o),
                    detail:
                        Localized(
                            zh: "应满足 0 < moderate ≤ extreme 且 modified > 0，如 {moderate: 2, extreme: 3, modified: 3.5}",
                            en:
                                "expected 0 < moderate ≤ extreme and modified > 0, such as {moderate: 2, extreme: 3, modified: 3.5}"
                        )
                )
            }
        }
        if let node = value(fields, "coverage_thresholds") {
            settings.coverageThresholds = try parseCoverageThresholds(node)
        }
        if let c = value(fields, "consistency") {
            let cf = try mapping(c, "quality.consistency")
            try checkKeys(cf, "quality.consistency", allowed: ["band", "years"])
            settings.consistencyBand =
                try number(value(cf, "band"), "quality.consistency.band") ?? settings.consistencyBand
            settings.consistencyYears =
                try integer(value(cf, "years"), "quality.consistency.years", range: 1...20) ?? settings.consistencyYears
            guard settings.consistencyBand > 0 && settings.consistencyBand < 1 else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.consistency.band", line: line(c),
                    detail: Localized(zh: "应为0到1之间的比例，如 0.33", en: "expected a share between 0 and 1, such as 0.33"))
            }
        }
        for key in ["completeness", "timeliness", "element_completeness"] {
            guard let node = value(fields, key) else { continue }
            let text = try string(node, "quality.\(key)").trimmed
            let isPercent = text.hasSuffix("%")
            guard let raw = Double(isPercent ? String(text.dropLast()) : text), raw > 0 else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.\(key)", line: line(node),
                    detail: Localized(
                        zh: "“\(text)”不是比例；应为如 90% 或 0.9", en: "'\(text)' is not a share; expected e.g. 90% or 0.9"))
            }
            let share = isPercent || raw > 1 ? raw / 100 : raw
            guard share <= 1 else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.\(key)", line: line(node),
                    detail: Localized(zh: "“\(text)”超过100%", en: "'\(text)' is above 100%"))
            }
            switch key {
            case "completeness": settings.completeness = share
            case "timeliness": settings.timeliness = share
            default: settings.elementCompleteness = share
            }
        }
        if let p = value(fields, "population") {
            let code = try string(p, "quality.population")
            guard metadata.element(code) != nil else {
                throw MetadataError(
                    .unknownReference, file: file, keyPath: "quality.population", line: line(p),
                    detail: Localized(zh: "“\(code)”不是数据项", en: "'\(code)' is not a data element"))
            }
            settings.population = code
        } else {
            settings.population = metadata.element("population")?.code
        }
        if let c = try number(value(fields, "confidence"), "quality.confidence") {
            guard c > 0.5 && c < 1 else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.confidence", line: line(value(fields, "confidence")!),
                    detail: Localized(
                        zh: "置信水平在0.5到1之间，如 0.95", en: "a confidence level is between 0.5 and 1, such as 0.95"))
            }
            settings.confidence = c
        }
        if let v = value(fields, "verification") {
            let vf = try mapping(v, "quality.verification")
            try checkKeys(vf, "quality.verification", allowed: ["low", "high"])
            settings.verificationLow =
                try number(value(vf, "low"), "quality.verification.low") ?? settings.verificationLow
            settings.verificationHigh =
                try number(value(vf, "high"), "quality.verification.high") ?? settings.verificationHigh
            guard settings.verificationLow < 1 && settings.verificationHigh > 1 else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "quality.verification", line: line(v),
                    detail: Localized(
                        zh: "应为 low 小于1、high 大于1，如 {low: 0.9, high: 1.1}",
                        en: "expected low below 1 and high above 1, such as {low: 0.9, high: 1.1}"))
            }
        }
        return settings
    }

    private func parseRules(_ top: [(String, Node)], metadata: Metadata) throws(MetadataError) -> [ValidationRule] {
        guard let section = value(top, "validation_rules") else { return [] }
        var rules: [ValidationRule] = []
        for (code, node) in try mapping(section, "validation_rules") {
            let path = "validation_rules.\(code)"
            try checkCode(code, path: path, node: node)
            let fields = try mapping(node, path)
            try checkKeys(
                fields, path,
                allowed: ["name", "left", "operator", "right", "missing", "period", "level", "importance"])
            let name = try localized(value(fields, "name"), "\(path).name") ?? LocalizedText(code)
            let left = try expression(fields, "left", path, node, metadata)
            let right = try expression(fields, "right", path, node, metadata)
            guard let opNode = value(fields, "operator") else { throw missing("operator", path, node) }
            let opText = try string(opNode, "\(path).operator")
            guard let op = ValidationRule.Operator(rawValue: opText) else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).operator", line: line(opNode),
                    detail: Localized(
                        zh: "“\(opText)”不是运算符；应为以下之一：==、!=、<、<=、>、>=",
                        en: "'\(opText)' is not an operator; expected one of: ==, !=, <, <=, >, >="))
            }
            let strategy =
                try enumValue(value(fields, "missing"), "\(path).missing", ValidationRule.MissingValueStrategy.self)
                ?? .skipIfAnyMissing
            var periodType: PeriodType?
            if let p = value(fields, "period") {
                let text = try string(p, "\(path).period")
                guard let type = PeriodType.named(text) else {
                    throw MetadataError(
                        .badValue, file: file, keyPath: "\(path).period", line: line(p),
                        detail: Localized(zh: "“\(text)”不是期间类型", en: "'\(text)' is not a period type"))
                }
                periodType = type
            }
            let level = try integer(value(fields, "level"), "\(path).level", range: 1...20)
            let importance =
                try enumValue(value(fields, "importance"), "\(path).importance", ValidationRule.Importance.self) ?? .low
            rules.append(
                ValidationRule(
                    code: code, name: name, left: left, op: op, right: right, missing: strategy, periodType: periodType,
                    level: level, importance: importance))
        }
        return rules
    }

    private func parseReport(_ top: [(String, Node)], metadata: Metadata) throws(MetadataError) -> ReportSettings {
        var settings = ReportSettings()
        guard let section = value(top, "report") else { return settings }
        let fields = try mapping(section, "report")
        try checkKeys(
            fields, "report", allowed: ["title", "figures", "rank_by", "trend", "findings", "office", "number"])
        settings.title = try localized(value(fields, "title"), "report.title")
        if let node = value(fields, "office") {
            var names: [String: String] = [:]
            for (language, text) in try localized(node, "report.office")?.translations ?? [:] {
                let path = language.isEmpty ? "report.office" : "report.office.\(language)"
                names[language] = try issuerText(text, node, path, limit: 60)
            }
            settings.office = LocalizedText(translations: names)
        }
        if let node = value(fields, "number") {
            let pattern = try issuerText(try string(node, "report.number"), node, "report.number", limit: 40)
            if let problem = IssueNumber.problem(in: pattern) {
                throw MetadataError(.badValue, file: file, keyPath: "report.number", line: line(node), detail: problem)
            }
            settings.number = pattern
        }
        /// An indicator code or an element reference.
        func figure(_ node: Node, _ path: String) throws(MetadataError) -> String {
            let text = try string(node, path).trimmed
            if metadata.indicator(text) != nil { return text }
            if case .reference(let reference)? = try? Expression(parsing: "#{\(text)}"),
                metadata.validate(reference) == nil
            {
                return text
            }
            throw MetadataError(
                .unknownReference, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "“\(text)”既不是指标也不是数据项；应为如 cbr、births 或 births.male",
                    en: "'\(text)' is neither an indicator nor a data element; expected e.g. cbr, births or births.male"
                )
            )
        }
        if let node = value(fields, "figures") {
            let items = try sequence(node, "report.figures")
            for (i, item) in items.enumerated() {
                let text = try figure(item, "report.figures[\(i)]")
                if settings.figures.contains(text) {
                    throw MetadataError(
                        .duplicateCode, file: file, keyPath: "report.figures[\(i)]", line: line(item),
                        detail: Localized(zh: "“\(text)”列了两次", en: "'\(text)' is listed twice"))
                }
                settings.figures.append(text)
            }
        }
        if let node = value(fields, "rank_by") { settings.rankBy = try figure(node, "report.rank_by") }
        if let node = value(fields, "trend") { settings.trend = try figure(node, "report.trend") }
        settings.findings =
            try integer(value(fields, "findings"), "report.findings", range: 0...100) ?? settings.findings
        return settings
    }

    /// The office's name or the issue number of a bulletin: trimmed, not empty, at most `limit` characters.
    private func issuerText(_ raw: String, _ node: Node, _ path: String, limit: Int) throws(MetadataError) -> String {
        let text = raw.trimmed
        guard !text.isEmpty else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "不能为空；应为如 云溪县统计局 或 2025年第10期", en: "must not be empty; expected e.g. 云溪县统计局 or 2025年第10期"))
        }
        guard text.count <= limit else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "太长（\(text.count)个字）；最多\(limit)个字",
                    en: "is too long (\(text.count) characters); at most \(limit)"))
        }
        return text
    }

    private static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
    }

    private func day(
        _ fields: [(String, Node)], _ key: String, _ path: String, _ parent: Node
    ) throws(MetadataError) -> Day {
        guard let node = value(fields, key) else { throw missing(key, path, parent) }
        let text = try string(node, "\(path).\(key)")
        guard let day = Day.parse(text) else {
            throw MetadataError(
                .badValue, file: file, keyPath: "\(path).\(key)", line: line(node),
                detail: Localized(
                    zh: "“\(text)”不是日期；应为如 2025-12-01", en: "'\(text)' is not a date; expected e.g. 2025-12-01"))
        }
        return day
    }

    func reference(_ node: Node, _ path: String, _ metadata: Metadata) throws(MetadataError) -> ElementReference {
        let text = try string(node, path)
        guard case .reference(let reference)? = try? Expression(parsing: "#{\(text)}") else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "“\(text)”不是数据项引用；应为如 births 或 births.male",
                    en: "'\(text)' is not an element reference; expected e.g. births or births.male"))
        }
        if let problem = metadata.validate(reference) {
            throw MetadataError(.unknownReference, file: file, keyPath: path, line: line(node), detail: problem)
        }
        return reference
    }

    // MARK: Node helpers

    private func expression(
        _ fields: [(String, Node)], _ key: String, _ path: String, _ parent: Node, _ metadata: Metadata
    ) throws(MetadataError) -> Expression {
        guard let node = value(fields, key) else { throw missing(key, path, parent) }
        let text = try string(node, "\(path).\(key)")
        let parsed: Expression
        do {
            parsed = try Expression(parsing: text)
        } catch {
            throw MetadataError(
                .badExpression, file: file, keyPath: "\(path).\(key)", line: line(node), detail: error.messages)
        }
        for reference in parsed.references {
            if let problem = metadata.validate(reference) {
                throw MetadataError(
                    .unknownReference, file: file, keyPath: "\(path).\(key)", line: line(node),
                    detail: Localized(zh: "\(problem.zh)（在“\(text)”中）", en: "\(problem.en) (in \"\(text)\")"))
            }
        }
        return parsed
    }

    func checkCode(_ code: String, path: String, node: Node) throws(MetadataError) {
        let scalars = Array(code.unicodeScalars)
        let valid =
            !scalars.isEmpty && scalars.count <= 64 && scalars.first!.properties.isAlphabetic && scalars.first!.isASCII
            && scalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            }
        if !valid {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "“\(code)”不是代码；应以字母开头，后跟字母、数字或“_”（最多64个）",
                    en: "'\(code)' is not a code; expected a letter followed by letters, digits or '_' (at most 64)"))
        }
    }

    func checkKeys(_ fields: [(String, Node)], _ path: String, allowed: [String]) throws(MetadataError) {
        for (key, node) in fields where !allowed.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            throw MetadataError(
                .unknownKey, file: file, keyPath: keyPath, line: keyLines[keyPath] ?? line(node),
                detail: Localized(
                    zh: "未知的键“\(key)”；应为以下之一：\(allowed.joined(separator: "、"))",
                    en: "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))"))
        }
    }

    func missing(_ key: String, _ path: String, _ node: Node) -> MetadataError {
        MetadataError(
            .missingKey, file: file, keyPath: path, line: line(node),
            detail: Localized(zh: "缺少必需的键“\(key)”", en: "the key '\(key)' is required"))
    }

    func value(_ fields: [(String, Node)], _ key: String) -> Node? {
        fields.first { $0.0 == key }?.1
    }

    func line(_ node: Node) -> Int? { node.mark?.line }

    func mapping(_ node: Node, _ path: String) throws(MetadataError) -> [(String, Node)] {
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
        guard case .mapping(let mapping) = node else {
            throw MetadataError(
                .wrongType, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "应为键到值的映射", en: "expected a mapping of keys to values"))
        }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            if case .scalar(let k) = key, let l = key.mark?.line {
                keyLines[path.isEmpty ? k.string : "\(path).\(k.string)"] = l
            }
            guard case .scalar(let k) = key else {
                throw MetadataError(
                    .wrongType, file: file, keyPath: path, line: line(key),
                    detail: Localized(zh: "应为普通的键", en: "expected a plain key"))
            }
            if result.contains(where: { $0.0 == k.string }) {
                let keyPath = path.isEmpty ? k.string : "\(path).\(k.string)"
                throw MetadataError(
                    .duplicateCode, file: file, keyPath: keyPath, line: line(key),
                    detail: Localized(zh: "“\(k.string)”定义了两次", en: "'\(k.string)' is defined twice"))
            }
            result.append((k.string, value))
        }
        return result
    }

    func sequence(_ node: Node, _ path: String) throws(MetadataError) -> [Node] {
        guard case .sequence(let s) = node else {
            throw MetadataError(
                .wrongType, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "应为列表，如 [a, b]", en: "expected a list such as [a, b]"))
        }
        return Array(s)
    }

    func string(_ node: Node, _ path: String) throws(MetadataError) -> String {
        guard case .scalar(let s) = node else {
            throw MetadataError(
                .wrongType, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "应为文字", en: "expected a text value"))
        }
        return s.string
    }

    func localized(_ node: Node?, _ path: String) throws(MetadataError) -> LocalizedText? {
        guard let node else { return nil }
        if case .scalar(let s) = node { return LocalizedText(s.string) }
        var translations: [String: String] = [:]
        for (language, text) in try mapping(node, path) {
            translations[language] = try string(text, "\(path).\(language)")
        }
        return LocalizedText(translations: translations)
    }

    /// `unit`, `above` or a level (`2`).
    private func entryLevel(_ node: Node?, _ path: String) throws(MetadataError) -> EntryLevel? {
        guard let node else { return nil }
        let text = try string(node, path)
        switch text {
        case "unit": return .unit
        case "above": return .above
        default:
            if let level = Int(text), (1...20).contains(level) { return .level(level) }
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "不允许“\(text)”；应为 unit（本单位）、above（上级单位）或1到20的层级",
                    en: "'\(text)' is not allowed; expected unit, above, or a level from 1 to 20"))
        }
    }

    func enumValue<E: RawRepresentable & CaseIterable>(
        _ node: Node?, _ path: String, _ type: E.Type
    ) throws(MetadataError) -> E? where E.RawValue == String {
        guard let node else { return nil }
        let text = try string(node, path)
        guard let result = E(rawValue: text) else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail:
                    Localized(
                        zh: "不允许“\(text)”；应为以下之一：\(E.allCases.map(\.rawValue).joined(separator: "、"))",
                        en:
                            "'\(text)' is not allowed; expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
        }
        return result
    }

    private func bool(_ node: Node?, _ path: String) throws(MetadataError) -> Bool? {
        guard let node else { return nil }
        switch try string(node, path).lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other:
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "“\(other)”不是 true 或 false", en: "'\(other)' is not true or false"))
        }
    }

    func number(_ node: Node?, _ path: String) throws(MetadataError) -> Double? {
        guard let node else { return nil }
        let text = try string(node, path)
        guard let v = Double(text), v.isFinite else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "“\(text)”不是数字", en: "'\(text)' is not a number"))
        }
        return v
    }

    func integer(_ node: Node?, _ path: String, range: ClosedRange<Int>) throws(MetadataError) -> Int? {
        guard let node else { return nil }
        let text = try string(node, path)
        guard let v = Int(text), range.contains(v) else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail:
                    Localized(
                        zh: "不允许“\(text)”；应为\(range.lowerBound)到\(range.upperBound)之间的整数",
                        en:
                            "'\(text)' is not allowed; expected a whole number from \(range.lowerBound) to \(range.upperBound)"
                    ))
        }
        return v
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
