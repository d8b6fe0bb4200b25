internal import TallyCore
internal import TallyText
internal import Yams

/// A data set's attribute categories (issue 16): `attributes:`, folded into its elements' categories.
extension MetadataReader {
    /// A dataset's `attributes:` — its attribute categories (DHIS2's attribute category combo) —, each a category
    /// that none of its `elements` is disaggregated by, none twice.
    func attributeCategories(
        _ fields: [(String, Node)], _ path: String, elements: [String], metadata: Metadata,
        _ categories: [String: Category]
    ) throws(MetadataError) -> [String] {
        guard let list = value(fields, "attributes") else { return [] }
        var result: [String] = []
        for (i, item) in try sequence(list, "\(path).attributes").enumerated() {
            let itemPath = "\(path).attributes[\(i)]"
            let code = try string(item, itemPath)
            guard categories[code] != nil else {
                let known = categories.keys.sorted()
                throw MetadataError(
                    .unknownReference, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(
                        zh: "“\(code)”不是分类；应为以下之一：\(known.joined(separator: "、"))",
                        en: "'\(code)' is not a category; expected one of: \(known.joined(separator: ", "))"))
            }
            if result.contains(code) {
                throw MetadataError(
                    .duplicateCode, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(zh: "属性分类“\(code)”出现了两次", en: "the attribute category '\(code)' is listed twice"))
            }
            if let element = elements.first(where: { metadata.element($0)?.categories.contains(code) == true }) {
                throw MetadataError(
                    .badValue, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(
                        zh: "数据项“\(element)”已按“\(code)”分类；同一个分类不能又作报表的属性分类",
                        en:
                            "the element '\(element)' is already disaggregated by '\(code)'; a category cannot also be an attribute category of its data set"
                    ))
            }
            result.append(code)
        }
        return result
    }

    /// Appends each element's data set's attribute categories to its categories (``DataElement/attributeCategories``).
    ///
    /// - Throws: ``MetadataError`` when an element is in two datasets with different attributes: its values could
    ///   not say which of them they carry.
    func addAttributes(of datasets: [DataSet], to elements: inout [DataElement]) throws(MetadataError) {
        var attributes: [String: (dataset: String, categories: [String])] = [:]
        for dataset in datasets {
            for element in dataset.elements {
                guard let earlier = attributes[element] else {
                    attributes[element] = (dataset.code, dataset.attributes)
                    continue
                }
                guard earlier.categories == dataset.attributes else {
                    func list(_ c: [String], _ none: String) -> String { c.isEmpty ? none : c.joined(separator: ", ") }
                    let path = "datasets.\(dataset.code).attributes"
                    throw MetadataError(
                        .badValue, file: file, keyPath: path,
                        line: keyLines[path] ?? keyLines["datasets.\(dataset.code)"],
                        detail: Localized(
                            zh:
                                "数据项“\(element)”也在报表“\(earlier.dataset)”中，而两个报表的属性分类不同（\(list(earlier.categories, "无"))与\(list(dataset.attributes, "无"))）；Tally 中一个数据项的数值只带一组属性分类（DHIS2 允许多组）。请让两个报表的 attributes 相同，或把该数据项分成两个（如 \(element) 与 \(element)_\(dataset.code)），每个报表一个，查询时用指标把两者相加",
                            en:
                                "the element '\(element)' is also in the data set '\(earlier.dataset)', whose attribute categories differ (\(list(earlier.categories, "none")) against \(list(dataset.attributes, "none"))); in Tally an element's values carry one set of attribute categories (DHIS2 allows several), so give both data sets the same attributes, or split the element in two (such as '\(element)' and '\(element)_\(dataset.code)'), one in each data set, and add them up with an indicator"
                        ))
                }
            }
        }
        for i in elements.indices {
            guard let categories = attributes[elements[i].code]?.categories, !categories.isEmpty else { continue }
            elements[i].categories += categories
            elements[i].attributeCategories = categories
        }
    }
}
