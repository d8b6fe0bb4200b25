internal import TallyCore
internal import TallyIO
internal import TallyText

/// The combo of a value of an element whose data set has attribute categories (issue 16).
extension DataValueImporter {
    /// The store id of the combo a row names for an element whose data set has attribute categories: its category
    /// option combo (field 3, column `ci`) and attribute option combo (field 4, column `ai`), joined in the order of
    /// the element's categories; or Tally's own combo code in field 3 with no attribute option combo (as the entry
    /// form and the API name it). `code` reads a field's code through the scheme or mapping (empty: the default).
    ///
    /// - Throws: an issue at field 4 (`attributeCombo`) for an attribute option combo that is missing or not one of
    ///   the element's, at field 3 (`unknownCombo`) for a category option combo that is not one of its.
    func attributedCombo(
        _ info: ElementInfo, _ ci: Int?, _ ai: Int?, _ r: CSVRecord,
        _ code: (String, Int) throws(ImportIssue) -> String,
        _ issue: (ImportIssue.Code, Int, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> Int32 {
        let element = info.element
        let categories = Localized(
            zh: element.attributeCategories.joined(separator: "、"),
            en: element.attributeCategories.joined(separator: ", "))
        let expected = Localized(
            zh: info.attributeCombos.joined(separator: "、"), en: info.attributeCombos.joined(separator: ", "))
        var category = ""
        if let ci, !r.isEmpty(ci) {
            category = try info.categoryCache.resolve(r, ci) { (raw: String) throws(ImportIssue) -> String in
                try code(raw, 3)
            }
        }
        var attribute = ""
        if let ai, !r.isEmpty(ai) {
            attribute = try info.attributeCache.resolve(r, ai) { (raw: String) throws(ImportIssue) -> String in
                let found = try code(raw, 4)
                guard found.isEmpty || info.attributeCombos.contains(found) else {
                    let mapped =
                        found == raw ? .empty : Localized(zh: "（即“\(found)”）", en: " ('\(found)')")
                    throw issue(
                        .attributeCombo, 4,
                        Localized(
                            zh:
                                "“\(raw)”\(mapped.zh)不是“\(element.code)”的属性选项组合（其报表的属性分类：\(categories.zh)）；应为以下之一：\(expected.zh)",
                            en:
                                "'\(raw)'\(mapped.en) is not an attribute option combo of '\(element.code)' (its data set's attribute categories: \(categories.en)); expected one of: \(expected.en)"
                        ))
                }
                return found
            }
        }
        if attribute.isEmpty {
            // Tally's own code of the whole combo (male_partnerA), as the entry form and the API write it.
            if !category.isEmpty, let id = info.combos[category] { return id }
            throw issue(
                .attributeCombo, 4,
                Localized(
                    zh: "“\(element.code)”的报表有属性分类（\(categories.zh)），数值必须给出属性选项组合；应为以下之一：\(expected.zh)",
                    en:
                        "the data set of '\(element.code)' has attribute categories (\(categories.en)), so a value needs an attribute option combo; expected one of: \(expected.en)"
                ))
        }
        if let id = info.combos[Metadata.join(category: category, attribute: attribute)],
            info.categoryCombos.contains(category)
        {
            return id
        }
        let own = info.categoryCombos.filter { !$0.isEmpty }
        throw issue(
            .unknownCombo, 3,
            own.isEmpty
                ? Localized(
                    zh: "“\(category)”不是“\(element.code)”的分类组合；它没有分类，请留空或写“default”",
                    en:
                        "'\(category)' is not a category option combo of '\(element.code)'; it has no categories, so leave it empty or 'default'"
                )
                : category.isEmpty
                    ? Localized(
                        zh: "“\(element.code)”是分类的；应为以下之一：\(own.joined(separator: "、"))",
                        en: "'\(element.code)' is disaggregated; expected one of: \(own.joined(separator: ", "))")
                    : Localized(
                        zh: "“\(category)”不是“\(element.code)”的分类组合；应为以下之一：\(own.joined(separator: "、"))",
                        en:
                            "'\(category)' is not a category option combo of '\(element.code)'; expected one of: \(own.joined(separator: ", "))"
                    ))
    }
}
