public import TallyText

/// Everything Tally knows about what is counted: categories, data elements, indicators and datasets.
///
/// Built by the metadata parser, which checks every reference; the lookups here assume a valid whole.
public struct Metadata: Sendable {
    /// Categories in file order.
    public let categories: [Category]
    /// Data elements in file order.
    public let elements: [DataElement]
    /// Indicators in file order.
    public let indicators: [Indicator]
    /// Datasets in file order.
    public let datasets: [DataSet]
    /// Campaigns in file order.
    public let campaigns: [CampaignDefinition]
    /// Thresholds of the data-quality audit.
    public let quality: QualitySettings
    /// Validation rules in file order.
    public let validationRules: [ValidationRule]
    /// What a bulletin shows, as written in the `report:` section; see ``reportSettings`` for the defaults.
    public let report: ReportSettings
    /// The office's time zone (`time_zone`): reports are due by the end of their due day in it, and the days
    /// they were stored on are its days. UTC unless set; the parser gives the machine's zone when the file names
    /// none.
    public var timeZone: OfficeTimeZone = .utc
    /// The capture–recapture estimate (`capture_recapture:`), if declared.
    public var captureRecapture: CaptureRecaptureDefinition?
    /// What the WHO data quality review compares (`review:`).
    public var review = ReviewSettings()

    private let categoryIndex: [String: Int]
    private let elementIndex: [String: Int]
    private let indicatorIndex: [String: Int]

    /// Metadata from checked parts.
    public init(
        categories: [Category], elements: [DataElement], indicators: [Indicator], datasets: [DataSet],
        campaigns: [CampaignDefinition] = [], quality: QualitySettings = QualitySettings(),
        validationRules: [ValidationRule] = [], report: ReportSettings = ReportSettings()
    ) {
        self.report = report
        self.validationRules = validationRules
        self.campaigns = campaigns
        self.quality = quality
        self.categories = categories
        self.elements = elements
        self.indicators = indicators
        self.datasets = datasets
        categoryIndex = Dictionary(categories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        elementIndex = Dictionary(elements.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        indicatorIndex = Dictionary(indicators.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The category with this code.
    public func category(_ code: String) -> Category? { categoryIndex[code].map { categories[$0] } }
    /// A category option by code (from the first category that has it).
    public func option(_ code: String) -> CategoryOption? {
        categories.lazy.compactMap { $0.options.first { $0.code == code } }.first
    }
    /// The campaign with this code.
    public func campaign(_ code: String) -> CampaignDefinition? { campaigns.first { $0.code == code } }
    /// The element with this code.
    public func element(_ code: String) -> DataElement? { elementIndex[code].map { elements[$0] } }
    /// The indicator with this code.
    public func indicator(_ code: String) -> Indicator? { indicatorIndex[code].map { indicators[$0] } }

    /// Every category option combo of an element: the Cartesian product of its categories' options,
    /// in category order; ``CategoryOptionCombo/none`` alone for an element without categories.
    public func combos(of element: DataElement) -> [CategoryOptionCombo] {
        combos(of: element.categories)
    }

    /// The combos of an element's own categories (``DataElement/disaggregationCategories``): DHIS2's category
    /// option combos, ``CategoryOptionCombo/none`` alone for an element without them.
    public func disaggregationCombos(of element: DataElement) -> [CategoryOptionCombo] {
        combos(of: element.disaggregationCategories)
    }

    /// The combos of an element's attribute categories (DHIS2's attribute option combos);
    /// ``CategoryOptionCombo/none`` alone for an element whose data set has none.
    public func attributeCombos(of element: DataElement) -> [CategoryOptionCombo] {
        combos(of: element.attributeCategories)
    }

    /// The attribute option combos of a dataset: the combos of its attribute categories (``DataSet/attributes``),
    /// ``CategoryOptionCombo/none`` alone for a dataset without them.
    public func attributeCombos(of dataset: DataSet) -> [CategoryOptionCombo] {
        combos(of: dataset.attributes)
    }

    /// A stored combo code of `element` split into DHIS2's two: the category option combo (its own categories'
    /// options) and the attribute option combo (its data set's attribute options), each empty for the default.
    public func split(combo code: String, of element: DataElement) -> (category: String, attribute: String) {
        let count = element.attributeCategories.count
        guard count > 0, !code.isEmpty else { return (code, "") }
        let options = code.split(separator: "_", omittingEmptySubsequences: false)
        guard options.count >= count else { return (code, "") }
        return (options.dropLast(count).joined(separator: "_"), options.suffix(count).joined(separator: "_"))
    }

    /// The combo code of an element's category option combo and attribute option combo codes (either empty for the
    /// default): the options of both, in the order of the element's categories.
    public static func join(category: String, attribute: String) -> String {
        category.isEmpty ? attribute : attribute.isEmpty ? category : category + "_" + attribute
    }

    private func combos<C: Collection<String>>(of categories: C) -> [CategoryOptionCombo] {
        var result: [[String]] = [[]]
        for code in categories {
            guard let category = category(code) else { continue }
            result = result.flatMap { prefix in category.options.map { prefix + [$0.code] } }
        }
        return result.map(CategoryOptionCombo.init(options:))
    }

    /// The period types in which values of an element may be stored: those of the datasets that
    /// contain it, or every type when no dataset does.
    public func allowedPeriodTypes(of element: String) -> Set<PeriodType>? {
        let types = Set(datasets.filter { $0.elements.contains(element) }.map(\.periodType))
        return types.isEmpty ? nil : types
    }

    /// Every code an expression may reference, as `element` and `element.combo`: why this reference may not be
    /// named (not an element, no combo of it, or an element holding text, which is never added up), or nil.
    public func validate(_ reference: ElementReference) -> Localized<String>? {
        guard let element = element(reference.element) else {
            return Localized(
                zh: "“\(reference.element)”不是数据项", en: "'\(reference.element)' is not a data element")
        }
        if element.valueType.isText {
            return Localized(
                zh: "“\(element.code)”的值是文本（\(element.valueType.rawValue)），文本从不汇总，不能用于查询、指标或规则",
                en:
                    "'\(element.code)' holds text (\(element.valueType.rawValue)); text is never added up, so no query, indicator or rule may name it"
            )
        }
        if reference.options.isEmpty { return nil }
        let combos = combos(of: element)
        if !combos.contains(where: { $0.matches(reference.options) }) {
            let known = combos.map(\.code).filter { !$0.isEmpty }
            let expected =
                known.isEmpty
                ? Localized(zh: "它没有分类", en: "it has no categories")
                : Localized(
                    zh: "应为 \(known.joined(separator: "、")) 之一", en: "expected one of \(known.joined(separator: ", "))")
            return Localized(
                zh: "“\(reference)”不是“\(element.code)”的分类组合；\(expected.zh)",
                en: "'\(reference)' names no combo of '\(element.code)'; \(expected.en)")
        }
        return nil
    }
}
