public import TallyCore
internal import TallyIO
public import TallyText

/// A DHIS2 metadata file that cannot be converted at all.
public struct MetadataConversionError: TallyError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// Not well-formed JSON, or not readable.
        case syntax
        /// Well-formed, but not a DHIS2 metadata export (no object, no known collection).
        case notMetadata
        /// The org units do not make a tree (a cycle, a duplicate code).
        case orgUnits
    }

    /// What is wrong.
    public let code: Code
    /// The file.
    public let file: String
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error.
    public init(_ code: Code, file: String, detail: Localized<String>) {
        self.code = code
        self.file = file
        self.details = detail
    }

    public var errorCode: String { "dhis2.\(code.rawValue)" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String { Localized.placed(file, details)(language) }
}

/// What a DHIS2 metadata file became: a Tally metadata file, an org-unit file, a mapping file, and the list of
/// what could not be translated (never dropped silently).
public struct DHIS2MetadataConversion: Sendable {
    /// Something of the DHIS2 file that Tally left out or changed.
    public struct Note: Sendable, Equatable, CustomStringConvertible {
        /// Whether the object was left out, or kept with a change of meaning.
        public enum Kind: String, Sendable {
            /// Left out: Tally has nothing like it.
            case skipped
            /// Kept, with a difference spelled out in ``Note/reason``.
            case approximated
        }

        /// Left out or changed.
        public var kind: Kind
        /// The DHIS2 collection, such as `indicators`.
        public var collection: String
        /// The DHIS2 identifier (UID, or code when there is no UID).
        public var id: String
        /// The DHIS2 name.
        public var name: String
        /// Why, in every language.
        public var reason: Localized<String>

        /// The note in English: `skipped: indicators abc 'Name': why`.
        public var description: String { text(.en) }

        /// The note in `language`: what was done, the DHIS2 collection, identifier and name, and why.
        public func text(_ language: Language) -> String {
            let what = Localized(zh: kind == .skipped ? "未转换" : "近似转换", en: kind.rawValue)(language)
            let object = "\(collection)\(id.isEmpty ? "" : " \(id)")\(name.isEmpty ? "" : " '\(name)'")"
            return Localized(zh: "\(what)：\(object)：\(reason.zh)", en: "\(what): \(object): \(reason.en)")(language)
        }
    }

    /// The Tally metadata file (YAML).
    public var yaml: String
    /// The org-unit file (CSV `code,name,parent`).
    public var orgUnitsCSV: String
    /// The mapping file (CSV `kind,dhis2,tally`).
    public var mappingCSV: String
    /// What could not be translated, or was translated with a difference.
    public var notes: [Note]
    /// How many objects of each Tally kind were written (`elements`, `orgunits`, …).
    public var counts: [String: Int]
}

/// Converts a DHIS2 metadata export (`/api/metadata` JSON) into Tally's files.
///
/// - `organisationUnits` → org units (`code`, else the UID, as the Tally code; parents from `parent` or `path`).
/// - `categoryOptions`, `categories`, `categoryCombos` → categories with option codes of letters and digits;
///   `categoryOptionCombos` → the mapping of combo UIDs to Tally's combo codes (options joined with `_`).
/// - `dataElements` → elements: valueType `INTEGER_ZERO_OR_POSITIVE` → `integer`, `INTEGER` and `NUMBER` →
///   `integer`/`number` with `negative: true`, `INTEGER_POSITIVE`, `INTEGER_NEGATIVE`, `PERCENTAGE`,
///   `UNIT_INTERVAL`, `BOOLEAN`, `TRUE_ONLY`, `TEXT`, `LONG_TEXT` → the Tally type of that name (an indicator or
///   rule naming a text element is left out with a note: a text is never added up); aggregationType → the Tally
///   type of the same name in lower case (`SUM`, `AVERAGE`, `AVERAGE_SUM_ORG_UNIT`, `LAST`, `LAST_AVERAGE_ORG_UNIT`,
///   `LAST_IN_PERIOD`, `LAST_IN_PERIOD_AVERAGE_ORG_UNIT`, `FIRST`, `FIRST_AVERAGE_ORG_UNIT`, `MIN`, `MAX`, `COUNT`,
///   `STDDEV`, `VARIANCE`, `NONE`).
/// - `indicators` → indicators: `#{uid}`, `#{uid.coc}`, `#{uid.*}` become `#{code}` and `#{code.option…}`;
///   the factor is the `indicatorType`'s; constants `C{uid}` of the file are put in as numbers.
/// - `validationRules` → validation rules; `dataSets` → datasets (period type, elements, `timelyDays` as
///   `due_days`, and who reports them from their `organisationUnits`: `level: N` when those are every unit of one
///   level, else `orgunits:` listing them, so a data set assigned to units at several depths is expected from
///   exactly those units; units not in the file are left out with a note).
///
/// Codes are DHIS2's `code` when it is a valid Tally code, otherwise derived from the code or name. Anything
/// else — tracker data elements, text and boolean values, program indicators, `d2:` functions, `R{…}`
/// reporting rates, unknown period types — is listed in ``DHIS2MetadataConversion/notes``. A data set's attribute
/// `categoryCombo` (a funding mechanism, a partner) becomes its `attributes:`, and its attribute option combos rows of
/// the mapping (kind `combo`), as for category option combos.
public enum DHIS2MetadataConverter {
    /// DHIS2's aggregation types Tally has under the same name in lower case.
    static let exactAggregations: Set<String> = [
        "AVERAGE", "AVERAGE_SUM_ORG_UNIT", "LAST", "LAST_AVERAGE_ORG_UNIT", "LAST_IN_PERIOD",
        "LAST_IN_PERIOD_AVERAGE_ORG_UNIT", "FIRST", "FIRST_AVERAGE_ORG_UNIT", "MIN", "MAX", "COUNT", "STDDEV",
        "VARIANCE", "NONE",
    ]

    /// Converts the metadata file at `path`.
    ///
    /// - Throws: ``MetadataConversionError``.
    public static func convert(path: String) throws(MetadataConversionError) -> DHIS2MetadataConversion {
        let input: TextInput
        do {
            input = try TextInput(path: path)
        } catch {
            throw MetadataConversionError(.syntax, file: path, detail: error.messages)
        }
        return try convert(input: input, name: path)
    }

    /// Converts metadata JSON held in memory.
    public static func convert(bytes: [UInt8], name: String) throws(MetadataConversionError) -> DHIS2MetadataConversion
    {
        try convert(input: TextInput(bytes: bytes, name: name), name: name)
    }

    static func convert(input: TextInput, name: String) throws(MetadataConversionError) -> DHIS2MetadataConversion {
        let document: JSONDocument
        do {
            document = try JSONDocument.parse(input)
        } catch {
            throw MetadataConversionError(
                .syntax, file: name,
                detail: Localized(
                    zh: "第\(error.line)行第\(error.column)个字符：\(error.details.zh)",
                    en: "line \(error.line), column \(error.column): \(error.details.en)"))
        }
        guard case .object(let members) = document else {
            throw MetadataConversionError(
                .notMetadata, file: name,
                detail: Localized(
                    zh: "文件不是 JSON 对象；应为 DHIS2 元数据导出文件",
                    en: "the file is not a JSON object; expected a DHIS2 metadata export"))
        }
        let known = [
            "organisationUnits", "dataElements", "categoryCombos", "categories", "categoryOptions",
            "categoryOptionCombos", "indicators", "indicatorTypes", "validationRules", "dataSets", "constants",
        ]
        guard members.contains(where: { known.contains($0.0) }) else {
            throw MetadataConversionError(
                .notMetadata, file: name,
                detail: Localized(
                    zh: "文件中没有 \(known.joined(separator: "、")) 中的任何一项；应为 DHIS2 元数据导出文件（/api/metadata）",
                    en:
                        "the file has none of \(known.joined(separator: ", ")); expected a DHIS2 metadata export (/api/metadata)"
                ))
        }
        var converter = Converter(document: document, file: name)
        return try converter.run(otherCollections: members.map(\.0).filter { !known.contains($0) })
    }
}

/// The state of one conversion.
private struct Converter {
    let document: JSONDocument
    let file: String
    var notes: [DHIS2MetadataConversion.Note] = []
    var mapping: [(String, String, String)] = []
    var yaml = ""

    // Translated objects by DHIS2 UID.
    var optionCode: [String: String] = [:]  // option uid → option code
    var optionCategory: [String: String] = [:]  // option uid → category uid (first)
    var categoryCode: [String: String] = [:]
    var categoryOptions: [String: [String]] = [:]  // category uid → option uids
    var comboCategories: [String: [String]] = [:]  // category combo uid → category uids
    var defaultCombos: Set<String> = []
    var elementCode: [String: String] = [:]
    /// The UIDs of the elements converted as `text` or `long_text`, which no indicator or rule may name.
    var textElements: Set<String> = []
    var elementCombo: [String: String] = [:]  // element uid → category combo uid ("" for none)
    var cocOptions: [String: [String]] = [:]  // coc uid → option codes in category order ([] for default)
    var cocCombo: [String: String] = [:]
    var inferredDefault: Set<String> = []
    var unitCode: [String: String] = [:]
    var unitIndex: [String: Int] = [:]  // unit uid → index in `units`
    var units: OrgUnitTree?  // the converted org units
    var usedCodes: Set<String> = []  // elements and indicators share a namespace
    var constants: [String: Double] = [:]
    var missingCombos: [String: Int] = [:]
    var attributeCombos: Set<String> = []  // category combo uids of dataDimensionType ATTRIBUTE
    var elementAttributes: [String: [String]] = [:]  // element uid → attribute category uids of its data set
    var dataSetPlans: [String: DataSetPlan] = [:]  // data set uid → its attribute categories and elements

    /// What a data set becomes: its attribute category uids and the uids of the elements it keeps (those not also
    /// in an earlier data set with other attribute categories).
    struct DataSetPlan {
        var attributes: [String]
        var elements: [String]
    }

    init(document: JSONDocument, file: String) {
        self.document = document
        self.file = file
    }

    mutating func note(
        _ kind: DHIS2MetadataConversion.Note.Kind, _ collection: String, _ object: JSONDocument,
        _ reason: Localized<String>
    ) {
        let id = object.string("id") ?? object.string("code") ?? ""
        notes.append(
            .init(kind: kind, collection: collection, id: id, name: object.string("name") ?? "", reason: reason))
    }

    mutating func run(otherCollections: [String]) throws(MetadataConversionError) -> DHIS2MetadataConversion {
        var counts: [String: Int] = [:]
        for constant in document["constants"]?.items ?? [] {
            if let id = constant.string("id"), let value = constant.number("value") { constants[id] = value }
        }
        let orgUnits = try convertOrgUnits(&counts)
        convertCategories(&counts)
        convertElements(&counts)
        for (combo, count) in missingCombos.sorted(by: { $0.key < $1.key }) {
            notes.append(
                .init(
                    kind: .approximated, collection: "categoryCombos", id: combo, name: "",
                    reason: Localized(
                        zh: "有\(count)个数据元素使用它，但文件中没有；按 DHIS2 的默认组合（无分类）处理",
                        en:
                            "used by \(count) data element\(count == 1 ? "" : "s") but not in the file; taken as DHIS2's default (no categories)"
                    )))
        }
        convertCombos()
        planDataSets()
        convertIndicators(&counts)
        convertDataSets(&counts)
        convertValidationRules(&counts)
        for collection in otherCollections where !["date", "system"].contains(collection) {
            let count = document[collection]?.items.count ?? 0
            notes.append(
                .init(
                    kind: .skipped, collection: collection, id: "", name: "",
                    reason: Localized(
                        zh: "\(count)个对象，Tally 没有与之对应的种类",
                        en: "\(count) object\(count == 1 ? "" : "s") of a kind Tally has no equivalent for")))
        }
        for uid in inferredDefault.sorted() where cocOptions[uid] == nil {
            mapping.append(("combo", uid, "default"))
        }
        var mappingCSV = "kind,dhis2,tally\n"
        var seen: Set<String> = []
        for (kind, dhis2, tally) in mapping where dhis2 != tally && seen.insert("\(kind) \(dhis2)").inserted {
            mappingCSV += "\(Escape.csvField(kind)),\(Escape.csvField(dhis2)),\(Escape.csvField(tally))\n"
        }
        return DHIS2MetadataConversion(
            yaml: "# Converted from the DHIS2 metadata file \(file) by tally metadata convert.\n" + yaml,
            orgUnitsCSV: orgUnits, mappingCSV: mappingCSV, notes: notes, counts: counts)
    }

    // MARK: Org units

    mutating func convertOrgUnits(_ counts: inout [String: Int]) throws(MetadataConversionError) -> String {
        let units = document["organisationUnits"]?.items ?? []
        var used: Set<String> = []
        var parentOf: [String: String] = [:]
        var keys: [String] = []
        for (i, unit) in units.enumerated() {
            let key = unit.string("id") ?? "#\(i)"
            keys.append(key)
            var code = unit.string("code").map(\.trimmingSpaces) ?? ""
            if code.isEmpty || code.contains(where: { $0 == "," || $0 == "\n" || $0 == "\"" }) {
                code = unit.string("id") ?? derived(unit.string("name") ?? "", prefix: "ou_")
            }
            code = unique(code, in: &used)
            unitCode[key] = code
            if let parent = unit.reference("parent") {
                parentOf[key] = parent
            } else if let path = unit.string("path") {
                let ids = path.split(separator: "/").map(String.init)
                if ids.count >= 2 { parentOf[key] = ids[ids.count - 2] }
            }
            if let id = unit.string("id") { mapping.append(("orgunit", id, code)) }
            if let dhis2Code = unit.string("code"), dhis2Code != code { mapping.append(("orgunit", dhis2Code, code)) }
        }
        var rows: [(fields: [String], location: Localized<String>)] = [
            (["code", "name", "parent"], Localized(verbatim: "\(file), organisationUnits"))
        ]
        // Units without a parent in the file: one is the top unit; several would be several trees.
        var tops: [(unit: JSONDocument, parent: String?)] = []
        for (i, unit) in units.enumerated() {
            let key = keys[i]
            var parentCode = ""
            if let parent = parentOf[key], let code = unitCode[parent] {
                parentCode = code
            } else {
                tops.append((unit, parentOf[key]))
            }
            let name = unit.string("name") ?? unitCode[key]!
            rows.append(([unitCode[key]!, name, parentCode], Localized(verbatim: "\(file), organisationUnits[\(i)]")))
        }
        if tops.count > 1 {
            let shown = tops.prefix(10).map { top -> Localized<String> in
                let id = top.unit.string("id") ?? top.unit.string("code") ?? ""
                let name = top.unit.string("name")
                return Localized(
                    zh: "\(id)\(name.map { "“\($0)”" } ?? "")（" + (top.parent.map { "上级 \($0) 不在文件中" } ?? "没有上级") + "）",
                    en: "\(id)\(name.map { " '\($0)'" } ?? "") ("
                        + (top.parent.map { "parent \($0) not in the file" } ?? "no parent") + ")")
            }
            let more =
                tops.count > 10 ? Localized(zh: "等（另有\(tops.count - 10)个）", en: " and \(tops.count - 10) more") : .empty
            let missing = Set(tops.compactMap(\.parent)).sorted()
            let add =
                missing.isEmpty
                ? Localized.empty
                : Localized(
                    zh: "（\(missing.prefix(5).joined(separator: "、"))\(missing.count > 5 ? "、…" : "")）",
                    en: " (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : ""))")
            throw MetadataConversionError(
                .orgUnits, file: file,
                detail: Localized(
                    zh:
                        "有\(tops.count)个组织机构会成为最上级单位，因为它们的上级不在文件中：\(shown.map(\.zh).joined(separator: "、"))\(more.zh)；Tally 把所有数字汇总到唯一的最上级单位。请连同它们上面的单位\(add.zh)一直到一个共同的单位重新导出元数据（在 DHIS2 中勾选包含组织机构的上级），或去掉不属于这里的单位",
                    en:
                        "\(tops.count) organisation units would be top units, because their parents are not in the file: \(shown.map(\.en).joined(separator: ", "))\(more.en); Tally adds every figure up to one top unit. Export the metadata again with the units above them\(add.en) up to one common unit (in DHIS2, include the ancestors of the organisation units), or leave out the units that do not belong"
                ))
        }
        if let top = tops.first, let parent = top.parent {
            note(
                .approximated, "organisationUnits", top.unit,
                Localized(
                    zh: "其上级 \(parent) 不在文件中；它成为最上级单位",
                    en: "its parent \(parent) is not in the file; it is the top unit"))
        }
        let tree: OrgUnitTree
        do {
            tree = try OrgUnitFile.read(rows: rows, name: file).tree
        } catch let error as any TallyError {
            throw MetadataConversionError(.orgUnits, file: file, detail: error.messages)
        } catch {
            throw MetadataConversionError(.orgUnits, file: file, detail: Localized(verbatim: "\(error)"))
        }
        for (key, code) in unitCode {
            if let index = try? tree.unit(code) { unitIndex[key] = index }
        }
        self.units = tree
        counts["orgunits"] = units.count
        var out = "code,name,parent\n"
        for row in rows.dropFirst() { out += row.fields.map { Escape.csvField($0) }.joined(separator: ",") + "\n" }
        return out
    }

    // MARK: Categories

    mutating func convertCategories(_ counts: inout [String: Int]) {
        let options = Dictionary(
            (document["categoryOptions"]?.items ?? []).compactMap { o in o.string("id").map { ($0, o) } },
            uniquingKeysWith: { a, _ in a })
        var usedCategories: Set<String> = []
        var section = ""
        for category in document["categories"]?.items ?? [] {
            guard let id = category.string("id") else { continue }
            if category.string("name") == "default" { continue }
            let code = unique(
                validCode(category.string("code")) ?? derived(category.string("code") ?? category.string("name") ?? id),
                in: &usedCategories)
            var usedOptions: Set<String> = []
            var lines: [String] = []
            var optionIDs: [String] = []
            for ref in category["categoryOptions"]?.items ?? [] {
                guard let optionID = ref.string("id") else { continue }
                let option = options[optionID] ?? ref
                let raw = option.string("code") ?? option.string("name") ?? optionID
                var optionCodeText = String(raw.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
                if optionCodeText.isEmpty { optionCodeText = "o\(optionIDs.count + 1)" }
                optionCodeText = unique(optionCodeText, in: &usedOptions, separator: "")
                optionCode[optionID] = optionCodeText
                if optionCategory[optionID] == nil { optionCategory[optionID] = id }
                optionIDs.append(optionID)
                lines.append("      \(optionCodeText): \(Escape.yaml(option.string("name") ?? optionCodeText))")
                mapping.append(("option", optionID, optionCodeText))
                if let c = option.string("code") { mapping.append(("option", c, optionCodeText)) }
            }
            guard !optionIDs.isEmpty else {
                note(.skipped, "categories", category, Localized(zh: "它没有选项", en: "it has no options"))
                continue
            }
            categoryCode[id] = code
            categoryOptions[id] = optionIDs
            mapping.append(("category", id, code))
            if let c = category.string("code") { mapping.append(("category", c, code)) }
            section += "  \(code):\n    name: \(Escape.yaml(category.string("name") ?? code))\n    options:\n"
            section += lines.joined(separator: "\n") + "\n"
        }
        for combo in document["categoryCombos"]?.items ?? [] {
            guard let id = combo.string("id") else { continue }
            if combo.string("name") == "default" {
                defaultCombos.insert(id)
                continue
            }
            let categories = (combo["categories"]?.items ?? []).compactMap { $0.string("id") }
            // An attribute combo's categories are a data set's attributes (`attributes:`), its combos attribute
            // option combos.
            if combo.string("dataDimensionType") == "ATTRIBUTE" { attributeCombos.insert(id) }
            comboCategories[id] = categories.filter { categoryCode[$0] != nil }
        }
        counts["categories"] = categoryCode.count
        if !section.isEmpty { yaml += "categories:\n" + section }
    }

    /// The categories of an element's combo; `nil` when the combo cannot be used.
    mutating func categories(ofCombo id: String?, _ element: JSONDocument) -> [String]? {
        guard let id, !defaultCombos.contains(id) else { return [] }
        guard let categories = comboCategories[id], !attributeCombos.contains(id) else {
            if (document["categoryCombos"]?.items ?? []).contains(where: { $0.string("id") == id }) {
                note(
                    .skipped, "dataElements", element,
                    Localized(
                        zh: "其分类组合 \(id) 只有属性分类",
                        en: "its category combo \(id) uses attribute categories only"))
                return nil
            }
            missingCombos[id, default: 0] += 1
            return []
        }
        return categories
    }

    // MARK: Elements

    mutating func convertElements(_ counts: inout [String: Int]) {
        var section = ""
        for element in document["dataElements"]?.items ?? [] {
            guard let id = element.string("id") else { continue }
            if let domain = element.string("domainType"), domain != "AGGREGATE" {
                note(
                    .skipped, "dataElements", element,
                    Localized(
                        zh: "追踪（\(domain.lowercased())）数据元素；Tally 只存汇总数",
                        en: "a tracker (\(domain.lowercased())) data element; Tally holds aggregate counts"))
                continue
            }
            let valueType = element.string("valueType") ?? "NUMBER"
            var type = "integer"
            var negative = false
            switch valueType {
            case "INTEGER_ZERO_OR_POSITIVE": break
            case "INTEGER":
                negative = true
            case "INTEGER_POSITIVE": type = "positive"
            case "INTEGER_NEGATIVE": type = "negative"
            case "NUMBER":
                type = "number"
                negative = true
            case "PERCENTAGE": type = "percentage"
            case "UNIT_INTERVAL": type = "unit_interval"
            case "BOOLEAN": type = "boolean"
            case "TRUE_ONLY": type = "true_only"
            case "TEXT": type = "text"
            case "LONG_TEXT": type = "long_text"
            default:
                note(
                    .skipped, "dataElements", element,
                    Localized(
                        zh: "其值类型 \(valueType) 既不是 Tally 能相加的数，也不是它存的文字",
                        en: "its value type \(valueType) is neither a number Tally can add up nor a text it stores"))
                continue
            }
            var aggregation = "sum"
            // A text is never added up: its aggregation type (DHIS2 gives texts `NONE`) has no meaning in Tally.
            switch type == "text" || type == "long_text" ? "SUM" : element.string("aggregationType") ?? "SUM" {
            case "SUM": break
            case let kind where DHIS2MetadataConverter.exactAggregations.contains(kind): aggregation = kind.lowercased()
            case let other:
                note(
                    .approximated, "dataElements", element,
                    Localized(
                        zh: "汇总方式 \(other) 在 Tally 中没有对应；按相加处理",
                        en: "aggregation \(other) has no Tally equivalent; it is summed"))
            }
            guard let categories = categories(ofCombo: element.reference("categoryCombo"), element) else { continue }
            let code = unique(
                validCode(element.string("code")) ?? derived(element.string("code") ?? element.string("name") ?? id),
                in: &usedCodes)
            elementCode[id] = code
            if type == "text" || type == "long_text" { textElements.insert(id) }
            elementCombo[id] = categories.isEmpty ? "" : element.reference("categoryCombo") ?? ""
            mapping.append(("element", id, code))
            if let c = element.string("code") { mapping.append(("element", c, code)) }
            section += "  \(code):\n    name: \(Escape.yaml(element.string("name") ?? code))\n"
            if type != "integer" { section += "    type: \(type)\n" }
            if aggregation != "sum" { section += "    aggregation: \(aggregation)\n" }
            if !categories.isEmpty {
                section += "    categories: [\(categories.map { categoryCode[$0]! }.joined(separator: ", "))]\n"
            }
            if negative { section += "    negative: true\n" }
        }
        counts["elements"] = elementCode.count
        if !section.isEmpty { yaml += "elements:\n" + section }
    }

    // MARK: Category option combos

    mutating func convertCombos() {
        for coc in document["categoryOptionCombos"]?.items ?? [] {
            guard let id = coc.string("id") else { continue }
            let combo = coc.reference("categoryCombo") ?? ""
            if coc.string("name") == "default" || defaultCombos.contains(combo) {
                cocOptions[id] = []
                cocCombo[id] = combo
                mapping.append(("combo", id, "default"))
                continue
            }
            guard let categories = comboCategories[combo] else {
                note(
                    .skipped, "categoryOptionCombos", coc,
                    Localized(
                        zh: "其分类组合 \(combo) 未转换", en: "its category combo \(combo) is not converted"))
                continue
            }
            let optionIDs = (coc["categoryOptions"]?.items ?? []).compactMap { $0.string("id") }
            var codes: [String] = []
            for category in categories {
                guard let option = optionIDs.first(where: { (categoryOptions[category] ?? []).contains($0) }),
                    let code = optionCode[option]
                else { break }
                codes.append(code)
            }
            guard codes.count == categories.count, !codes.isEmpty else {
                note(
                    .skipped, "categoryOptionCombos", coc,
                    Localized(
                        zh: "其选项没有为每个分类各指定一个选项",
                        en: "its options do not name one option of each category"))
                continue
            }
            cocOptions[id] = codes
            cocCombo[id] = combo
            mapping.append(("combo", id, codes.joined(separator: "_")))
            if let c = coc.string("code") { mapping.append(("combo", c, codes.joined(separator: "_"))) }
        }
    }

    // MARK: Expressions

    /// DHIS2's indicator and validation-rule syntax in Tally's, or why not.
    mutating func translate(_ expression: String) -> Result<String, ExpressionProblem> {
        let chars = Array(expression)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || "+-*/()".contains(c) || c.isNumber || c == "." {
                out.append(c)
                i += 1
                continue
            }
            if chars[i...].starts(with: "d2:") {
                return .failure(
                    .init(
                        each: "函数 d2:\(String(chars[(i + 3)...].prefix { $0.isLetter }))",
                        "the function d2:\(String(chars[(i + 3)...].prefix { $0.isLetter }))"))
            }
            // A {…} item: #{…}, C{…}, I{…}, D{…}, A{…}, R{…}, OUG{…}, N{…}.
            var j = i
            while j < chars.count, chars[j].isLetter || chars[j] == "#" { j += 1 }
            let prefix = String(chars[i..<j])
            if j < chars.count, chars[j] == "{", let close = chars[j...].firstIndex(of: "}") {
                let inner = String(chars[(j + 1)..<close])
                switch prefix {
                case "#":
                    switch reference(inner) {
                    case .success(let text): out += text
                    case .failure(let problem): return .failure(problem)
                    }
                case "C":
                    guard let value = constants[inner] else {
                        return .failure(
                            .init(each: "常量 C{\(inner)}，它不在文件中", "the constant C{\(inner)} is not in the file"))
                    }
                    out += value < 0 ? "(\(value))" : NumberText.exact(value)
                case "I":
                    return .failure(
                        .init(each: "项目指标 I{\(inner)}（追踪数据）", "program indicator I{\(inner)} (tracker data)"))
                case "D", "A":
                    return .failure(
                        .init(each: "项目数据 \(prefix){\(inner)}（追踪数据）", "program data \(prefix){\(inner)} (tracker data)")
                    )
                case "R": return .failure(.init(each: "报告率 R{\(inner)}", "reporting rate R{\(inner)}"))
                case "OUG": return .failure(.init(each: "组织单位组计数 OUG{\(inner)}", "org unit group count OUG{\(inner)}"))
                case "N": return .failure(.init(each: "指标引用 N{\(inner)}", "indicator reference N{\(inner)}"))
                default:
                    return .failure(
                        .init(
                            each: "“\(prefix){\(inner)}”，Tally 不认识它",
                            "'\(prefix){\(inner)}' is not something Tally knows"))
                }
                i = close + 1
                continue
            }
            if prefix.hasPrefix("#") {
                return .failure(
                    .init(
                        each: "“\(String(chars[i...].prefix(14)))”，它不是引用（DHIS2 写作 #{uid}）",
                        "'\(String(chars[i...].prefix(14)))', which is not a reference (DHIS2 writes #{uid})"))
            }
            if !prefix.isEmpty && prefix != "#" {
                return .failure(.init(each: "函数或关键字“\(prefix)”", "the function or keyword '\(prefix)'"))
            }
            return .failure(
                .init(
                    each: "“\(String(chars[i...].prefix(12)))”，它不是 Tally 能读的 DHIS2 表达式语法",
                    "'\(String(chars[i...].prefix(12)))' is not DHIS2 expression syntax Tally reads"))
        }
        do {
            _ = try Expression(parsing: out)
        } catch {
            return .failure(
                .init(
                    reason: Localized(
                        zh: "译文“\(out)”，它不是 Tally 的表达式：\(error.message(.zh))",
                        en: "the translation '\(out)' is not a Tally expression: \(error.message(.en))")))
        }
        return .success(out)
    }

    /// What an expression uses that Tally cannot translate, in every language.
    struct ExpressionProblem: Error {
        var reason: Localized<String>
        init(reason: Localized<String>) { self.reason = reason }
        init(each zh: String, _ en: String) { self.reason = Localized(zh: zh, en: en) }
    }

    mutating func reference(_ inner: String) -> Result<String, ExpressionProblem> {
        let parts = inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let code = elementCode[parts[0]] else {
            return .failure(
                .init(
                    each: "#{\(inner)}，它引用的数据元素 \(parts[0]) 未转换",
                    "#{\(inner)} refers to the data element \(parts[0]), which is not converted"))
        }
        guard !textElements.contains(parts[0]) else {
            return .failure(
                .init(
                    each: "#{\(inner)}，它引用的文字数据元素 \(code) 从不相加",
                    "#{\(inner)} refers to the text element \(code), which is never added up"))
        }
        var text = "#{\(code)"
        if parts.count > 1, parts[1] != "*" {
            let coc = parts[1]
            if let options = cocOptions[coc] {
                guard options.isEmpty || cocCombo[coc] == elementCombo[parts[0]] else {
                    return .failure(
                        .init(
                            each: "#{\(inner)}，其组合 \(coc) 不属于该数据元素",
                            "#{\(inner)}: the combo \(coc) is not one of the element's"))
                }
                // Tally writes the options of a combo joined with '_': #{births.male_lt1}.
                if !options.isEmpty { text += "." + options.joined(separator: "_") }
            } else if elementCombo[parts[0]] == "" {
                // The only combo of an element without categories is DHIS2's default.
                inferredDefault.insert(coc)
            } else {
                return .failure(
                    .init(
                        each: "#{\(inner)}，其分类选项组合 \(coc) 不在文件中",
                        "#{\(inner)}: the category option combo \(coc) is not in the file"))
            }
        }
        if parts.count > 2, parts[2] != "*" {
            let aoc = parts[2]
            if let options = cocOptions[aoc], !options.isEmpty {
                // An attribute option combo of the element's data set: its options follow the element's own.
                guard attributeCombos.contains(cocCombo[aoc] ?? ""),
                    comboCategories[cocCombo[aoc] ?? ""] == elementAttributes[parts[0]]
                else {
                    return .failure(
                        .init(
                            each: "#{\(inner)}，\(aoc) 不是该数据元素所在数据集的属性选项组合",
                            "#{\(inner)}: \(aoc) is not an attribute option combo of the element's data set"))
                }
                let own = text.contains(".") ? "_" : "."
                text += own + options.joined(separator: "_")
            } else if cocOptions[aoc] != [] && !inferredDefault.contains(aoc) {
                return .failure(
                    .init(
                        each: "#{\(inner)}，其属性选项组合 \(aoc) 不在文件中",
                        "#{\(inner)}: the attribute option combo \(aoc) is not in the file"))
            }
        }
        return .success(text + "}")
    }

    // MARK: Indicators

    mutating func convertIndicators(_ counts: inout [String: Int]) {
        let types = Dictionary(
            (document["indicatorTypes"]?.items ?? []).compactMap { t in t.string("id").map { ($0, t) } },
            uniquingKeysWith: { a, _ in a })
        var section = ""
        var count = 0
        for indicator in document["indicators"]?.items ?? [] {
            guard let numeratorText = indicator.string("numerator"),
                let denominatorText = indicator.string("denominator")
            else {
                note(
                    .skipped, "indicators", indicator,
                    Localized(zh: "它没有分子或分母", en: "it has no numerator or denominator"))
                continue
            }
            let numerator = translate(numeratorText)
            let denominator = translate(denominatorText)
            if case .failure(let problem) = numerator {
                note(
                    .skipped, "indicators", indicator,
                    Localized(
                        zh: "其分子使用了\(problem.reason.zh)", en: "its numerator uses \(problem.reason.en)"))
                continue
            }
            if case .failure(let problem) = denominator {
                note(
                    .skipped, "indicators", indicator,
                    Localized(
                        zh: "其分母使用了\(problem.reason.zh)", en: "its denominator uses \(problem.reason.en)"))
                continue
            }
            var factor = 1.0
            if let typeID = indicator.reference("indicatorType") {
                if let type = types[typeID], let f = type.number("factor") {
                    factor = f
                } else {
                    note(
                        .approximated, "indicators", indicator,
                        Localized(
                            zh: "其指标类型 \(typeID) 不在文件中；系数取 1",
                            en: "its indicator type \(typeID) is not in the file; factor 1"))
                }
            }
            let id = indicator.string("id") ?? ""
            let code = unique(
                validCode(indicator.string("code"))
                    ?? derived(indicator.string("code") ?? indicator.string("name") ?? id),
                in: &usedCodes)
            count += 1
            section += "  \(code):\n    name: \(Escape.yaml(indicator.string("name") ?? code))\n"
            section +=
                "    numerator: \(Escape.yaml(try! numerator.get()))\n    denominator: \(Escape.yaml(try! denominator.get()))\n"
            if factor != 1 { section += "    factor: \(NumberText.exact(factor))\n" }
            if factor == 100 { section += "    unit: \"%\"\n" }
            if factor == 1000 { section += "    unit: \"‰\"\n" }
            if let decimals = indicator.number("decimals") {
                if decimals >= 0, decimals <= 10, decimals == decimals.rounded() {
                    section += "    decimals: \(Int(decimals))\n"
                } else {
                    note(
                        .approximated, "indicators", indicator,
                        Localized(
                            zh: "其小数位数 \(NumberText.exact(decimals)) 不在 0 到 10 之间；按 Tally 的默认显示",
                            en: "its decimals \(NumberText.exact(decimals)) are not 0 to 10; Tally shows its default"))
                }
            }
            if indicator.bool("annualized") == true { section += "    annualized: true\n" }
        }
        counts["indicators"] = count
        if !section.isEmpty { yaml += "indicators:\n" + section }
    }

    // MARK: Data sets

    mutating func convertDataSets(_ counts: inout [String: Int]) {
        var used: Set<String> = []
        var section = ""
        var count = 0
        for dataSet in document["dataSets"]?.items ?? [] {
            let periodName = dataSet.string("periodType") ?? ""
            guard let type = PeriodType.named(periodName) else {
                note(
                    .skipped, "dataSets", dataSet,
                    Localized(
                        zh: "其期间类型 \(periodName) 不是 Tally 具有的类型",
                        en: "its period type \(periodName) is not one Tally has"))
                continue
            }
            let plan = dataSetPlans[dataSet.string("id") ?? ""] ?? DataSetPlan(attributes: [], elements: [])
            let ids = plan.elements
            let codes = ids.compactMap { elementCode[$0] }
            let missing = ids.filter { elementCode[$0] == nil }
            guard !codes.isEmpty else {
                note(
                    .skipped, "dataSets", dataSet,
                    Localized(zh: "其数据元素都未转换", en: "none of its data elements is converted"))
                continue
            }
            if !missing.isEmpty {
                note(
                    .approximated, "dataSets", dataSet,
                    Localized(
                        zh: "其中\(missing.count)个数据元素未转换：\(missing.joined(separator: "、"))",
                        en:
                            "\(missing.count) of its data elements are not converted: \(missing.joined(separator: ", "))"
                    ))
            }
            let assignment = assignment(of: dataSet)
            let id = dataSet.string("id") ?? ""
            let code = unique(
                validCode(dataSet.string("code")) ?? derived(dataSet.string("code") ?? dataSet.string("name") ?? id),
                in: &used)
            mapping.append(("dataset", id, code))
            if let c = dataSet.string("code") { mapping.append(("dataset", c, code)) }
            count += 1
            section +=
                "  \(code):\n    name: \(Escape.yaml(dataSet.string("name") ?? code))\n    period: \(type.rawValue)\n"
            section += assignment
            if let days = dataSet.number("timelyDays"), days > 0, days <= 3660 {
                section += "    due_days: \(Int(days))\n"
            }
            var seen: Set<String> = []
            section += "    elements: [\(codes.filter { seen.insert($0).inserted }.joined(separator: ", "))]\n"
            if !plan.attributes.isEmpty {
                section +=
                    "    attributes: [\(plan.attributes.compactMap { categoryCode[$0] }.joined(separator: ", "))]\n"
            }
        }
        counts["datasets"] = count
        if !section.isEmpty { yaml += "datasets:\n" + section }
    }

    /// Each data set's attribute categories (its `categoryCombo` when that is an attribute combo) and the elements
    /// it keeps: an element's values carry one set of attribute categories, so an element already in an earlier data
    /// set with other attribute categories is left out of a later one, with a note. Made before the indicators, whose
    /// `#{element.coc.aoc}` names the element's attribute options.
    mutating func planDataSets() {
        var first: [String: String] = [:]  // element uid → the data set that gave its attributes
        for dataSet in document["dataSets"]?.items ?? [] {
            guard let id = dataSet.string("id") else { continue }
            var ids = (dataSet["dataSetElements"]?.items ?? []).compactMap { $0.reference("dataElement") }
            ids += (dataSet["dataElements"]?.items ?? []).compactMap { $0.string("id") }
            var attributes: [String] = []
            if let combo = dataSet.reference("categoryCombo"), attributeCombos.contains(combo) {
                attributes = comboCategories[combo] ?? []
                let own = Set(ids.flatMap { comboCategories[elementCombo[$0] ?? ""] ?? [] })
                if attributes.contains(where: own.contains) {
                    note(
                        .approximated, "dataSets", dataSet,
                        Localized(
                            zh: "其属性分类组合 \(combo) 与其数据元素自身的分类有相同的分类；属性分类被略去，各属性选项的值相加",
                            en:
                                "its attribute category combo \(combo) shares a category with its elements' own categories; its attribute categories are left out, so values of all its attribute options are added together"
                        ))
                    attributes = []
                }
            }
            var kept: [String] = []
            var left: [String] = []
            for element in ids where elementCode[element] != nil {
                if let earlier = elementAttributes[element], earlier != attributes {
                    left.append("\(elementCode[element]!) (in \(first[element] ?? ""))")
                    continue
                }
                elementAttributes[element] = attributes
                first[element] = first[element] ?? (dataSet.string("code") ?? id)
                kept.append(element)
            }
            kept += ids.filter { elementCode[$0] == nil }
            if !left.isEmpty {
                note(
                    .approximated, "dataSets", dataSet,
                    Localized(
                        zh:
                            "其中\(left.count)个数据元素被略去，因为前面的数据集以其他属性分类包含它们（Tally 的一个数据元素的值只带一组属性）：\(left.joined(separator: "、"))",
                        en:
                            "\(left.count) of its data elements are left out because an earlier data set has them with other attribute categories (a Tally element's values carry one set): \(left.joined(separator: ", "))"
                    ))
            }
            dataSetPlans[id] = DataSetPlan(attributes: attributes, elements: kept)
        }
    }

    /// The lines that say who reports a data set, from its `organisationUnits`: `level: N` when they are every
    /// unit of one level, else `orgunits:` with their codes in tree order; none (level 1, the top unit) when none
    /// of them is in the file. Units that are not in the file are left out with a note.
    mutating func assignment(of dataSet: JSONDocument) -> String {
        var assigned: Set<Int> = []
        var absent: [String] = []
        for unit in dataSet["organisationUnits"]?.items ?? [] {
            guard let key = unit.string("id") else { continue }
            if let index = unitIndex[key] {
                assigned.insert(index)
            } else if !absent.contains(key) {
                absent.append(key)
            }
        }
        if !absent.isEmpty {
            note(
                .approximated, "dataSets", dataSet,
                Localized(
                    zh:
                        "其中\(absent.count)个组织单位不在文件中，已略去：\(absent.prefix(5).joined(separator: "、"))\(absent.count > 5 ? "……" : "")",
                    en:
                        "\(absent.count) of its org units are not in the file and are left out: \(absent.prefix(5).joined(separator: ", "))\(absent.count > 5 ? ", …" : "")"
                ))
        }
        guard let tree = units, !assigned.isEmpty else {
            note(
                .approximated, "dataSets", dataSet,
                Localized(
                    zh: "其组织单位都不在文件中；Tally 按第1级（最上级单位）要求报表",
                    en: "none of its org units is in the file; Tally expects reports from level 1, the top unit"))
            return ""
        }
        let levels = Set(assigned.map { tree.level[$0] })
        if levels.count == 1, let level = levels.first, tree.level.count(where: { $0 == level }) == assigned.count {
            return "    level: \(level)\n"
        }
        return "    orgunits:\n"
            + assigned.sorted().map { "      - \(Self.yamlCode(tree.units[$0].code))\n" }.joined()
    }

    /// A code as a YAML scalar: plain when it is letters, digits and `_`, else double-quoted.
    static func yamlCode(_ code: String) -> String {
        let plain =
            !code.isEmpty
            && code.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            }
        return plain ? code : Escape.yaml(code)
    }

    // MARK: Validation rules

    mutating func convertValidationRules(_ counts: inout [String: Int]) {
        let operators = [
            "equal_to": "==", "not_equal_to": "!=", "greater_than": ">", "greater_than_or_equal_to": ">=",
            "less_than": "<", "less_than_or_equal_to": "<=",
        ]
        let strategies = [
            "SKIP_IF_ANY_VALUE_MISSING": "skip_if_any_missing", "SKIP_IF_ALL_VALUES_MISSING": "skip_if_all_missing",
            "NEVER_SKIP": "never_skip",
        ]
        var used: Set<String> = []
        var section = ""
        var count = 0
        for rule in document["validationRules"]?.items ?? [] {
            let operatorName = rule.string("operator") ?? ""
            guard let op = operators[operatorName] else {
                note(
                    .skipped, "validationRules", rule,
                    Localized(
                        zh: "运算符 \(operatorName) 不是 Tally 具有的比较",
                        en: "the operator \(operatorName) is not a comparison Tally has"))
                continue
            }
            guard let leftText = rule["leftSide"]?.string("expression"),
                let rightText = rule["rightSide"]?.string("expression")
            else {
                note(
                    .skipped, "validationRules", rule,
                    Localized(
                        zh: "它没有左边或右边的表达式", en: "it has no left or right side expression"))
                continue
            }
            let left = translate(leftText)
            let right = translate(rightText)
            if case .failure(let problem) = left {
                note(
                    .skipped, "validationRules", rule,
                    Localized(
                        zh: "其左边使用了\(problem.reason.zh)", en: "its left side uses \(problem.reason.en)"))
                continue
            }
            if case .failure(let problem) = right {
                note(
                    .skipped, "validationRules", rule,
                    Localized(
                        zh: "其右边使用了\(problem.reason.zh)", en: "its right side uses \(problem.reason.en)"))
                continue
            }
            let leftMissing = rule["leftSide"]?.string("missingValueStrategy") ?? "SKIP_IF_ANY_VALUE_MISSING"
            let rightMissing = rule["rightSide"]?.string("missingValueStrategy") ?? leftMissing
            if leftMissing != rightMissing {
                note(
                    .approximated, "validationRules", rule,
                    Localized(
                        zh: "其两边对缺失值的跳过方式不同（\(leftMissing)、\(rightMissing)）；Tally 两边都用左边的",
                        en:
                            "its sides skip on missing values differently (\(leftMissing), \(rightMissing)); Tally uses the left side's for both"
                    ))
            }
            let id = rule.string("id") ?? ""
            let code = unique(
                validCode(rule.string("code")) ?? derived(rule.string("code") ?? rule.string("name") ?? id), in: &used)
            count += 1
            section += "  \(code):\n    name: \(Escape.yaml(rule.string("name") ?? code))\n"
            section +=
                "    left: \(Escape.yaml(try! left.get()))\n    operator: \(Escape.yaml(op))\n    right: \(Escape.yaml(try! right.get()))\n"
            section += "    missing: \(strategies[leftMissing] ?? "skip_if_any_missing")\n"
            if let typeName = rule.string("periodType") {
                if let type = PeriodType.named(typeName) {
                    section += "    period: \(type.rawValue)\n"
                } else {
                    note(
                        .approximated, "validationRules", rule,
                        Localized(
                            zh: "其期间类型 \(typeName) 不是 Tally 具有的类型；该规则对每个期间检查",
                            en: "its period type \(typeName) is not one Tally has; the rule is checked for every period"
                        ))
                }
            }
            let levels = (rule["organisationUnitLevels"]?.items ?? []).compactMap { item -> Int? in
                if case .number(let n) = item { return Int(n) }
                return nil
            }
            if levels.count == 1 {
                section += "    level: \(levels[0])\n"
            } else if levels.count > 1 {
                note(
                    .approximated, "validationRules", rule,
                    Localized(
                        zh:
                            "在 DHIS2 中它在第\(levels.map(String.init).joined(separator: "、"))级检查；Tally 的规则在一级或所有级检查，所以在每一级检查",
                        en:
                            "it is checked at the levels \(levels.map(String.init).joined(separator: ", ")) in DHIS2; Tally checks a rule at one level or all, so it is checked at every level"
                    ))
            }
        }
        counts["validation_rules"] = count
        if !section.isEmpty { yaml += "validation_rules:\n" + section }
    }

    // MARK: Codes and text

    /// `code` when it is a valid Tally code (a letter, then letters, digits or `_`, at most 64).
    func validCode(_ code: String?) -> String? {
        guard let code, let first = code.first, first.isASCII, first.isLetter, code.count <= 64,
            code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        return code
    }

    /// A valid code made from any text: runs of other characters become `_`.
    func derived(_ text: String, prefix: String = "x_") -> String {
        var out = ""
        for c in text {
            if c.isASCII && (c.isLetter || c.isNumber) {
                out.append(c)
            } else if !out.isEmpty && out.last != "_" {
                out.append("_")
            }
        }
        while out.last == "_" { out.removeLast() }
        if out.first?.isLetter != true { out = prefix + out }
        if out == prefix { out += "1" }
        return String(out.prefix(60))
    }

    func unique(_ code: String, in used: inout Set<String>, separator: String = "_") -> String {
        var candidate = code
        var k = 2
        while used.contains(candidate) {
            candidate = "\(code)\(separator)\(k)"
            k += 1
        }
        used.insert(candidate)
        return candidate
    }
}
