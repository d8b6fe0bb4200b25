public import TallyCore
public import TallyIO
internal import TallyText

/// The data-value formats Tally reads and writes.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    /// DHIS2's CSV (Tally's native CSV).
    case csv
    /// DHIS2 dataValueSets JSON: `{"dataValues": [{"dataElement": …}]}`.
    case dhis2JSON = "dhis2-json"
    /// DHIS2 data value set XML (DXF2): `<dataValueSet><dataValue dataElement=… /></dataValueSet>`.
    case dxf2XML = "dxf2-xml"
    /// ADX XML (`urn:ihe:qrph:adx:2015`): groups per org unit, period and data set, categories as attributes.
    case adx

    /// The format a file name suggests: `.csv` (or `.txt`), `.json`, `.xml` or `.adx`, also compressed
    /// (`.json.gz`, `.csv.zip`); `nil` for anything else. An XML file is read by its root element
    /// (`<dataValueSet>` or `<adx>`) whichever XML format is named.
    public static func guess(path: String) -> InterchangeFormat? {
        var lower = path.lowercased()
        for suffix in [".gz", ".gzip", ".zip"] where lower.hasSuffix(suffix) { lower.removeLast(suffix.count) }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") { return .csv }
        if lower.hasSuffix(".json") { return .dhis2JSON }
        if lower.hasSuffix(".adx") || lower.hasSuffix(".adx.xml") { return .adx }
        if lower.hasSuffix(".xml") { return .dxf2XML }
        return nil
    }

    /// Whether the format is XML, read by its root element.
    var isXML: Bool { self == .adx || self == .dxf2XML }

    /// Every format Tally reads and writes, as named on the command line (Excel workbooks too), for messages.
    public static let names = "csv, dhis2-json, dxf2-xml, adx, xlsx"
}

/// What the JSON and ADX readers need besides the file: the metadata (ADX categories, data sets) and the
/// identifier mapping.
public struct InterchangeContext: Sendable {
    /// The metadata.
    public var metadata: Metadata
    /// The identifier mapping (empty: identifiers are Tally codes).
    public var mapping: IdentifierMapping

    /// A context.
    public init(metadata: Metadata, mapping: IdentifierMapping? = nil) {
        self.metadata = metadata
        self.mapping = mapping ?? IdentifierMapping()
    }

    /// A complete registration read from a file, its data set, org unit and attribute option combo mapped to Tally
    /// codes (an org unit or period not given is empty, for the workspace to refuse at `line`; the default attribute
    /// option combo, or none, is empty: the report as a whole).
    func registration(
        dataSet: String, orgUnit: String?, period: String?, date: String, storedBy: String? = nil,
        attributeCombo: String? = nil, completed: Bool = true, line: Int, field: String
    ) -> CompleteRegistration {
        let attribute = attributeCombo.map { mapping.toTally(.attributeCombo, $0) } ?? ""
        return CompleteRegistration(
            dataSet: mapping.toTally(.dataSet, dataSet), orgUnit: orgUnit.map { mapping.toTally(.orgUnit, $0) } ?? "",
            period: period ?? "", date: date, storedBy: storedBy,
            attributeCombo: IdentifierMapping.isDefaultCombo(attribute) ? "" : attribute, completed: completed,
            line: line, field: field)
    }

    /// The attribute option combo of a data set (by its identifier in the file) named by its attribute categories
    /// and their options (an ADX group's attributes, a JSON set's `attributeOptionCombo` object), as ``combo(element:
    /// categories:attributes:onlyAttributes:file:line:kind:)`` reads them for the data set's elements; nil when the
    /// data set is unknown (refused elsewhere), has no elements, or `attributes` is empty.
    func attributeCombo(
        dataSet id: String, attributes: [(String, String)], file: String, line: Int, kind: ImportIssue.FieldKind
    ) throws(ImportIssue) -> String? {
        let code = mapping.toTally(.dataSet, id)
        guard !attributes.isEmpty, let dataSet = metadata.datasets.first(where: { $0.code == code }),
            let element = dataSet.elements.lazy.compactMap({ self.metadata.element($0) }).first
        else { return nil }
        return try combo(
            of: element, categories: [], attributes: attributes, onlyAttributes: true, file: file, line: line,
            kind: kind
        ).attribute
    }

    /// The issue for a `dataSet` identifier that is neither a data set nor mapped to one; `nil` when it is fine.
    func dataSetProblem(
        _ id: String, file: String, line: Int, name: String, kind: ImportIssue.FieldKind
    )
        -> ImportIssue?
    {
        if let scheme = mapping.scheme(.dataSet), mapping.tally(.dataSet, id) == nil {
            // Read in an identifier scheme, nothing passes through: a code is not a name.
            return ImportIssue(
                .unknownDataSet, file: file, line: line, column: name,
                detail: Localized(
                    zh: "按 \(scheme.zh)，“\(id)”不是任何报表的标识", en: "by \(scheme.en), '\(id)' identifies no data set"),
                fieldKind: kind)
        }
        let code = mapping.toTally(.dataSet, id)
        guard !metadata.datasets.contains(where: { $0.code == code }) else { return nil }
        let expected = metadata.datasets.map(\.code).joined(separator: ", ")
        let expectedZh = metadata.datasets.map(\.code).joined(separator: "、")
        if mapping.tally(.dataSet, id) != nil {
            return ImportIssue(
                .unknownDataSet, file: file, line: line, column: name,
                detail:
                    Localized(
                        zh: "“\(id)”在 \(mapping.file) 中映射为“\(code)”，但那不是报表；应为以下之一：\(expectedZh)",
                        en:
                            "'\(id)' is mapped to '\(code)' in \(mapping.file), but that is not a data set; expected one of: \(expected)"
                    ),
                fieldKind: kind)
        }
        let noFile = mapping.isEmpty || !mapping.isFile
        let inMapping =
            noFile
            ? .empty
            : Localized(
                zh: "，也不在映射文件 \(mapping.file) 中（类别 dataset）",
                en: " nor in the mapping file \(mapping.file) (kind dataset)")
        return ImportIssue(
            noFile ? .unknownDataSet : .unmappedIdentifier, file: file, line: line, column: name,
            detail: Localized(
                zh: "“\(id)”不是报表\(inMapping.zh)；应为以下之一：\(expectedZh)",
                en: "'\(id)' is not a data set\(inMapping.en); expected one of: \(expected)"), fieldKind: kind)
    }
}

extension InterchangeContext {
    /// DHIS2's two combo identifiers of an element's categories given as category → option pairs (ADX's
    /// attributes, a JSON `categoryOptionCombo` object): each category through the mapping (kind `category`), each
    /// option through it (kind `option`), joined in the order of the element's categories. `categories` are the
    /// value's (its own categories, and its data set's attribute categories if it names them); `attributes` are
    /// attribute categories given apart from the value (an ADX group's attributes, a JSON `attributeOptionCombo`
    /// object), and must be the element's data set's. The attribute option combo is `nil` when neither names an
    /// attribute category (the row's `attributeOptionCombo` field says it, or the default).
    func combo(
        element id: String?, categories pairs: [(String, String)], attributes: [(String, String)] = [],
        onlyAttributes: Bool = false, file: String, line: Int, kind: ImportIssue.FieldKind
    ) throws(ImportIssue) -> (category: String, attribute: String?) {
        func issue(_ code: ImportIssue.Code, _ name: String, _ detail: Localized<String>) -> ImportIssue {
            ImportIssue(code, file: file, line: line, column: name, detail: detail, fieldKind: kind)
        }
        guard let id, let element = metadata.element(mapping.toTally(.element, id)) else {
            // The importer reports the unknown element.
            return ("", nil)
        }
        return try combo(
            of: element, categories: pairs, attributes: attributes, onlyAttributes: onlyAttributes, file: file,
            line: line, kind: kind)
    }

    /// ``combo(element:categories:attributes:onlyAttributes:file:line:kind:)`` for a known element.
    private func combo(
        of element: DataElement, categories pairs: [(String, String)], attributes: [(String, String)],
        onlyAttributes: Bool, file: String, line: Int, kind: ImportIssue.FieldKind
    ) throws(ImportIssue) -> (category: String, attribute: String?) {
        func issue(_ code: ImportIssue.Code, _ name: String, _ detail: Localized<String>) -> ImportIssue {
            ImportIssue(code, file: file, line: line, column: name, detail: detail, fieldKind: kind)
        }
        func names<C: Collection<String>>(_ categories: C) -> String {
            categories.map { mapping.dhis2(.category, $0) ?? $0 }.joined(separator: ", ")
        }
        // Each attribute names a category (through the mapping, kind category): one of the element's, and for
        // `attributes` one of its data set's.
        var byCategory: [String: (name: String, value: String)] = [:]
        func add<C: Collection<String>>(
            _ given: [(String, String)], within allowed: C,
            _ refusal: (_ name: String, _ expected: String) -> (ImportIssue.Code, Localized<String>)
        ) throws(ImportIssue) {
            for (name, value) in given {
                guard let category = try code(.category, name, issue), allowed.contains(category),
                    byCategory[category] == nil
                else {
                    let (code, detail) = refusal(name, names(allowed))
                    throw issue(code, name, detail)
                }
                byCategory[category] = (name, value)
            }
        }
        try add(pairs, within: element.categories) { name, expected in
            (
                .unknownKey,
                expected.isEmpty
                    ? Localized(
                        zh: "“\(name)”不是“\(element.code)”的分类；它没有分类",
                        en: "'\(name)' is not a category of '\(element.code)'; it has no categories")
                    : Localized(
                        zh: "“\(name)”不是“\(element.code)”的分类；应为：\(expected)",
                        en: "'\(name)' is not a category of '\(element.code)'; expected: \(expected)")
            )
        }
        try add(attributes, within: element.attributeCategories) { name, expected in
            (
                .attributeCombo,
                expected.isEmpty
                    ? Localized(
                        zh: "“\(name)”是属性分类，但“\(element.code)”所在的报表没有属性分类；请去掉它",
                        en:
                            "'\(name)' is an attribute category, but the data set of '\(element.code)' has none, so leave it out"
                    )
                    : Localized(
                        zh: "“\(name)”不是“\(element.code)”所在报表的属性分类；应为：\(expected)",
                        en:
                            "'\(name)' is not an attribute category of the data set of '\(element.code)'; expected: \(expected)"
                    )
            )
        }
        let attributed = element.attributeCategories.contains { byCategory[$0] != nil }
        let category =
            onlyAttributes ? "" : try options(of: element, element.disaggregationCategories, byCategory, kind, issue)
        guard attributed else { return (scheme(category), nil) }
        let attribute = try options(of: element, element.attributeCategories, byCategory, kind, issue)
        return (scheme(category), scheme(attribute, .attributeCombo))
    }

    /// The Tally code of a category (an attribute's name) or option (its value, refused at the attribute `field`):
    /// through the identifier scheme of its kind when it has one (`--category-id-scheme name`), where nothing
    /// passes through (`nil`: it identifies none) and a name several share is refused; else through the mapping
    /// file's rows, an identifier without a row passing through.
    ///
    /// - Throws: an issue (`ambiguousIdentifier`) at the attribute for an identifier several objects share.
    func code(
        _ kind: IdentifierMapping.Kind, _ identifier: String, at field: String? = nil,
        _ issue: (ImportIssue.Code, String, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> String? {
        guard let scheme = mapping.scheme(kind) else { return mapping.toTally(kind, identifier) }
        let key = Canonical.canonicalOrNil(identifier, as: .name) ?? identifier
        if let codes = mapping.sharing(kind, key) {
            let what =
                kind == .category
                ? Localized(zh: "分类", en: "categories") : Localized(zh: "分类选项", en: "category options")
            throw issue(
                .ambiguousIdentifier, field ?? identifier,
                Localized(
                    zh:
                        "按 \(scheme.zh)，“\(identifier)”同时是\(codes.count)个\(what.zh)的标识：\(codes.joined(separator: "、"))；请改用代码",
                    en:
                        "by \(scheme.en), '\(identifier)' identifies \(codes.count) of the \(what.en): \(codes.joined(separator: ", ")); use the code"
                ))
        }
        return mapping.tally(kind, key)
    }

    /// The row's combo field is read in the file's identifier scheme for combos, when it has one (`--id-scheme
    /// name`): a combo built from the categories is handed on as its identifier there, which the importer reads
    /// back as this code (the scheme's table pairs each identifier with one code).
    private func scheme(_ code: String, _ kind: IdentifierMapping.Kind = .combo) -> String {
        guard mapping.scheme(kind) != nil else { return code }
        return mapping.dhis2(kind, code) ?? code
    }

    /// The options of `categories` named in `byCategory`, joined by `_`.
    private func options<C: Collection<String>>(
        of element: DataElement, _ categories: C, _ byCategory: [String: (name: String, value: String)],
        _ kind: ImportIssue.FieldKind, _ issue: (ImportIssue.Code, String, Localized<String>) -> ImportIssue
    ) throws(ImportIssue) -> String {
        var options: [String] = []
        for categoryCode in categories {
            guard let category = metadata.category(categoryCode) else { continue }
            let attributeName = mapping.dhis2(.category, categoryCode) ?? categoryCode
            let known = category.options.map(\.code)
            // The options as the file names them: in the option scheme when there is one.
            let expected = mapping.scheme(.option) == nil ? known : known.map { mapping.dhis2(.option, $0) ?? $0 }
            guard let (name, optionID) = byCategory[categoryCode] else {
                throw issue(
                    .unknownCombo, attributeName,
                    Localized(
                        zh:
                            "“\(element.code)”按 \(categoryCode) 分类，但该数据值没有 \(attributeName) \(kind.names.zh)；应为以下之一：\(expected.joined(separator: "、"))",
                        en:
                            "'\(element.code)' is disaggregated by \(categoryCode), but the data value has no \(attributeName) \(kind.rawValue); expected one of: \(expected.joined(separator: ", "))"
                    )
                )
            }
            guard let option = try code(.option, optionID, at: name, issue), known.contains(option) else {
                let option = mapping.scheme(.option) == nil ? mapping.toTally(.option, optionID) : optionID
                let mapped =
                    option == optionID
                    ? .empty : Localized(zh: "（映射为“\(option)”）", en: " (mapped to '\(option)')")
                let code: ImportIssue.Code =
                    mapping.isEmpty || !mapping.isFile || option != optionID || mapping.scheme(.option) != nil
                    ? .unknownCombo : .unmappedIdentifier
                let inMapping =
                    code == .unmappedIdentifier
                    ? Localized(
                        zh: "，也不在映射文件 \(mapping.file) 中（类别 option）",
                        en: " nor in the mapping file \(mapping.file) (kind option)")
                    : .empty
                throw issue(
                    element.attributeCategories.contains(categoryCode) ? .attributeCombo : code, name,
                    Localized(
                        zh:
                            "“\(optionID)”\(mapped.zh)不是 \(categoryCode) 的选项\(inMapping.zh)；应为以下之一：\(expected.joined(separator: "、"))",
                        en:
                            "'\(optionID)'\(mapped.en) is not an option of \(categoryCode)\(inMapping.en); expected one of: \(expected.joined(separator: ", "))"
                    )
                )
            }
            options.append(option)
        }
        return options.joined(separator: "_")
    }
}

/// Opens `path` as a row source of `format`.
///
/// The file may be gzip-compressed or a zip archive of one file (`.json.gz`, `.csv.zip`, as DHIS2 exports them),
/// told by its first bytes and inflated as it is read, within `limits`. Without a format it follows from the
/// file's name (the zip entry's name for a zip); an XML file is read by its root element, `<dataValueSet>` or
/// `<adx>`.
///
/// - Throws: ``ImportError`` when the file cannot be opened or its format told.
public func makeRowSource(
    path: String, format: InterchangeFormat?, encoding: TextEncoding = .utf8, context: InterchangeContext,
    limits: DecompressionLimits = DecompressionLimits()
) throws -> any DataValueRowSource {
    func refusal(_ detail: Localized<String>, code: ImportIssue.Code = .unreadable) -> ImportError {
        ImportError(file: path, issues: [ImportIssue(code, file: path, line: 0, column: nil, detail: detail)], total: 1)
    }
    do {
        let file = try DataFile(path: path, limits: limits)
        guard var chosen = format ?? InterchangeFormat.guess(path: file.innerName) else {
            throw refusal(
                Localized(
                    zh: "无法从文件名 \(file.innerName) 判断格式；请用 --format 指明（\(InterchangeFormat.names)）",
                    en:
                        "cannot tell the format from the file name \(file.innerName); name it with --format (\(InterchangeFormat.names))"
                )
            )
        }
        if chosen.isXML, let root = xmlRoot(file, encoding: encoding) {
            if root == "dataValueSet" { chosen = .dxf2XML }
            if root == "adx" { chosen = .adx }
        }
        switch chosen {
        case .csv:
            if file.compression == .none { return try CSVRowSource(path: path, encoding: encoding) }
            return CSVRowSource(input: try file.input(encoding: encoding))
        case .dhis2JSON:
            if isRegistrationsFile(file, encoding: encoding) {
                return CompleteRegistrationsReader(input: try file.input(encoding: encoding), context: context)
            }
            return DataValueSetReader(input: try file.input(encoding: encoding), context: context)
        case .dxf2XML:
            return DataValueSetXMLReader(input: try file.input(encoding: encoding), context: context)
        case .adx:
            return ADXReader(input: try file.input(encoding: encoding), context: context)
        }
    } catch let issue as ImportIssue {
        throw ImportError(file: path, issues: [issue], total: 1)
    } catch let error as TextInputError {
        throw refusal(error.reasons, code: error.code == .notInEncoding ? .encoding : .unreadable)
    }
}

/// The local name of the root element of an XML data file; `nil` when the start of the file does not show it
/// (the reader then reports what is wrong).
func xmlRoot(_ file: DataFile, encoding: TextEncoding) -> String? {
    guard let input = try? file.input(encoding: encoding) else { return nil }
    let xml = XMLTokenizer(input: input, maxText: 1 << 16)
    guard case .start(let name, _, _)? = try? xml.next() else { return nil }
    return XMLTokenizer.localName(name)
}

/// The identifier schemes a data value set names for itself (DHIS2's `idScheme`, `dataElementIdScheme`,
/// `orgUnitIdScheme`, `categoryOptionComboIdScheme`, `dataSetIdScheme`; ``IdentifierSchemes/fileKeys``): a JSON set's
/// keys before its `dataValues` (its reader refuses one after them), a DXF2 XML set's or an ADX root's attributes.
/// None for CSV, or when the start of the file cannot be read (its reader then says what is wrong). Read before the
/// import, as ``xmlRoot(_:encoding:)`` reads the root, so that the schemes are known before the first value.
public func identifierSchemeKeys(
    path: String, format: InterchangeFormat?, encoding: TextEncoding = .utf8,
    limits: DecompressionLimits = DecompressionLimits()
) -> [(key: String, value: String)] {
    guard let file = try? DataFile(path: path, limits: limits),
        var chosen = format ?? InterchangeFormat.guess(path: file.innerName),
        let input = try? file.input(encoding: encoding)
    else { return [] }
    if chosen.isXML, let root = xmlRoot(file, encoding: encoding) {
        if root == "dataValueSet" { chosen = .dxf2XML }
        if root == "adx" { chosen = .adx }
    }
    let names = Set(IdentifierSchemes.fileKeys.map(\.key))
    var keys: [(key: String, value: String)] = []
    switch chosen {
    case .dhis2JSON:
        let tokens = JSONTokenizer(input: input, maxString: 1 << 16)
        guard case .beginObject? = try? tokens.next() else { return [] }
        while case .key(let key)? = try? tokens.next(), key != "dataValues", let value = try? tokens.next() {
            if names.contains(key), case .string(let text) = value {
                keys.append((key, text))
            } else if (try? tokens.skip(after: value)) == nil {
                break
            }
        }
    case .dxf2XML, .adx:
        let xml = XMLTokenizer(input: input, maxText: 1 << 16)
        guard case .start(_, let attributes, _)? = try? xml.next() else { return [] }
        keys = attributes.filter { names.contains($0.name) }.map { ($0.name, $0.value) }
    case .csv:
        break
    }
    return keys
}
